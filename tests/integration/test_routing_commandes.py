"""The commande model on the real hub: Paris caps (DST days), all-or-none reservation, the
decision log, calendar wake-up, consent, source blocks, and commandes that open wake leads."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hub.calendar import PARIS
from hub.db import iso, transaction, utcnow
from hub.rules.select import Candidate, LeadFacts, Usage, commande_from_row
from hub.services import commandes as ops
from hub.services import leadops
from hub.services.actor import CLI, api_key
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from routing import claims
from routing.route import RouteResult, _sql_reserver, route_lead
from routing.worker import run_until_idle
from tests.integration.test_routing_support import (
    add_lead,
    fake_crm,
    fast_policy,
    phone,
    point_buyers,
    rows,
)

pytestmark = pytest.mark.integration


def paris(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=PARIS).astimezone(UTC)


def lead_at(con: sqlite3.Connection, when: datetime, i: int = 0, **kw: Any) -> str:
    lead_id = add_lead(con, phone_e164=phone(i), **kw)
    with transaction(con):
        con.execute("UPDATE leads SET created_at = ? WHERE id = ?", (iso(when), lead_id))
        con.execute("UPDATE outbox SET done_at = ? WHERE ref_id = ?", (iso(when), lead_id))
    return lead_id


def route_at(
    con: sqlite3.Connection, lead_id: str, when: datetime, attempts: int = 1
) -> RouteResult:
    with transaction(con):
        job = claims.enqueue_claimed(con, "route", lead_id, "test", when, 60)
        con.execute("UPDATE outbox SET attempts = ? WHERE id = ?", (attempts, job.id))
    return route_lead(con, replace(job, attempts=attempts), "test", when)


def only(con: sqlite3.Connection, commande_id: str, **columns: object) -> None:
    with transaction(con):
        con.execute(
            "UPDATE commandes SET active = CASE WHEN id = ? THEN 1 ELSE 0 END", (commande_id,)
        )
        for name, value in columns.items():
            con.execute(f"UPDATE commandes SET {name} = ? WHERE id = ?", (value, commande_id))


def waiting(con: sqlite3.Connection, lead: str) -> list[str]:
    sql = "SELECT available_at FROM outbox WHERE ref_id = ? AND done_at IS NULL"
    return [r[0] for r in con.execute(sql, (lead,))]


def usage(con: sqlite3.Connection) -> dict[str, int]:
    return dict(con.execute("SELECT period, used FROM cap_usage ORDER BY period").fetchall())


@pytest.mark.parametrize("day", [(2026, 3, 29), (2026, 10, 25), (2026, 11, 22)])
def test_daily_cap_resets_at_paris_midnight_on_dst_days(
    hub_con: sqlite3.Connection, world: DemoWorld, day: tuple[int, int, int]
) -> None:
    only(hub_con, "cmd_soleil_pv", daily_cap=1, weekly_cap=None, monthly_cap=None)
    last_second = paris(*day, 23, 59, 59)
    midnight = last_second + timedelta(seconds=1)
    first = lead_at(hub_con, last_second, 1)
    second = lead_at(hub_con, last_second, 2)
    third = lead_at(hub_con, midnight, 3)
    assert route_at(hub_con, first, last_second).outcome == "routed"
    assert route_at(hub_con, second, last_second).outcome == "unrouted"
    assert route_at(hub_con, third, midnight).outcome == "routed"
    reason = hub_con.execute(
        "SELECT reason FROM routing_decisions WHERE lead_id = ? AND commande_id = 'cmd_soleil_pv'",
        (second,),
    ).fetchone()[0]
    assert reason == "daily cap 1 reached"
    d1 = datetime(*day).date()
    assert usage(hub_con)[f"day:{d1.isoformat()}"] == 1
    assert usage(hub_con)[f"day:{(d1 + timedelta(days=1)).isoformat()}"] == 1
    # the second lead is tried again when the next Paris day opens the cap: at midnight
    assert waiting(hub_con, second) == [iso(midnight)]


def test_weekly_cap_resets_on_monday_and_monthly_on_the_first(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    only(hub_con, "cmd_soleil_pv", daily_cap=None, weekly_cap=2, monthly_cap=None)
    sunday = paris(2026, 3, 29, 23, 59, 59)  # the spring DST Sunday
    monday = paris(2026, 3, 30, 0, 0, 0)
    outcomes = [
        route_at(hub_con, lead_at(hub_con, when, i), when).outcome
        for i, when in enumerate([paris(2026, 3, 23, 0, 0, 0), sunday, sunday, monday])
    ]
    assert outcomes == ["routed", "routed", "unrouted", "routed"]
    assert usage(hub_con)["week:2026-03-23"] == 2 and usage(hub_con)["week:2026-03-30"] == 1

    only(hub_con, "cmd_soleil_pv", weekly_cap=None, monthly_cap=1)
    oct31, nov1 = paris(2026, 10, 31, 23, 59, 59), paris(2026, 11, 1)
    got = [
        route_at(hub_con, lead_at(hub_con, t, 10 + i), t).outcome
        for i, t in enumerate([oct31, oct31, nov1])
    ]
    assert got == ["routed", "unrouted", "routed"]
    assert usage(hub_con)["month:2026-10"] == 1 and usage(hub_con)["month:2026-11"] == 1


def test_a_unit_is_reserved_in_every_period_or_in_none(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    only(hub_con, "cmd_soleil_pv", daily_cap=5, weekly_cap=1)
    now = paris(2026, 11, 23, 10)
    with transaction(hub_con):  # another worker filled the week since we read the usage
        hub_con.execute("INSERT INTO cap_usage VALUES ('cmd_soleil_pv', 'week:2026-11-23', 1)")
    row = hub_con.execute(
        "SELECT c.*, 1 AS buyer_active FROM commandes c WHERE id = 'cmd_soleil_pv'"
    ).fetchone()
    stale = Candidate(commande_from_row(row, "acc_soleil"), Usage({}))
    lead = LeadFacts("lead_x", "PV", "13", "acc_soleil")
    with transaction(hub_con):
        assert _sql_reserver(hub_con, lead, now)(stale) == "weekly cap 1 reached"
    assert usage(hub_con) == {"week:2026-11-23": 1}  # neither the day nor the month moved


def test_the_decision_log_names_every_commande_considered(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    now = paris(2026, 11, 23, 10)
    lead = lead_at(hub_con, now)
    route_at(hub_con, lead, now)
    log = {
        r["commande_id"]: (r["outcome"], r["reason"])
        for r in rows(
            hub_con,
            "SELECT commande_id, outcome, reason FROM routing_decisions WHERE lead_id = ?",
            lead,
        )
    }
    ids = {r[0] for r in hub_con.execute("SELECT id FROM commandes")}
    assert set(log) == ids
    assert log["cmd_soleil_pv"] == ("selected", "priority 10, first eligible")
    assert log["cmd_eco_pv"] == ("skipped", "eligible, but cmd_soleil_pv comes first (exclusive)")
    assert log["cmd_soleil_pac"] == ("skipped", "product PAC ≠ PV")
    assert all(reason for _, reason in log.values())


def test_a_closed_commande_wakes_the_lead_at_its_opening(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    only(
        hub_con, "cmd_soleil_pv", hours_from="09:00", hours_to="18:00", delivery_days="[1,2,3,4,5]"
    )
    friday_night = paris(2026, 11, 20, 22)
    lead = lead_at(hub_con, friday_night)
    assert route_at(hub_con, lead, friday_night, attempts=9).outcome == "unrouted"
    assert waiting(hub_con, lead) == [iso(friday_night + timedelta(hours=1))]  # the 1 h net
    before_open = paris(2026, 11, 23, 8, 59, 30)
    assert route_at(hub_con, lead, before_open, attempts=9).outcome == "unrouted"
    assert iso(paris(2026, 11, 23, 9)) in waiting(hub_con, lead)
    reasons = [
        r["reason"]
        for r in rows(
            hub_con, "SELECT reason FROM routing_decisions WHERE commande_id = 'cmd_soleil_pv'"
        )
    ]
    assert reasons == ["closed: outside hours 09:00–18:00"]  # the same verdicts, logged once
    assert route_at(hub_con, lead, paris(2026, 11, 23, 9)).outcome == "routed"


def test_consent_named_buyers_and_blocked_sources(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    now = paris(2026, 11, 23, 10)
    form = hub_con.execute(
        "SELECT id, consent_version FROM forms WHERE key = 'fm_solaire_demo'"
    ).fetchone()
    with transaction(hub_con):
        hub_con.execute("INSERT INTO consent_buyers VALUES (?, ?, 'buy_eco_crm')", tuple(form))
    lead = lead_at(hub_con, now)
    assert route_at(hub_con, lead, now).commande_id == "cmd_eco_pv"
    reason = hub_con.execute(
        "SELECT reason FROM routing_decisions WHERE lead_id = ? AND commande_id = 'cmd_soleil_pv'",
        (lead,),
    ).fetchone()[0]
    assert reason == "buyer not named in the lead's consent"

    leadops.block_source(hub_con, CLI, "acc_soleil", "spammy", "fake leads", now)
    held = lead_at(hub_con, now, 7)
    with transaction(hub_con):
        hub_con.execute("UPDATE leads SET source = 'spammy' WHERE id = ?", (held,))
    assert route_at(hub_con, held, now).outcome == "held"
    got = rows(hub_con, "SELECT status, status_reason FROM leads WHERE id = ?", held)
    assert got == [{"status": "held", "status_reason": "source_blocked"}]
    assert leadops.unblock_source(hub_con, CLI, "acc_soleil", "spammy", now) == 1
    assert route_at(hub_con, held, now).outcome == "routed"


def test_a_commande_created_or_changed_routes_waiting_leads_at_once(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        lead = add_lead(hub_con, product="PAC", postal_code="13001", departement="13")
        assert run_until_idle(settings, policy=fast_policy()) == {"route:unrouted": 1}
        created = ops.create_commande(
            hub_con,
            api_key("key_test", {"acc_eco"}),
            {
                "id": "cmd_eco_pac",
                "buyer_id": "buy_eco_crm",
                "name": "PAC Sud",
                "product_code": "PAC",
                "price_cents": 4000,
                "departements": ["13"],
                "daily_cap": 0,
            },
            utcnow(),
        )
        assert created["woken_leads"] == 1 and created["departements"] == ["13"]
        assert run_until_idle(settings, policy=fast_policy()) == {"route:unrouted": 1}  # cap 0
        changed = ops.update_commande(
            hub_con, api_key("key_test", {"acc_eco"}), "cmd_eco_pac", {"daily_cap": 3}, utcnow()
        )
        assert changed["woken_leads"] == 1 and changed["daily_cap"] == 3
        stats = run_until_idle(settings, policy=fast_policy())
        assert stats == {"route:routed": 1, "deliver:delivered": 1}
    assert rows(hub_con, "SELECT commande_id FROM deliveries WHERE lead_id = ?", lead) == [
        {"commande_id": "cmd_eco_pac"}
    ]
