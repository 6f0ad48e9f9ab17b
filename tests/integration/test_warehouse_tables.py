"""Warehouse tables besides the funnel: billing_monthly, hub copies (no secrets), and a
failing asset check. Real seeded hub, real Parquet, real DuckDB; no Dagster."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from pipelines.defs.checks import evaluate
from tests.integration.test_warehouse_helpers import (
    T0,
    build_warehouse,
    demo_page,
    event,
    insert_delivery,
    insert_lead,
    work_query,
)
from warehouse.lake_write import write_events
from warehouse.store import open_work

pytestmark = pytest.mark.integration


def test_billing_monthly_by_paris_month_buyer_and_seller(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    lp, form = demo_page(hub_con)
    for lead_id in ("l1", "l2", "l3", "l4"):
        insert_lead(hub_con, lead_id, lp, form, T0)
    insert_delivery(hub_con, "d1", "l1", "cmd_soleil_pv", 3500, "delivered", T0)
    # 31 Jan 23:30 UTC is 1 Feb in Paris: billed in February.
    insert_delivery(
        hub_con,
        "d2",
        "l2",
        "cmd_soleil_pv",
        3500,
        "delivered",
        datetime(2026, 1, 31, 23, 30, tzinfo=UTC),
    )
    # Sold to the sister entity's buyer: the buyer's account differs from the seller's.
    insert_delivery(hub_con, "d3", "l3", "cmd_eco_pv", 3000, "delivered", T0)
    insert_delivery(hub_con, "d4", "l4", "cmd_eco_pv", 3000, "dead", T0)
    build_warehouse(settings)

    billing = work_query(
        settings,
        "SELECT month, buyer_id, buyer_name, account_id, "
        "seller_account_id, leads_sold, amount_eur FROM billing_monthly "
        "ORDER BY month, buyer_id",
    )
    assert billing == [
        {
            "month": date(2026, 1, 1),
            "buyer_id": "buy_eco_crm",
            "buyer_name": "CRM Eco Renov",
            "account_id": "acc_eco",
            "seller_account_id": "acc_soleil",
            "leads_sold": 1,
            "amount_eur": Decimal("30.00"),
        },
        {
            "month": date(2026, 1, 1),
            "buyer_id": "buy_soleil_crm",
            "buyer_name": "CRM Soleil Habitat",
            "account_id": "acc_soleil",
            "seller_account_id": "acc_soleil",
            "leads_sold": 1,
            "amount_eur": Decimal("35.00"),
        },
        {
            "month": date(2026, 2, 1),
            "buyer_id": "buy_soleil_crm",
            "buyer_name": "CRM Soleil Habitat",
            "account_id": "acc_soleil",
            "seller_account_id": "acc_soleil",
            "leads_sold": 1,
            "amount_eur": Decimal("35.00"),
        },
    ]
    with open_work(settings) as con:
        assert [r.passed for r in evaluate(con, "billing_monthly")] == [True]


def test_hub_copies_carry_no_secrets_or_personal_data(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    lp, form = demo_page(hub_con)
    insert_lead(hub_con, "l1", lp, form, T0, email="jeanne@example.fr", ip="203.0.113.0")
    build_warehouse(settings)
    columns = {
        (r["table_name"], r["column_name"])
        for r in work_query(settings, "SELECT table_name, column_name FROM duckdb_columns()")
    }
    forbidden = {
        "secret_enc",
        "webhook_url",
        "password_hash",
        "key_hash",
        "phone_e164",
        "email",
        "first_name",
        "last_name",
        "ip",
        "postal_code",
        "consent_text",
    }
    leaked = {(t, c) for t, c in columns if c in forbidden and t != "events"}
    assert leaked == set()
    counts = {
        t: work_query(settings, f"SELECT count(*) AS n FROM {t}")[0]["n"]
        for t in ("accounts", "landing_pages", "forms", "buyers", "commandes", "leads")
    }
    hub_counts = {t: hub_con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in counts}
    assert counts == hub_counts
    assert work_query(settings, "SELECT price_eur FROM commandes WHERE id = 'cmd_soleil_pac'") == [
        {"price_eur": Decimal("42.00")}
    ]


def test_event_id_check_fails_on_a_duplicate(settings: Settings) -> None:
    write_events(settings, [event("only", "page_view", T0)])
    build_warehouse(settings)
    with open_work(settings) as con:
        assert [r.passed for r in evaluate(con, "events")] == [True]
        con.execute("INSERT INTO events SELECT * FROM events")
        failed = list(evaluate(con, "events"))
    assert [(r.passed, r.metadata["offending"].value) for r in failed] == [(False, 1)]
