"""The delivery queue service on a real router and a real fake CRM on loopback: a buyer that is
down leaves dead letters after LEADHUB_DELIVERY_GIVE_UP_SECONDS; they are listed per tenant and
status (pending, retrying with next attempt and last error, dead); per-buyer stats (breaker,
success rate, p95 latency over 24 h); a bulk requeue is all-or-none across tenants, logged,
idempotent, restarts the retry window, and delivers each lead exactly once."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest

from hub.db import iso, transaction, utcnow
from hub.errors import ApiError
from hub.services import deliveries
from hub.services.actor import CLI, user
from hub.settings import Settings
from leadhub.demo.fake_crm import FakeCrmServer
from leadhub.demo.seed import DemoWorld
from routing.breaker import BreakerPolicy
from routing.worker import run_until_idle
from tests.integration.test_routing_support import (
    add_lead,
    fake_crm,
    only_commandes,
    point_buyers,
    received,
    rows,
)

pytestmark = pytest.mark.integration

NEVER_OPEN = BreakerPolicy(threshold=1000)  # these tests are about the retry window
OPS = user("usr_ops", "ops", ["acc_soleil", "acc_soleil_solaire"])
VIEWER = user("usr_viewer", "viewer", ["acc_soleil", "acc_soleil_solaire"])


@dataclass
class Down:
    crm: FakeCrmServer
    soleil: list[str]  # lead ids sold to buy_soleil_crm
    eco: list[str]  # lead ids sold to buy_eco_crm


def down(crm: FakeCrmServer, status: int = 503) -> None:
    httpx.post(f"{crm.url}/_fake/down", json={"status": status}, timeout=5).raise_for_status()


def up(crm: FakeCrmServer) -> None:
    httpx.post(f"{crm.url}/_fake/up", timeout=5).raise_for_status()


def dead_ids(con: sqlite3.Connection, buyer: str) -> list[str]:
    query = "SELECT id FROM deliveries WHERE buyer_id = ? AND status = 'dead' ORDER BY created_at"
    return [r[0] for r in con.execute(query, (buyer,))]


@pytest.fixture
def dead(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> Iterator[Down]:
    """Both demo buyers down: three Soleil leads (PV) and one Eco lead (ITE) end as dead letters
    once the give-up setting (0.3 s here, the router's default policy) has passed."""
    settings.delivery_give_up_seconds = 0.3
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        only_commandes(hub_con, "cmd_soleil_pv", "cmd_eco_ite")
        down(crm)
        soleil = [add_lead(hub_con) for _ in range(3)]
        eco = [add_lead(hub_con, product="ITE", postal_code="69001", departement="69")]
        run_until_idle(settings, breakers=NEVER_OPEN, horizon=1.0)
        yield Down(crm, soleil, eco)


def test_dead_letters_after_the_give_up_setting_listed_per_tenant(
    dead: Down, hub_con: sqlite3.Connection
) -> None:
    every = deliveries.list_deliveries(hub_con, CLI, "dead")
    assert every["total"] == 4
    assert {d["lead_id"] for d in every["items"]} == {*dead.soleil, *dead.eco}
    assert all(d["status"] == "dead" and d["attempts"] >= 1 for d in every["items"])
    assert all("503" in (d["last_call_error"] or "") for d in every["items"])
    mine = deliveries.list_deliveries(hub_con, OPS, "dead", limit=2)
    assert mine["total"] == 3 and len(mine["items"]) == 2
    assert {d["buyer_id"] for d in mine["items"]} == {"buy_soleil_crm"}
    rest = deliveries.list_deliveries(hub_con, OPS, "dead", offset=2, limit=2)
    paged = mine["items"] + rest["items"]
    assert sorted(d["lead_id"] for d in paged) == sorted(dead.soleil)  # each once
    assert [d["created_at"] for d in paged] == sorted(d["created_at"] for d in paged)
    assert deliveries.list_deliveries(hub_con, CLI, "dead", buyer_id="buy_eco_crm")["total"] == 1
    assert deliveries.list_deliveries(hub_con, CLI, "retrying")["total"] == 0
    for filters in ({"buyer_id": "buy_eco_crm"}, {"account_id": "acc_eco"}):
        with pytest.raises(ApiError) as err:
            deliveries.list_deliveries(hub_con, OPS, "dead", **filters)
        assert err.value.status_code == 404
    with pytest.raises(ApiError) as bad:
        deliveries.list_deliveries(hub_con, OPS, "stuck")
    assert bad.value.status_code == 422 and [f.field for f in bad.value.fields] == ["status"]


def test_requeue_is_all_or_none_across_tenants_and_needs_leads_operate(
    dead: Down, hub_con: sqlite3.Connection
) -> None:
    soleil, eco = dead_ids(hub_con, "buy_soleil_crm"), dead_ids(hub_con, "buy_eco_crm")
    with pytest.raises(ApiError) as err:
        deliveries.requeue(hub_con, OPS, {"ids": [*soleil, *eco]}, utcnow())
    assert err.value.status_code == 404 and eco[0] in err.value.message
    with pytest.raises(ApiError) as unknown:
        deliveries.requeue(hub_con, OPS, {"ids": [soleil[0], "dlv_nope"]}, utcnow())
    assert unknown.value.status_code == 404
    with pytest.raises(ApiError) as forbidden:
        deliveries.requeue(hub_con, VIEWER, {"ids": soleil}, utcnow())
    assert forbidden.value.status_code == 403
    for payload in ({"ids": []}, {}, {"ids": "x"}, {"ids": soleil, "all": True}):
        with pytest.raises(ApiError) as invalid:
            deliveries.requeue(hub_con, OPS, payload, utcnow())
        assert invalid.value.status_code == 422
    assert dead_ids(hub_con, "buy_soleil_crm") == soleil  # nothing was requeued
    assert not rows(hub_con, "SELECT 1 FROM activity_log WHERE action = 'delivery.requeue'")


def test_the_buyer_comes_back_one_requeue_delivers_each_lead_once(
    dead: Down, settings: Settings, hub_con: sqlite3.Connection
) -> None:
    soleil = dead_ids(hub_con, "buy_soleil_crm")
    up(dead.crm)
    done = deliveries.requeue(hub_con, OPS, {"ids": soleil}, utcnow())
    assert done == {"requeued": soleil, "unchanged": []}
    again = deliveries.requeue(hub_con, OPS, {"ids": soleil}, utcnow())  # idempotent
    assert again == {"requeued": [], "unchanged": [{"id": i, "status": "pending"} for i in soleil]}
    queued = deliveries.list_deliveries(hub_con, OPS, "retrying")  # tried before: retrying
    assert {d["id"] for d in queued["items"]} == set(soleil)
    assert all(d["next_attempt_at"] is not None for d in queued["items"])
    stats = run_until_idle(settings, breakers=NEVER_OPEN, horizon=1.0)
    assert stats["deliver:delivered"] == 3
    got = received(dead.crm)
    assert sorted(lead["idempotency_key"] for lead in got["leads"]) == sorted(soleil)
    assert got["replays"] == 0
    sold = rows(hub_con, "SELECT status FROM leads WHERE id IN (?, ?, ?)", *dead.soleil)
    assert [r["status"] for r in sold] == ["sold"] * 3
    assert dead_ids(hub_con, "buy_eco_crm") != []  # the other tenant's dead letter untouched
    log = rows(
        hub_con,
        "SELECT actor, subject, account_id FROM activity_log WHERE action = 'delivery.requeue'",
    )
    assert log == [
        {"actor": "user:usr_ops", "subject": i, "account_id": "acc_soleil"} for i in soleil
    ]
    details = rows(hub_con, "SELECT detail FROM activity_log WHERE action = 'delivery.requeue'")
    for entry in details:  # each entry says what changed: dead → pending
        changed = json.loads(entry["detail"])
        assert (changed["before"], changed["after"]) == ({"status": "dead"}, {"status": "pending"})


def test_a_requeue_restarts_the_retry_window(
    dead: Down, settings: Settings, hub_con: sqlite3.Connection
) -> None:
    """Requeued while the buyer is still down: retried again for the whole window (not dead at
    its first failure, as it would be if the window still counted from its creation)."""
    [eco] = dead_ids(hub_con, "buy_eco_crm")
    before = hub_con.execute("SELECT attempts FROM deliveries WHERE id = ?", (eco,)).fetchone()[0]
    settings.delivery_give_up_seconds = 1.5  # room for a loaded machine's first claim
    deliveries.requeue(hub_con, CLI, {"ids": [eco]}, utcnow())
    run_until_idle(settings, breakers=NEVER_OPEN, horizon=2.0)
    outcomes = rows(
        hub_con, "SELECT outcome FROM delivery_attempts WHERE delivery_id = ? ORDER BY id", eco
    )[before:]
    assert len(outcomes) >= 2 and outcomes[0]["outcome"] == "retry"
    assert outcomes[-1]["outcome"] == "dead"
    assert dead_ids(hub_con, "buy_eco_crm") == [eco]


def test_pending_and_retrying_while_the_breaker_is_open(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    """One failure opens the breaker (threshold 1): the failed delivery is retrying (attempts,
    last error, next attempt after its backoff); the next lead's delivery waits for the breaker
    (600 s cool-down) without an attempt: pending."""
    opens = BreakerPolicy(threshold=1, cool_down=600.0)
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        only_commandes(hub_con, "cmd_soleil_pv")
        down(crm, 502)
        first = add_lead(hub_con)
        run_until_idle(settings, breakers=opens, horizon=0.5)
        second = add_lead(hub_con)
        run_until_idle(settings, breakers=opens, horizon=0.5)
    now = utcnow()
    [retrying] = deliveries.list_deliveries(hub_con, OPS, "retrying")["items"]
    assert retrying["lead_id"] == first and retrying["attempts"] == 1
    assert "502" in retrying["last_error"]
    assert retrying["next_attempt_at"] > retrying["updated_at"]  # its backoff, then the breaker
    [pending] = deliveries.list_deliveries(hub_con, OPS, "pending")["items"]
    assert pending["lead_id"] == second and pending["attempts"] == 0
    assert pending["next_attempt_at"] > iso(now + timedelta(seconds=500))
    [soleil] = deliveries.buyer_stats(hub_con, OPS, settings, now, buyer_id="buy_soleil_crm")[
        "items"
    ]
    assert soleil["breaker"]["state"] == "open" and soleil["breaker"]["endpoint"].startswith(
        "http://127.0.0.1:"
    )
    assert (soleil["calls"], soleil["delivered"], soleil["success_rate"]) == (1, 0, 0.0)
    assert (soleil["pending"], soleil["retrying"], soleil["dead"]) == (1, 1, 0)
    assert soleil["p95_ms"] > 0


def _attempts(con: sqlite3.Connection, delivery_id: str, rows_: list[tuple[Any, ...]]) -> None:
    with transaction(con):
        con.executemany(
            "INSERT INTO delivery_attempts (delivery_id, attempt_no, started_at, duration_ms,"
            " status_code, outcome) VALUES (?, ?, ?, ?, ?, ?)",
            [(delivery_id, n, *r) for n, r in enumerate(rows_, 1)],
        )


def test_stats_success_rate_and_p95_over_the_last_24_hours(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    """100 calls of 1..100 ms (p95 = 95 ms, nearest rank), 80 delivered; an attempt refused by
    the breaker (0 ms, no call) is not a call; older than 24 h: out."""
    now = utcnow()
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        only_commandes(hub_con, "cmd_soleil_pv")
        add_lead(hub_con)
        run_until_idle(settings, breakers=NEVER_OPEN, horizon=0.5)
    [delivery_id] = [r[0] for r in hub_con.execute("SELECT id FROM deliveries")]
    with transaction(hub_con):
        hub_con.execute("DELETE FROM delivery_attempts")
    recent = iso(now - timedelta(hours=1))
    calls = [
        (recent, float(ms), 200 if ms <= 80 else 503, "delivered" if ms <= 80 else "retry")
        for ms in range(1, 101)
    ]
    old = iso(now - timedelta(hours=25))
    _attempts(
        hub_con,
        delivery_id,
        [*calls, (recent, 0.0, None, "retry"), (old, 5000.0, 200, "delivered")],
    )
    stats = deliveries.buyer_stats(hub_con, OPS, settings, now)
    by_buyer = {b["buyer_id"]: b for b in stats["items"]}
    assert set(by_buyer) == {"buy_soleil_crm", "buy_test_crm"}  # tenant-scoped (+ test buyer)
    soleil = by_buyer["buy_soleil_crm"]
    assert (soleil["calls"], soleil["delivered"], soleil["success_rate"]) == (100, 80, 0.8)
    assert soleil["p95_ms"] == 95.0
    assert soleil["breaker"]["state"] == "closed"
    everyone = deliveries.buyer_stats(hub_con, CLI, settings, now)
    eco = next(b for b in everyone["items"] if b["buyer_id"] == "buy_eco_crm")
    assert (eco["calls"], eco["success_rate"], eco["p95_ms"]) == (0, None, None)
    with pytest.raises(ApiError) as err:
        deliveries.buyer_stats(hub_con, OPS, settings, now, buyer_id="buy_eco_crm")
    assert err.value.status_code == 404
