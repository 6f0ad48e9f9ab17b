"""Outbox leases, unrouted leads waiting for a commande, decision log, fake CRM controls."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from hub.db import iso, transaction, utcnow
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from routing import claims
from routing.worker import run_until_idle
from tests.integration.test_routing_support import (
    add_lead,
    fake_crm,
    fast_policy,
    point_buyers,
    received,
    rows,
    script,
)

pytestmark = pytest.mark.integration


def test_a_live_lease_is_respected_and_an_expired_one_is_taken_over(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    add_lead(hub_con)
    now = utcnow()
    first = claims.claim(hub_con, "dead-worker", now, 60, 10)
    assert [j.kind for j in first] == ["route"]
    assert claims.claim(hub_con, "other", now + timedelta(seconds=59), 60, 10) == []
    taken = claims.claim(hub_con, "other", now + timedelta(seconds=61), 60, 10)
    assert [(j.id, j.attempts) for j in taken] == [(first[0].id, 2)]
    # The first worker lost it: it can no longer complete or reschedule it.
    with transaction(hub_con):
        assert not claims.complete(hub_con, first[0], "dead-worker", now)
        assert not claims.reschedule(hub_con, first[0], "dead-worker", now, "x")
        assert claims.complete(hub_con, taken[0], "other", now)


def test_a_killed_workers_claim_is_processed_after_its_lease(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        lead_id = add_lead(hub_con)
        with transaction(hub_con):  # claimed two minutes ago by a worker that died
            hub_con.execute(
                "UPDATE outbox SET claimed_by = 'ghost', lease_until = ?",
                (iso(utcnow() - timedelta(seconds=1)),),
            )
        run_until_idle(settings, policy=fast_policy())
        assert len(received(crm)["leads"]) == 1
    assert rows(hub_con, "SELECT status FROM leads WHERE id = ?", lead_id) == [{"status": "sold"}]


def test_unrouted_lead_waits_and_is_routed_when_a_commande_opens(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        lead_id = add_lead(hub_con, product="PAC", postal_code="13001", departement="13")
        assert run_until_idle(settings, policy=fast_policy()) == {"route:unrouted": 1}
        decisions = rows(
            hub_con,
            "SELECT commande_id, outcome, reason FROM routing_decisions"
            " WHERE lead_id = ? ORDER BY id",
            lead_id,
        )
        assert {
            "commande_id": "cmd_soleil_pac",
            "outcome": "skipped",
            "reason": "département 13 not in [75,77,78,91,92,93,94,95]",
        } in decisions
        assert {
            "commande_id": "cmd_soleil_pv",
            "outcome": "skipped",
            "reason": "product PV ≠ PAC",
        } in decisions
        assert decisions[-1] == {
            "commande_id": None,
            "outcome": "unrouted",
            "reason": "no eligible commande",
        }
        job = rows(hub_con, "SELECT available_at, claimed_by, done_at FROM outbox")[0]
        wait = job["available_at"] > iso(utcnow() + timedelta(seconds=55))
        assert wait and job["claimed_by"] is None and job["done_at"] is None

        # A minute later, nothing changed: the same verdicts are not logged again.
        with transaction(hub_con):
            hub_con.execute("UPDATE outbox SET available_at = ?", (iso(utcnow()),))
        run_until_idle(settings, policy=fast_policy())
        count = hub_con.execute("SELECT count(*) FROM routing_decisions").fetchone()[0]
        assert count == len(decisions)

        # A commande opens for the south: the lead goes there on the next pass.
        with transaction(hub_con):
            hub_con.execute(
                "INSERT INTO commandes (id, buyer_id, name, product_code, departements,"
                " daily_cap, price_cents, priority, created_at) VALUES ('cmd_eco_pac',"
                " 'buy_eco_crm', 'PAC Sud', 'PAC', '[\"13\"]', 5, 4000, 50, ?)",
                (iso(utcnow()),),
            )
            hub_con.execute("UPDATE outbox SET available_at = ?", (iso(utcnow()),))
        stats = run_until_idle(settings, policy=fast_policy())
        assert stats == {"route:routed": 1, "deliver:delivered": 1}
        assert received(crm)["leads"][0]["body"]["price_eur"] == 40.0
    assert rows(hub_con, "SELECT status FROM leads") == [{"status": "sold"}]


def test_only_new_or_unrouted_leads_with_a_routable_phone_are_routed(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    invalid = add_lead(hub_con, phone_class="invalid")
    duplicate = add_lead(hub_con, status="duplicate")
    stats = run_until_idle(settings, policy=fast_policy())
    assert stats == {"route:skipped": 2}
    assert hub_con.execute("SELECT count(*) FROM deliveries").fetchone()[0] == 0
    got = dict(hub_con.execute("SELECT id, status FROM leads").fetchall())
    assert got == {invalid: "invalid", duplicate: "duplicate"}
    assert hub_con.execute("SELECT count(*) FROM outbox WHERE done_at IS NULL").fetchone()[0] == 0


def test_same_phone_and_product_is_not_sold_twice_to_a_buyer_within_30_days(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        add_lead(hub_con, phone_e164="+33612345679")
        run_until_idle(settings, policy=fast_policy())
        second = add_lead(hub_con, phone_e164="+33612345679")
        run_until_idle(settings, policy=fast_policy())
    buyers = [
        r["buyer_id"] for r in rows(hub_con, "SELECT buyer_id FROM deliveries ORDER BY created_at")
    ]
    assert buyers == ["buy_soleil_crm", "buy_eco_crm"]
    reason = hub_con.execute(
        "SELECT reason FROM routing_decisions WHERE lead_id = ? AND commande_id = 'cmd_soleil_pv'",
        (second,),
    ).fetchone()[0]
    assert reason == "buyer bought this phone for this product within 30 days"


def test_fake_crm_controls(tmp_path: Path) -> None:
    record = tmp_path / "received.jsonl"
    with fake_crm(secret=None, record=record) as crm:
        script(crm, {"status": 201})
        first = httpx.post(f"{crm.url}/x", json={"a": 1}, headers={"Idempotency-Key": "k1"})
        replay = httpx.post(f"{crm.url}/x", json={"a": 1}, headers={"Idempotency-Key": "k1"})
        assert first.status_code == replay.status_code == 201
        assert first.json() == replay.json()
        got = received(crm)
        assert got["requests"] == 2 and got["replays"] == 1
        assert got["leads"][0]["signature_valid"] is None
        assert httpx.post(f"{crm.url}/_fake/script", json={"nope": 1}).status_code == 400
        assert httpx.post(f"{crm.url}/y", content=b"not json").status_code == 400
        assert httpx.post(f"{crm.url}/_fake/reset").json() == {"reset": True}
        assert received(crm) == {"leads": [], "replays": 0, "requests": 0, "down": None}
        assert httpx.post(f"{crm.url}/_fake/down", json={"status": 200}).status_code == 400
        assert httpx.post(f"{crm.url}/_fake/down").json() == {"down": 503}  # until told "up"
        for _ in range(2):
            assert httpx.post(f"{crm.url}/x", json={"a": 2}).status_code == 503
        assert httpx.post(f"{crm.url}/_fake/up").json() == {"down": None}
        assert httpx.post(f"{crm.url}/x", json={"a": 2}).status_code == 200
        got = received(crm)
        assert (got["requests"], [e["body"] for e in got["leads"]]) == (3, [{"a": 2}])
    lines = [json.loads(line) for line in record.read_text().splitlines()]
    kept = [(e["path"], e["body"], e["idempotency_key"]) for e in lines]
    assert kept == [("/x", {"a": 1}, "k1"), ("/x", {"a": 2}, None)]  # nothing while down
