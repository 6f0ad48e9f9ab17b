"""Delivery against a real fake CRM on loopback: signature, retries, timeouts, rejections."""

from __future__ import annotations

import sqlite3
from datetime import datetime

import pytest

from hub.db import transaction
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from routing.breaker import BreakerPolicy
from routing.signing import verify_signature
from routing.worker import run_until_idle
from tests.integration.test_routing_delivery_support import crm_server, smtp_server
from tests.integration.test_routing_support import (
    SECRET,
    add_lead,
    fake_crm,
    fast_policy,
    only_commandes,
    phone,
    point_buyers,
    received,
    rows,
    script,
)

pytestmark = pytest.mark.integration


def attempts(con: sqlite3.Connection, lead_id: str) -> list[dict[str, object]]:
    return rows(
        con,
        "SELECT a.status_code, a.outcome, a.error, a.started_at, a.duration_ms"
        " FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id"
        " WHERE d.lead_id = ? ORDER BY a.id",
        lead_id,
    )


def status(con: sqlite3.Connection, lead_id: str) -> str:
    return str(con.execute("SELECT status FROM leads WHERE id = ?", (lead_id,)).fetchone()[0])


def test_happy_path_delivers_once_signed(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        lead_id = add_lead(hub_con, phone_e164="+33612345679")
        stats = run_until_idle(settings, policy=fast_policy())
        got = received(crm)
    assert stats == {"route:routed": 1, "deliver:delivered": 1}
    assert got["requests"] == 1 and got["replays"] == 0 and len(got["leads"]) == 1
    lead = got["leads"][0]
    delivery = rows(hub_con, "SELECT * FROM deliveries WHERE lead_id = ?", lead_id)[0]
    assert lead["path"] == "/leads"
    assert lead["signature_valid"] is True
    assert verify_signature(SECRET, lead["headers"], lead["raw_body"])
    assert lead["idempotency_key"] == delivery["id"] == lead["body"]["delivery_id"]
    body = lead["body"]
    assert body["lead_id"] == lead_id and body["product"] == "PV"
    assert body["phone"] == "0612345679" and body["departement"] == "13"
    assert body["price_eur"] == 35.0 and delivery["price_cents"] == 3500
    assert body["consent"]["given"] is True and body["consent"]["version"] == "2026-11-v1"
    assert delivery["status"] == "delivered" and delivery["delivered_at"] is not None
    assert delivery["commande_id"] == "cmd_soleil_pv" and delivery["attempts"] == 1
    assert status(hub_con, lead_id) == "sold"
    assert [a["outcome"] for a in attempts(hub_con, lead_id)] == ["delivered"]
    pending = hub_con.execute("SELECT count(*) FROM outbox WHERE done_at IS NULL").fetchone()[0]
    assert pending == 0


def test_three_500s_then_200_is_four_attempts_and_one_lead(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        script(crm, {"status": 500}, {"status": 500}, {"status": 500})
        lead_id = add_lead(hub_con)
        run_until_idle(settings, policy=fast_policy())
        got = received(crm)
    tries = attempts(hub_con, lead_id)
    assert [(a["status_code"], a["outcome"]) for a in tries] == [
        (500, "retry"),
        (500, "retry"),
        (500, "retry"),
        (200, "delivered"),
    ]
    assert got["requests"] == 4 and len(got["leads"]) == 1
    assert status(hub_con, lead_id) == "sold"


def test_429_retry_after_is_honoured(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        script(crm, {"status": 429, "retry_after": 1})
        lead_id = add_lead(hub_con)
        run_until_idle(settings, policy=fast_policy())
    first, second = attempts(hub_con, lead_id)
    assert (first["status_code"], second["status_code"]) == (429, 200)
    gap = (
        datetime.fromisoformat(str(second["started_at"]))
        - datetime.fromisoformat(str(first["started_at"]))
    ).total_seconds()
    assert 1.0 <= gap < 2.0  # the policy alone would wait at most 0.05 s
    assert status(hub_con, lead_id) == "sold"


def test_slower_than_timeout_is_retried_and_the_buyer_holds_it_once(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    settings.delivery_timeout_seconds = 0.3
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        script(crm, {"delay": 1.0, "status": 200}, {"drop": True})
        lead_id = add_lead(hub_con)
        run_until_idle(settings, policy=fast_policy())
        got = received(crm)
    tries = attempts(hub_con, lead_id)
    assert [a["outcome"] for a in tries] == ["retry", "retry", "delivered"]
    assert str(tries[0]["error"]).startswith("timeout")
    assert str(tries[1]["error"]).startswith("connection error")
    assert float(str(tries[0]["duration_ms"])) < 900
    assert len(got["leads"]) == 1 and got["replays"] == 2 and got["requests"] == 3
    assert status(hub_con, lead_id) == "sold"


def test_400_is_rejected_and_rerouted_to_the_next_commande(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        script(crm, {"status": 400})
        lead_id = add_lead(hub_con)  # PV, 13: cmd_soleil_pv (priority 10) then cmd_eco_pv
        run_until_idle(settings, policy=fast_policy())
        got = received(crm)
    deliveries = rows(
        hub_con,
        "SELECT buyer_id, commande_id, status FROM deliveries"
        " WHERE lead_id = ? ORDER BY created_at",
        lead_id,
    )
    assert deliveries == [
        {"buyer_id": "buy_soleil_crm", "commande_id": "cmd_soleil_pv", "status": "rejected"},
        {"buyer_id": "buy_eco_crm", "commande_id": "cmd_eco_pv", "status": "delivered"},
    ]
    assert len(got["leads"]) == 1 and got["requests"] == 2
    assert status(hub_con, lead_id) == "sold"
    used = dict(hub_con.execute("SELECT commande_id, used FROM cap_usage").fetchall())
    assert used == {"cmd_soleil_pv": 0, "cmd_eco_pv": 1}  # the rejected unit was given back
    reasons = {
        r["commande_id"]: r["reason"]
        for r in rows(
            hub_con,
            "SELECT commande_id, reason FROM routing_decisions WHERE lead_id = ?"
            " AND id > (SELECT min(id) FROM routing_decisions WHERE lead_id = ? AND outcome ="
            " 'selected')",
            lead_id,
            lead_id,
        )
    }
    assert reasons["cmd_soleil_pv"] == "buyer already has this lead"
    assert reasons["cmd_soleil_pac"] == "product PAC ≠ PV"
    alerts = rows(hub_con, "SELECT action FROM activity_log WHERE action LIKE 'delivery.%'")
    assert alerts == [{"action": "delivery.rejected"}]


def test_gives_up_after_the_policy_window_dead_and_alerted(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    settings.alert_recipients = "ops@leadhub.example"
    with fake_crm() as crm, smtp_server(settings) as inbox:
        point_buyers(hub_con, f"{crm.url}/leads")
        script(crm, *[{"status": 502}] * 200)
        lead_id = add_lead(hub_con)
        never_open = BreakerPolicy(threshold=1000)  # this test is about the retry window
        run_until_idle(settings, policy=fast_policy(give_up_after=0.4), breakers=never_open)
        got = received(crm)
    ((_, rcpts, mail),) = inbox.messages  # the dead letter is also e-mailed to ops
    assert rcpts == ["ops@leadhub.example"] and lead_id in str(mail["Subject"])
    tries = attempts(hub_con, lead_id)
    assert len(tries) >= 3 and tries[-1]["outcome"] == "dead"
    assert {a["outcome"] for a in tries[:-1]} == {"retry"}
    assert got["requests"] == len(tries) and got["leads"] == []
    delivery = rows(hub_con, "SELECT status, attempts FROM deliveries WHERE lead_id = ?", lead_id)
    assert delivery == [{"status": "dead", "attempts": len(tries)}]
    alert = rows(hub_con, "SELECT account_id, action, subject FROM activity_log")
    assert [a["action"] for a in alert] == ["delivery.dead"]
    assert alert[0]["account_id"] == "acc_soleil"


def test_private_buyer_url_is_refused_without_private_network(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    settings.allow_private_network = False
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        lead_id = add_lead(hub_con)
        run_until_idle(settings, policy=fast_policy())
        got = received(crm)
    assert got["requests"] == 0
    tries = attempts(hub_con, lead_id)
    assert [a["outcome"] for a in tries] == ["rejected", "rejected"]  # both PV buyers
    assert all("non-public address 127.0.0.1" in str(a["error"]) for a in tries)
    assert status(hub_con, lead_id) == "unrouted"


def test_accept_then_drop_is_retried_and_a_deduping_buyer_holds_it_once(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        script(crm, {"drop": True})
        lead_id = add_lead(hub_con)
        run_until_idle(settings, policy=fast_policy())
        got = received(crm)
    tries = attempts(hub_con, lead_id)
    assert [(a["status_code"], a["outcome"]) for a in tries] == [
        (None, "retry"),
        (200, "delivered"),
    ]
    assert str(tries[0]["error"]).startswith("connection error (RemoteProtocolError")
    assert len(got["leads"]) == 1 and got["replays"] == 1
    delivery = rows(hub_con, "SELECT status, possible_duplicate FROM deliveries")
    assert delivery == [{"status": "delivered", "possible_duplicate": 0}]  # the buyer dedupes


def test_ambiguous_failures_at_a_buyer_that_does_not_dedupe_are_flagged(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    settings.delivery_timeout_seconds = 0.3
    with crm_server(dedupe=False) as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        with transaction(hub_con):
            hub_con.execute("UPDATE buyers SET dedupes = 0")
        script(crm, {"drop": True}, {"delay": 1.0, "status": 200})
        flagged = add_lead(hub_con)
        run_until_idle(settings, policy=fast_policy())
        script(crm, {"status": 503})
        clean = add_lead(hub_con)  # a 503 is a clear answer: nothing was kept
        run_until_idle(settings, policy=fast_policy())
        got = received(crm)
    assert [a["outcome"] for a in attempts(hub_con, flagged)] == ["retry", "retry", "delivered"]
    assert [a["outcome"] for a in attempts(hub_con, clean)] == ["retry", "delivered"]
    flags = dict(hub_con.execute("SELECT lead_id, possible_duplicate FROM deliveries").fetchall())
    assert flags == {flagged: 1, clean: 0}
    held = [e["body"]["lead_id"] for e in got["leads"]]
    assert held.count(flagged) == 3 and held.count(clean) == 1  # why the flag matters
    alerts = rows(hub_con, "SELECT action FROM activity_log WHERE action LIKE 'delivery.%'")
    assert alerts == [{"action": "delivery.possible_duplicate"}]  # once per delivery


def test_breaker_opens_on_a_failing_endpoint_holds_calls_then_probes_and_closes(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    breakers = BreakerPolicy(threshold=2, cool_down=1.0, probe_lease=5.0)
    only_commandes(hub_con, "cmd_soleil_pv")
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        script(crm, {"status": 500}, {"status": 502})
        first = add_lead(hub_con, phone_e164=phone(1))
        second = add_lead(hub_con, phone_e164=phone(2))
        run_until_idle(settings, policy=fast_policy(), breakers=breakers, threads=1)
        got = received(crm)
    # Two failures open the breaker: nothing is sent for 1 s, then one probe, then the rest.
    tries = rows(
        hub_con,
        "SELECT a.started_at, a.status_code, a.outcome FROM delivery_attempts a ORDER BY a.id",
    )
    assert [(t["status_code"], t["outcome"]) for t in tries] == [
        (500, "retry"),
        (502, "retry"),
        (200, "delivered"),
        (200, "delivered"),
    ]
    gap = datetime.fromisoformat(tries[2]["started_at"]) - datetime.fromisoformat(
        tries[1]["started_at"]
    )
    assert gap.total_seconds() >= 0.95
    assert got["requests"] == 4 and len(got["leads"]) == 2
    assert status(hub_con, first) == status(hub_con, second) == "sold"
    state = rows(hub_con, "SELECT state, failures FROM circuit_breakers")
    assert state == [{"state": "closed", "failures": 0}]
