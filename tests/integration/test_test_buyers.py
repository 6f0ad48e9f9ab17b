"""Test buyers on the real seeded hub (decision 0050): a test lead is routed only to test
buyers' commandes and a real lead never to a test buyer (each skip in the decision log); with no
open test commande a test lead waits unrouted; a test buyer's sales are never billed (invoices,
the open period, intercompany) and are test rows in the warehouse."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from hub.db import transaction
from hub.services.actor import CLI
from hub.services.billing.close import close_period
from hub.services.billing.overview import open_period
from hub.settings import Settings
from leadhub.demo.seed import TEST_BUYER, DemoWorld
from tests.integration.test_billing import build_all
from tests.integration.test_billing_support import CLOSE_NOV, invoices, sell
from tests.integration.test_routing_commandes import route_at
from tests.integration.test_routing_support import add_lead, phone, rows
from tests.integration.test_warehouse_helpers import work_query

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # a Tuesday, 11:00 in Paris
NOV = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
W48 = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)  # a Saturday of 2026-W48
TEST_COMMANDES = {"cmd_test_pv", "cmd_test_pac", "cmd_test_ite"}


def decisions(con: sqlite3.Connection, lead_id: str) -> dict[str, tuple[str, str]]:
    found = rows(
        con,
        "SELECT commande_id, outcome, reason FROM routing_decisions"
        " WHERE lead_id = ? AND commande_id IS NOT NULL",
        lead_id,
    )
    return {r["commande_id"]: (r["outcome"], r["reason"]) for r in found}


def buyers_of(con: sqlite3.Connection, lead_id: str) -> set[str]:
    return {
        r["buyer_id"]
        for r in rows(con, "SELECT buyer_id FROM deliveries WHERE lead_id = ?", lead_id)
    }


def test_a_real_lead_never_goes_to_a_test_buyer(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    assert TEST_BUYER in {b["id"] for b in world.buyers}
    with transaction(hub_con):  # the test commande would come first on priority
        hub_con.execute("UPDATE commandes SET priority = 0 WHERE id = 'cmd_test_pv'")
    lead_id = add_lead(hub_con, phone_e164=phone(1))

    assert route_at(hub_con, lead_id, NOW).outcome == "routed"

    assert buyers_of(hub_con, lead_id) == {"buy_soleil_crm"}
    assert decisions(hub_con, lead_id)["cmd_test_pv"] == ("skipped", "test buyer: real lead")


def test_a_test_lead_goes_only_to_a_test_buyer(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    lead_id = add_lead(hub_con, phone_e164=phone(2), is_test=True)

    assert route_at(hub_con, lead_id, NOW).outcome == "routed"

    assert buyers_of(hub_con, lead_id) == {TEST_BUYER}
    made = decisions(hub_con, lead_id)
    assert made["cmd_test_pv"][0] == "selected"
    for real in ("cmd_soleil_pv", "cmd_eco_pv"):
        assert made[real] == ("skipped", "test lead: real buyer"), made


def test_a_test_lead_waits_when_no_test_buyer_takes_it(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with transaction(hub_con):
        hub_con.execute("UPDATE buyers SET is_test = 0 WHERE id = ?", (TEST_BUYER,))
    lead_id = add_lead(hub_con, phone_e164=phone(3), is_test=True)

    assert route_at(hub_con, lead_id, NOW).outcome == "unrouted"

    assert buyers_of(hub_con, lead_id) == set()
    reasons = {reason for _, reason in decisions(hub_con, lead_id).values()}
    assert "test lead: real buyer" in reasons


def test_a_test_buyers_sales_are_never_billed(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    sell(hub_con, NOV)  # a real sale to the real buyer: billed
    sell(hub_con, NOV, commande="cmd_test_pv", price=3500)  # a real lead, sold before the flag
    sell(hub_con, NOV + timedelta(hours=1), commande="cmd_test_pv", price=3500, is_test=True)
    opened = open_period(hub_con, CLI, "month", NOV + timedelta(days=1))
    assert TEST_BUYER not in {r["buyer_id"] for r in opened["items"]}

    done = close_period(hub_con, CLI, "2026-11", CLOSE_NOV)

    assert [d["buyer_id"] for d in done["issued"]] == ["buy_soleil_crm"]
    assert not invoices(hub_con, buyer_id=TEST_BUYER)
    unbilled = rows(
        hub_con, "SELECT id FROM deliveries WHERE buyer_id = ? AND invoice_id IS NULL", TEST_BUYER
    )
    assert len(unbilled) == 2


def test_a_test_buyer_is_never_billed_between_entities(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    """Eco Renov's ITE lead sold by Soleil's test buyer: no intercompany transfer."""
    _, delivery_id = sell(hub_con, W48, commande="cmd_test_ite", price=2500, lp_key="lp_ite_demo")
    with transaction(hub_con):
        hub_con.execute("UPDATE deliveries SET transfer_cents = 2000 WHERE id = ?", (delivery_id,))

    done = close_period(hub_con, CLI, "2026-W48", CLOSE_NOV)

    assert done["issued"] == []
    assert not invoices(hub_con, entity_id="acc_eco")


def test_the_warehouse_marks_a_test_buyers_sales_as_test(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    sell(hub_con, NOV)
    _, delivery_id = sell(hub_con, NOV, commande="cmd_test_ite", price=2500, lp_key="lp_ite_demo")
    with transaction(hub_con):
        hub_con.execute("UPDATE deliveries SET transfer_cents = 2000 WHERE id = ?", (delivery_id,))

    build_all(settings)

    billing = work_query(settings, "SELECT buyer_id, is_test, leads_sold FROM billing_monthly")
    assert {(r["buyer_id"], r["is_test"], r["leads_sold"]) for r in billing} == {
        ("buy_soleil_crm", False, 1),
        (TEST_BUYER, True, 1),
    }
    inter = work_query(settings, "SELECT delivery_id, is_test FROM intercompany_lines")
    assert [(r["delivery_id"], r["is_test"]) for r in inter] == [(delivery_id, True)]
    copied = work_query(settings, "SELECT id, is_test FROM buyers WHERE is_test")
    assert [r["id"] for r in copied] == [TEST_BUYER]
