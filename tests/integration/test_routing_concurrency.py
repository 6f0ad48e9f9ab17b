"""Caps and concurrency: several workers on one hub never exceed a cap or deliver twice."""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter

import pytest

from hub.db import transaction
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from routing.worker import run_until_idle
from tests.integration.test_routing_support import (
    add_lead,
    fake_crm,
    fast_policy,
    phone,
    point_buyers,
    received,
    script,
)

pytestmark = pytest.mark.integration


def run_workers(settings: Settings, n: int, threads: int = 4) -> Counter[str]:
    """``n`` independent workers (own ids, own connections) racing on the same outbox."""
    totals: Counter[str] = Counter()
    errors: list[BaseException] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        try:
            stats = run_until_idle(
                settings, policy=fast_policy(), threads=threads, worker_id=f"w{i}"
            )
            with lock:
                totals.update(stats)
        except BaseException as exc:
            errors.append(exc)

    workers = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in workers:
        t.start()
    for t in workers:
        t.join(120)
    assert not errors, errors
    return totals


def test_thirty_leads_against_a_daily_cap_of_ten(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    # cmd_eco_pv (cap 10) goes first; cmd_soleil_pv takes the overflow.
    with transaction(hub_con):
        hub_con.execute("UPDATE commandes SET priority = 5 WHERE id = 'cmd_eco_pv'")
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        leads = [add_lead(hub_con, phone_e164=phone(i)) for i in range(30)]
        stats = run_workers(settings, 3)
        got = received(crm)
    assert stats["deliver:delivered"] == 30
    sold = dict(
        hub_con.execute(
            "SELECT commande_id, count(*) FROM deliveries WHERE status = 'delivered'"
            " GROUP BY commande_id"
        ).fetchall()
    )
    assert sold == {"cmd_eco_pv": 10, "cmd_soleil_pv": 20}
    used = dict(hub_con.execute("SELECT commande_id, used FROM cap_usage").fetchall())
    assert used == {"cmd_eco_pv": 10, "cmd_soleil_pv": 20}
    capped = hub_con.execute(
        "SELECT count(DISTINCT lead_id) FROM routing_decisions"
        " WHERE commande_id = 'cmd_eco_pv' AND reason = 'daily cap 10 reached'"
    ).fetchone()[0]
    assert capped == 20
    assert {lead["body"]["lead_id"] for lead in got["leads"]} == set(leads)
    assert got["requests"] == 30 and got["replays"] == 0


def test_cap_full_everywhere_leaves_leads_unrouted_with_reasons(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with transaction(hub_con):
        hub_con.execute("UPDATE commandes SET active = 0 WHERE id = 'cmd_soleil_pv'")
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        for i in range(12):
            add_lead(hub_con, phone_e164=phone(i))
        run_workers(settings, 2)
    statuses = dict(
        hub_con.execute("SELECT status, count(*) FROM leads GROUP BY status").fetchall()
    )
    assert statuses == {"sold": 10, "unrouted": 2}
    unrouted = hub_con.execute("SELECT id FROM leads WHERE status = 'unrouted'").fetchall()
    for (lead_id,) in unrouted:
        reasons = dict(
            hub_con.execute(
                "SELECT commande_id, reason FROM routing_decisions WHERE lead_id = ?", (lead_id,)
            ).fetchall()
        )
        assert reasons["cmd_eco_pv"] == "daily cap 10 reached"
        assert reasons["cmd_soleil_pv"] == "inactive"
        assert reasons[None] == "no eligible commande"


def test_concurrent_workers_never_double_deliver(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        script(crm, *[{"delay": 0.02, "status": 200}] * 60)  # keep claims overlapping
        leads = [add_lead(hub_con, phone_e164=phone(i)) for i in range(40)]
        stats = run_workers(settings, 4, threads=3)
        got = received(crm)
    assert stats["route:routed"] == 40 and stats["deliver:delivered"] == 40
    assert stats["route:lost"] == 0 and stats["deliver:skipped"] == 0
    assert got["requests"] == 40 and got["replays"] == 0
    assert sorted(lead["body"]["lead_id"] for lead in got["leads"]) == sorted(leads)
    per_lead = hub_con.execute(
        "SELECT max(n) FROM (SELECT count(*) AS n FROM delivery_attempts a"
        " JOIN deliveries d ON d.id = a.delivery_id GROUP BY d.lead_id)"
    ).fetchone()[0]
    assert per_lead == 1
    claimed_by = {r[0] for r in hub_con.execute("SELECT claimed_by FROM outbox")}
    assert len(claimed_by) > 1  # the work really was shared
