"""Billing marts from the hub: sales at frozen prices, returns credited in the month they are
made, and intercompany transfers (the producing entity bills the selling one) per Paris month
and week — through the real router, return_lead, the hub copy and the SQL models."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from hub.db import transaction, utcnow
from hub.services.actor import CLI
from hub.services.returns import grant_credit, return_lead
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from pipelines.defs.checks import evaluate
from routing.worker import run_until_idle
from tests.integration.test_routing_delivery_support import configure
from tests.integration.test_routing_support import (
    add_lead,
    fake_crm,
    fast_policy,
    only_commandes,
    phone,
    point_buyers,
)
from tests.integration.test_warehouse_helpers import (
    build_warehouse,
    demo_page,
    insert_delivery,
    insert_lead,
    work_query,
)
from warehouse.models import build_model
from warehouse.store import open_work

pytestmark = pytest.mark.integration


def build_all(settings: Settings) -> None:
    build_warehouse(settings)
    with open_work(settings) as con:
        for name in ("intercompany_lines", "intercompany_monthly", "intercompany_weekly"):
            build_model(con, name)
        assert [r.passed for r in evaluate(con, "billing_monthly")] == [True]
        assert [r.passed for r in evaluate(con, "intercompany_monthly")] == [True]


def route(
    con: sqlite3.Connection, settings: Settings, commande: str, plain: int, brand: int
) -> tuple[str, str]:
    """One lead of Soleil's own account and one of its brand, routed to this commande only."""
    only_commandes(con, commande)
    own, branded = add_lead(con, phone_e164=phone(plain)), add_lead(con, phone_e164=phone(brand))
    with transaction(con):
        con.execute("UPDATE leads SET account_id = 'acc_soleil_solaire' WHERE id = ?", (branded,))
    run_until_idle(settings, policy=fast_policy())
    return own, branded


