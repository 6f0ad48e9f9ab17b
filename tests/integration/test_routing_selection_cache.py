"""Commandes compiled once per change (decision 0058): a lead routed after an edit sees the
edit, whoever made it (service, raw SQL, a buyer or an account change); without an edit the
compiled commandes are used again."""

from __future__ import annotations

import sqlite3

import pytest

from hub.db import transaction, utcnow
from hub.services import buyers as buyer_ops
from hub.services import commandes as ops
from hub.services.actor import CLI
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from routing import claims
from routing.route import RouteResult, route_lead
from routing.selection import CommandeCache
from tests.integration.test_routing_support import add_lead, phone, rows

pytestmark = pytest.mark.integration


def route(con: sqlite3.Connection, cache: CommandeCache, i: int) -> tuple[str, RouteResult]:
    lead_id = add_lead(con, phone_e164=phone(i))
    now = utcnow()
    with transaction(con):
        con.execute("UPDATE outbox SET done_at = ? WHERE ref_id = ?", (now.isoformat(), lead_id))
        job = claims.enqueue_claimed(con, "route", lead_id, "test", now, 60)
    return lead_id, route_lead(con, job, "test", now, cache=cache)


def verdict(con: sqlite3.Connection, lead_id: str, commande_id: str) -> tuple[str, str]:
    (row,) = rows(
        con,
        "SELECT outcome, reason FROM routing_decisions WHERE lead_id = ? AND commande_id = ?",
        lead_id,
        commande_id,
    )
    return row["outcome"], row["reason"]


def test_the_compiled_commandes_are_used_again_until_something_changes(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    cache = CommandeCache()
    for i in range(3):
        _, result = route(hub_con, cache, i)
        assert result.commande_id == "cmd_soleil_pv"
    assert cache.compilations == 1
    with transaction(hub_con):  # a write routing does not read: same token
        hub_con.execute("UPDATE buyers SET legal_name = 'Autre SAS' WHERE id = 'buy_soleil_crm'")
    route(hub_con, cache, 3)
    assert cache.compilations == 1


def test_a_commande_edited_between_two_leads_is_seen_by_the_second(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    cache = CommandeCache()
    first, result = route(hub_con, cache, 1)
    assert result.commande_id == "cmd_soleil_pv"
    assert verdict(hub_con, first, "cmd_eco_pv")[0] == "skipped"  # priority 20 comes after 10

    ops.update_commande(hub_con, CLI, "cmd_soleil_pv", {"active": False}, utcnow())
    second, result = route(hub_con, cache, 2)
    assert verdict(hub_con, second, "cmd_soleil_pv") == ("skipped", "inactive")
    assert result.commande_id == "cmd_eco_pv"

    with transaction(hub_con):  # raw SQL, as an operator might: seen too (trigger)
        hub_con.execute("UPDATE commandes SET departements = '[\"75\"]' WHERE id = 'cmd_eco_pv'")
    third, result = route(hub_con, cache, 3)
    assert verdict(hub_con, third, "cmd_eco_pv") == ("skipped", "département 13 not in [75]")
    assert result.outcome == "unrouted"
    assert cache.compilations == 3


def test_a_buyer_or_account_change_is_seen_by_the_next_lead(
    hub_con: sqlite3.Connection, world: DemoWorld, settings: Settings
) -> None:
    cache = CommandeCache()
    route(hub_con, cache, 1)
    buyer_ops.update_buyer(hub_con, CLI, settings, "buy_soleil_crm", {"active": False}, utcnow())
    lead_id, result = route(hub_con, cache, 2)
    assert verdict(hub_con, lead_id, "cmd_soleil_pv") == ("skipped", "buyer inactive")
    assert result.commande_id == "cmd_eco_pv"

    (account,) = rows(hub_con, "SELECT account_id FROM buyers WHERE id = 'buy_eco_crm'")
    with transaction(hub_con):
        hub_con.execute(
            "UPDATE accounts SET archived_at = '2026-01-01T00:00:00+00:00' WHERE id = ?",
            (account["account_id"],),
        )
    lead_id, result = route(hub_con, cache, 3)
    assert verdict(hub_con, lead_id, "cmd_eco_pv") == ("skipped", "buyer account archived")
