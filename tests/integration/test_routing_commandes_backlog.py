"""Backlog ("LB") resale on the real hub: unsold after 8 days, or sold more than 30 days ago,
to commandes that take backlog, at their backlog price, never twice to the same buyer."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from hub.db import iso, transaction
from hub.rules import backlog
from leadhub.demo.seed import DemoWorld
from tests.integration.test_routing_commandes import lead_at, only, paris, route_at
from tests.integration.test_routing_support import rows

pytestmark = pytest.mark.integration

NOW = paris(2026, 11, 23, 10)


def add_backlog_commande(con: sqlite3.Connection, ident: str, buyer: str, share: int) -> None:
    with transaction(con):
        con.execute(
            "INSERT INTO commandes (id, buyer_id, name, product_code, departements, daily_cap,"
            " price_cents, priority, backlog_share, backlog_price_cents, created_at)"
            " VALUES (?, ?, 'LB PV', 'PV', '*', 10, 3000, 50, ?, 900, ?)",
            (ident, buyer, share, iso(NOW)),
        )


def test_a_lead_unsold_after_8_days_is_sold_as_backlog_at_the_backlog_price(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    only(hub_con, "cmd_soleil_pv", daily_cap=0)  # full every day: the lead stays unsold
    add_backlog_commande(hub_con, "cmd_lb_eco", "buy_eco_crm", 20)
    with transaction(hub_con):
        hub_con.execute("UPDATE commandes SET active = 0 WHERE id = 'cmd_lb_eco'")
    lead = lead_at(hub_con, NOW - timedelta(days=8, seconds=1))
    with transaction(hub_con):
        hub_con.execute("UPDATE commandes SET active = 1 WHERE id = 'cmd_lb_eco'")
    result = route_at(hub_con, lead, NOW)
    assert result.outcome == "routed" and result.commande_id == "cmd_lb_eco"
    sale = rows(hub_con, "SELECT price_cents, sale_kind FROM deliveries WHERE lead_id = ?", lead)
    assert sale == [{"price_cents": 900, "sale_kind": "backlog"}]
    log = dict(
        hub_con.execute(
            "SELECT coalesce(commande_id, outcome), reason FROM routing_decisions"
            " WHERE lead_id = ?",
            (lead,),
        ).fetchall()
    )
    assert log["backlog"] == "unsold after 8 days: backlog (LB)"
    assert log["cmd_soleil_pv"] == "takes no backlog (LB) leads"
    used = dict(hub_con.execute("SELECT period, used FROM cap_usage").fetchall())
    assert used["lb-day:2026-11-23"] == 1 and used["day:2026-11-23"] == 1
    # 20 % of a daily cap of 10: two backlog leads a day, the third waits
    more = [lead_at(hub_con, NOW - timedelta(days=9), i) for i in (1, 2)]
    assert [route_at(hub_con, m, NOW).commande_id for m in more] == ["cmd_lb_eco", None]


def test_a_lead_sold_over_30_days_ago_is_resold_once_to_another_buyer(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    sold_at = NOW - timedelta(days=31)
    lead = lead_at(hub_con, sold_at)
    assert route_at(hub_con, lead, sold_at).commande_id == "cmd_soleil_pv"
    with transaction(hub_con):
        hub_con.execute("UPDATE deliveries SET status = 'delivered'")
        hub_con.execute("UPDATE leads SET status = 'sold'")
    add_backlog_commande(hub_con, "cmd_lb_soleil", "buy_soleil_crm", 50)
    assert backlog.sweep(hub_con, NOW - timedelta(days=2)) == 0  # not yet 30 days
    assert backlog.sweep(hub_con, NOW) == 0  # only the same buyer takes backlog
    add_backlog_commande(hub_con, "cmd_lb_eco", "buy_eco_crm", 50)
    assert backlog.sweep(hub_con, NOW) == 1
    assert backlog.sweep(hub_con, NOW, force=True) == 0  # its route job is already waiting
    job = hub_con.execute(
        "SELECT id FROM outbox WHERE ref_id = ? AND done_at IS NULL", (lead,)
    ).fetchone()
    assert job is not None
    assert route_at(hub_con, lead, NOW).commande_id == "cmd_lb_eco"
    sales = rows(
        hub_con,
        "SELECT buyer_id, sale_kind FROM deliveries WHERE lead_id = ? ORDER BY created_at",
        lead,
    )
    assert sales == [
        {"buyer_id": "buy_soleil_crm", "sale_kind": "fresh"},
        {"buyer_id": "buy_eco_crm", "sale_kind": "backlog"},
    ]
    reason = hub_con.execute(
        "SELECT reason FROM routing_decisions WHERE lead_id = ? AND commande_id = 'cmd_lb_soleil'"
        " ORDER BY id DESC",
        (lead,),
    ).fetchone()[0]
    assert reason == "buyer already has this lead"
    assert rows(hub_con, "SELECT status FROM leads WHERE id = ?", lead) == [{"status": "sold"}]
    assert backlog.sweep(hub_con, NOW + timedelta(days=1), force=True) == 0  # just resold