def test_sales_returns_and_intercompany_transfers_through_the_real_flow(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        own, brand = route(hub_con, settings, "cmd_soleil_pv", 1, 2)
        crossed = route(hub_con, settings, "cmd_eco_pv", 3, 4)
    # Same entity (a brand is its entity's): no transfer; sold by Eco: PV transfer price.
    transfers = dict(hub_con.execute("SELECT lead_id, transfer_cents FROM deliveries").fetchall())
    assert transfers == {own: None, brand: None, crossed[0]: 2500, crossed[1]: 2500}
    now = utcnow()
    return_lead(hub_con, CLI, crossed[0], "numéro erroné", now)
    grant_credit(hub_con, CLI, "buy_soleil_crm", 1000, "geste commercial", now)
    build_all(settings)
    month = date(now.year, now.month, 1)  # sold and returned in the same Paris month here
    billing = work_query(
        settings,
        "SELECT buyer_id, seller_account_id, leads_sold, amount_eur, leads_returned,"
        " credit_eur, net_eur FROM billing_monthly"
        " ORDER BY buyer_id, seller_account_id NULLS LAST",
    )
    d = Decimal
    assert billing == [
        {"buyer_id": "buy_eco_crm", "seller_account_id": "acc_soleil", "leads_sold": 1,
         "amount_eur": d("30.00"), "leads_returned": 1, "credit_eur": d("30.00"),
         "net_eur": d("0.00")},
        {"buyer_id": "buy_eco_crm", "seller_account_id": "acc_soleil_solaire", "leads_sold": 1,
         "amount_eur": d("30.00"), "leads_returned": 0, "credit_eur": d("0.00"),
         "net_eur": d("30.00")},
        {"buyer_id": "buy_soleil_crm", "seller_account_id": "acc_soleil", "leads_sold": 1,
         "amount_eur": d("35.00"), "leads_returned": 0, "credit_eur": d("0.00"),
         "net_eur": d("35.00")},
        {"buyer_id": "buy_soleil_crm", "seller_account_id": "acc_soleil_solaire",
         "leads_sold": 1, "amount_eur": d("35.00"), "leads_returned": 0,
         "credit_eur": d("0.00"), "net_eur": d("35.00")},
        {"buyer_id": "buy_soleil_crm", "seller_account_id": None, "leads_sold": 0,
         "amount_eur": d("0.00"), "leads_returned": 0, "credit_eur": d("10.00"),
         "net_eur": d("-10.00")},
    ]  # fmt: skip
    assert {r["month"] for r in work_query(settings, "SELECT month FROM billing_monthly")} == {
        month
    }
    inter = work_query(
        settings,
        "SELECT month, producer_name, seller_name, product_code, leads_transferred,"
        " transfer_eur, leads_returned, credit_eur, net_eur FROM intercompany_monthly",
    )
    assert inter == [
        {"month": month, "producer_name": "Soleil Habitat", "seller_name": "Eco Renov",
         "product_code": "PV", "leads_transferred": 2, "transfer_eur": d("50.00"),
         "leads_returned": 1, "credit_eur": d("25.00"), "net_eur": d("25.00")}
    ]  # fmt: skip


def _delivered(
    con: sqlite3.Connection, lead_id: str, commande: str, at: datetime, transfer: int | None
) -> None:
    lp, form = demo_page(con)
    insert_lead(con, lead_id, lp, form, at)
    insert_delivery(con, f"d_{lead_id}", lead_id, commande, 3000, "delivered", at)
    with transaction(con):
        con.execute(
            "UPDATE deliveries SET transfer_cents = ? WHERE lead_id = ?", (transfer, lead_id)
        )


def test_months_and_weeks_are_paris_ones_and_a_late_return_lands_in_its_own_month(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    utc = UTC
    # 31 Jan 23:30 UTC is 1 Feb in Paris.
    _delivered(hub_con, "feb", "cmd_eco_pv", datetime(2026, 1, 31, 23, 30, tzinfo=utc), 2500)
    # DST day, Sunday 29 March: 21:59 UTC is 23:59 Sunday; 22:30 UTC is Monday 30 March.
    _delivered(hub_con, "sun", "cmd_eco_pv", datetime(2026, 3, 29, 21, 59, tzinfo=utc), 2500)
    _delivered(hub_con, "mon", "cmd_eco_pv", datetime(2026, 3, 29, 22, 30, tzinfo=utc), 2500)
    with transaction(hub_con):
        hub_con.execute("UPDATE buyers SET return_window_days = 30")
    # Returned on 1 March 00:30 Paris (28 Feb 23:30 UTC): credited in March, not February.
    return_lead(hub_con, CLI, "feb", "faux numéro", datetime(2026, 2, 28, 23, 30, tzinfo=utc))
    build_all(settings)
    monthly = work_query(
        settings,
        "SELECT month, leads_transferred, transfer_eur, leads_returned, credit_eur, net_eur"
        " FROM intercompany_monthly ORDER BY month",
    )
    d = Decimal
    assert monthly == [
        {"month": date(2026, 2, 1), "leads_transferred": 1, "transfer_eur": d("25.00"),
         "leads_returned": 0, "credit_eur": d("0.00"), "net_eur": d("25.00")},
        {"month": date(2026, 3, 1), "leads_transferred": 2, "transfer_eur": d("50.00"),
         "leads_returned": 1, "credit_eur": d("25.00"), "net_eur": d("25.00")},
    ]  # fmt: skip
    weekly = work_query(
        settings, "SELECT week, leads_transferred FROM intercompany_weekly ORDER BY week"
    )
    assert [(r["week"], r["leads_transferred"]) for r in weekly] == [
        (date(2026, 1, 26), 1),  # Sunday 1 Feb belongs to the week of Monday 26 Jan
        (date(2026, 2, 23), 0),  # the return (Sunday 1 March)
        (date(2026, 3, 23), 1),
        (date(2026, 3, 30), 1),
    ]
    billing = work_query(
        settings, "SELECT month, leads_sold, credit_eur FROM billing_monthly ORDER BY month"
    )
    assert [(r["month"], r["leads_sold"], r["credit_eur"]) for r in billing] == [
        (date(2026, 2, 1), 1, d("0.00")),
        (date(2026, 3, 1), 2, d("30.00")),
    ]


def test_buyer_delivery_settings_reach_the_warehouse_without_secrets(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    configure(
        hub_con,
        settings,
        "buy_eco_crm",
        "http_mapping",
        {"fields": {"nom": "last_name"}, "headers": {"X-Source": "leadhub"}},
        url="https://crm.eco.example/api?token=t0k3n-abc",
        auth_headers={"Authorization": "Bearer s3cr3t-xyz"},
        dedupes=False,
        return_window_days=10,
    )
    build_all(settings)
    buyers = work_query(settings, "SELECT * FROM buyers WHERE id = 'buy_eco_crm'")
    assert len(buyers) == 1
    row = buyers[0]
    assert (row["delivery_mode"], row["dedupes"], row["return_window_days"]) == (
        "http_mapping",
        False,
        10,
    )
    assert not {"auth_enc", "delivery_config", "webhook_url", "secret_enc"} & set(row)
    assert not any(s in str(row) for s in ("t0k3n", "s3cr3t", "X-Source"))
