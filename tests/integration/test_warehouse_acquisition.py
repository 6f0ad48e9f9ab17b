"""acquisition_daily on real DuckDB, on a small fixed dataset: sessions, last-touch leads,
sold leads and revenue per Paris date × account × LP × source × campaign, ad spend split across
LPs by their sessions in whole cents, cost per lead and per sold lead, margin and ROAS; and its
checks pass."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import duckdb
import pytest

from hub.db import connect
from hub.services import costs
from hub.services.actor import CLI
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from tests.integration.test_warehouse_helpers import (
    T0,
    demo_page,
    insert_delivery,
    insert_lead,
    visitor_funnel,
)
from warehouse.checks import all_checks
from warehouse.events import load_partition
from warehouse.hub_copy import copy_hub
from warehouse.lake_write import write_events
from warehouse.models import build_model
from warehouse.sql import load
from warehouse.store import open_work

pytestmark = pytest.mark.integration

D1 = date(2026, 12, 1)
NOON = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)
LATE = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)  # 00:30 on 2 December in Paris


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    c = duckdb.connect()
    c.execute(load("schema"))
    c.execute(
        "CREATE TABLE sessions_core (session_id VARCHAR, date DATE, account_id VARCHAR,"
        " lp_id VARCHAR, source VARCHAR, campaign VARCHAR, is_test BOOLEAN)"
    )
    c.execute(
        "CREATE TABLE leads (id VARCHAR, lp_id VARCHAR, source VARCHAR, utm_campaign VARCHAR)"
    )
    c.execute(
        "CREATE TABLE lead_attribution (lead_id VARCHAR, account_id VARCHAR, status VARCHAR,"
        " is_test BOOLEAN, created_at TIMESTAMPTZ, session_id VARCHAR, last_lp_id VARCHAR,"
        " last_source VARCHAR, last_campaign VARCHAR, sold BOOLEAN, revenue_eur DECIMAL(12,2))"
    )
    c.execute(
        "CREATE TABLE ad_costs (account_id VARCHAR, date DATE, source VARCHAR,"
        " campaign VARCHAR, cost_cents BIGINT)"
    )
    yield c
    c.close()


def visits(con: duckdb.DuckDBPyConnection, n: int, lp: str, source: str, campaign: str | None,
           day: date = D1, is_test: bool = False) -> None:  # fmt: skip
    for i in range(n):
        con.execute(
            "INSERT INTO sessions_core VALUES (?, ?, 'acc', ?, ?, ?, ?)",
            [f"s-{lp}-{source}-{campaign}-{day}-{i}", day, lp, source, campaign, is_test],
        )


def lead(con: duckdb.DuckDBPyConnection, lead_id: str, touch: tuple[str, str, str | None] | None,
         revenue: str | None = None, *, status: str = "sold", at: datetime = NOON,
         own: tuple[str, str, str | None] = ("lp_b", "direct", None)) -> None:  # fmt: skip
    con.execute("INSERT INTO leads VALUES (?, ?, ?, ?)", [lead_id, *own])
    lp, source, campaign = touch or (None, None, None)
    con.execute(
        "INSERT INTO lead_attribution VALUES (?, 'acc', ?, false, ?, ?, ?, ?, ?, ?, ?)",
        [lead_id, status, at, "s" if touch else None, lp, source, campaign,
         revenue is not None, Decimal(revenue or "0")],
    )  # fmt: skip


def rows(con: duckdb.DuckDBPyConnection) -> dict[tuple[Any, ...], dict[str, Any]]:
    cur = con.execute("SELECT * FROM acquisition_daily")
    names = [d[0] for d in cur.description]
    out = {}
    for row in cur.fetchall():
        item = dict(zip(names, row, strict=True))
        out[(item["date"], item["lp_id"], item["source"], item["campaign"])] = item
    return out


def test_figures_on_a_fixed_dataset(con: duckdb.DuckDBPyConnection) -> None:
    visits(con, 2, "lp_a", "google", "Brand")
    visits(con, 1, "lp_b", "Google", "Brand")  # sources match without case
    visits(con, 5, "lp_a", "google", "Brand", is_test=True)  # test traffic: left out
    visits(con, 4, "lp_a", "facebook", "Promo")
    lead(con, "l1", ("lp_a", "google", "Brand"), "40.00")
    lead(con, "l2", ("lp_a", "google", "Brand"))
    lead(con, "l3", ("lp_b", "google", "Brand"), "35.50")
    lead(con, "l4", ("lp_a", "google", "Brand"), status="duplicate")  # not counted
    lead(con, "l5", None, "20.00", own=("lp_b", "bing", "Search"))  # no session: its own
    lead(con, "l6", ("lp_a", "facebook", "Promo"), at=LATE)  # a Paris day later
    con.executemany(
        "INSERT INTO ad_costs VALUES ('acc', ?, ?, ?, ?)",
        [
            (D1, "google", "Brand", 1000),  # 10.00 € over 3 sessions: 6.67 + 3.33
            (D1, "facebook", "Promo", 2000),
            (D1, "facebook", "Retarget", 500),  # no session: a row without LP
            (date(2026, 12, 2), "facebook", "Promo", 0),
        ],
    )
    build_model(con, "acquisition_daily")
    got = rows(con)
    a_google = got[(D1, "lp_a", "google", "Brand")]
    assert {k: a_google[k] for k in ("sessions", "leads", "sold_leads")} == {
        "sessions": 2, "leads": 2, "sold_leads": 1}  # fmt: skip
    assert a_google["revenue_eur"] == Decimal("40.00")
    assert a_google["cost_eur"] == Decimal("6.67")
    assert a_google["cost_per_lead_eur"] == Decimal("3.34")  # 6.67 / 2, rounded
    assert a_google["cost_per_sold_lead_eur"] == Decimal("6.67")
    assert a_google["margin_eur"] == Decimal("33.33")
    assert a_google["roas"] == pytest.approx(40 / 6.67, abs=1e-4)
    b_google = got[(D1, "lp_b", "google", "Brand")]
    assert (b_google["sessions"], b_google["leads"], b_google["cost_eur"]) == (
        1,
        1,
        Decimal("3.33"),
    )
    assert b_google["margin_eur"] == Decimal("32.17")
    promo = got[(D1, "lp_a", "facebook", "Promo")]
    assert (promo["sessions"], promo["leads"], promo["cost_eur"]) == (4, 0, Decimal("20.00"))
    assert promo["cost_per_lead_eur"] is None and promo["roas"] == 0
    assert promo["margin_eur"] == Decimal("-20.00")
    late = got[(date(2026, 12, 2), "lp_a", "facebook", "Promo")]
    assert (late["sessions"], late["leads"], late["cost_eur"], late["roas"]) == (0, 1, 0, None)
    retarget = got[(D1, None, "facebook", "Retarget")]
    assert (retarget["sessions"], retarget["cost_eur"]) == (0, Decimal("5.00"))
    own = got[(D1, "lp_b", "bing", "Search")]
    assert (own["leads"], own["sold_leads"], own["revenue_eur"]) == (1, 1, Decimal("20.00"))
    assert len(got) == 6
    for check in all_checks():
        if check.table == "acquisition_daily":
            assert check.offending(con) == 0, check.description


def test_spend_split_in_whole_cents_adds_up(con: duckdb.DuckDBPyConnection) -> None:
    for lp in ("lp_a", "lp_b", "lp_c"):
        visits(con, 1, lp, "google", "Brand")
    con.execute("INSERT INTO ad_costs VALUES ('acc', ?, 'google', 'Brand', 100)", [D1])
    build_model(con, "acquisition_daily")
    cents = sorted(int(r["cost_eur"] * 100) for r in rows(con).values())
    assert cents == [33, 33, 34]


def test_hub_costs_are_copied_to_the_warehouse(settings: Settings, world: DemoWorld) -> None:
    text = 'date,source,campaign,cost\n2026-12-01,google,Brand,"12,34"\n'
    with closing(connect(settings.hub_db)) as hub:
        costs.import_costs(hub, CLI, "acc_soleil", text, NOON)
    con = duckdb.connect()
    try:
        con.execute(load("schema"))
        assert copy_hub(con, settings)["ad_costs"] == 1
        got = con.execute("SELECT account_id, date, source, campaign, cost_eur FROM ad_costs")
        assert got.fetchall() == [("acc_soleil", D1, "google", "Brand", Decimal("12.34"))]
    finally:
        con.close()


def test_lake_hub_and_costs_through_the_models(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    """Tracked visits (lake), a sold lead and an import of spend (hub), through the real copy,
    sessions, attribution and acquisition_daily."""
    solaire, solaire_form = demo_page(hub_con)
    pac, pac_form = demo_page(hub_con, "lp_pac_demo")
    ads = {"utm_source": "google", "utm_campaign": "hiver"}
    events = [
        *visitor_funnel("a", solaire, solaire_form, T0, **ads),
        *visitor_funnel("b", solaire, solaire_form, T0 + timedelta(hours=1), **ads),
        *visitor_funnel("c", pac, pac_form, T0 + timedelta(hours=2), **ads),
    ]
    write_events(settings, events, name="a.parquet")
    insert_lead(hub_con, "lead-a", solaire, solaire_form, T0 + timedelta(seconds=61),
                source="google", utm_campaign="hiver", session_id="a-session",
                visitor_id="a-visitor")  # fmt: skip
    insert_delivery(
        hub_con, "dlv-a", "lead-a", "cmd_soleil_pv", 3500, "delivered", T0 + timedelta(seconds=62)
    )
    rows = [{"date": "2026-01-15", "source": "Google", "campaign": "hiver", "cost": "30,00"}]
    costs.import_costs(hub_con, CLI, solaire["account_id"], rows, T0)
    with open_work(settings) as con:
        load_partition(con, settings, "2026-01-15")
        copy_hub(con, settings)
        for model in ("sessions_core", "lead_attribution", "sessions", "acquisition_daily"):
            build_model(con, model)
        got = con.execute(
            "SELECT lp_id, sessions, leads, sold_leads, revenue_eur, cost_eur, cost_per_lead_eur,"
            " margin_eur, roas FROM acquisition_daily WHERE source = 'google' ORDER BY lp_id"
        ).fetchall()
        assert all(c.offending(con) == 0 for c in all_checks() if c.table == "acquisition_daily")
    assert got == sorted([
        (pac["id"], 1, 0, 0, Decimal("0.00"), Decimal("10.00"), None, Decimal("-10.00"), 0.0),
        (solaire["id"], 2, 1, 1, Decimal("35.00"), Decimal("20.00"), Decimal("20.00"),
         Decimal("15.00"), 1.75),
    ])  # fmt: skip
