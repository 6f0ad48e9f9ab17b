"""SQL models on real data: hub copies from the seeded hub, events from real Parquet files,
funnel_daily attribution, billing_monthly, and the asset checks' SQL. No Dagster."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from hub.seed import DemoWorld
from hub.settings import Settings
from pipelines.defs.checks import evaluate
from tests.integration.test_warehouse_helpers import (
    DESKTOP,
    T0,
    demo_page,
    event,
    insert_delivery,
    insert_lead,
    visitor_funnel,
)
from warehouse.events import load_partition
from warehouse.hub_copy import copy_hub
from warehouse.lake import lake_fingerprints
from warehouse.lake_write import write_events
from warehouse.models import build_model
from warehouse.store import open_work

pytestmark = pytest.mark.integration

IPAD = "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"
ANDROID_PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/130 Mobile Safari/537.36"
ANDROID_TABLET = "Mozilla/5.0 (Linux; Android 14; SM-X710) Chrome/130 Safari/537.36"


def _build(settings: Settings) -> None:
    with open_work(settings) as con:
        for day in lake_fingerprints(settings.raw_dir):
            load_partition(con, settings, day)
        copy_hub(con, settings)
        build_model(con, "funnel_daily")
        build_model(con, "billing_monthly")


def _query(settings: Settings, sql: str) -> list[dict[str, Any]]:
    with open_work(settings) as con:
        cur = con.execute(sql)
        names = [d[0] for d in cur.description or []]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def test_session_attribution_source_campaign_variant_device(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    lp, form = demo_page(hub_con)
    on_lp = {"account_id": lp["account_id"], "lp_id": lp["id"], "key": lp["key"],
             "url": "https://solaire.example/lp/"}
    rows = [
        # UTM wins; campaign and variant from the session's first tagged event.
        event("a1", "page_view", T0, session_id="a", visitor_id="va", user_agent=IPAD,
              referrer="https://www.bing.com/", **on_lp),
        event("a2", "page_view", T0 + timedelta(seconds=9), session_id="a", visitor_id="va",
              utm_source="newsletter", utm_campaign="mars", variant="B", **on_lp),
        # No UTM: the external referrer's host.
        event("b1", "page_view", T0, session_id="b", visitor_id="vb", user_agent=ANDROID_PHONE,
              referrer="https://www.Google.fr/search?q=solaire", **on_lp),
        # Internal referrer only: direct.
        event("c1", "page_view", T0, session_id="c", visitor_id="vc", user_agent=DESKTOP,
              referrer="https://solaire.example/autre/", **on_lp),
        event("d1", "page_view", T0, session_id="d", visitor_id="vd", user_agent=ANDROID_TABLET,
              **on_lp),
        # Two sessions of one visitor: 2 visits, 1 unique visitor.
        event("e1", "page_view", T0, session_id="e1", visitor_id="ve", user_agent=None, **on_lp),
        event("e2", "page_view", T0 + timedelta(hours=2), session_id="e2", visitor_id="ve",
              user_agent=None, **on_lp),
    ]
    write_events(settings, rows)
    _build(settings)

    funnel = _query(settings, "SELECT source, campaign, variant, device, form_id, visits, "
                              "unique_visitors FROM funnel_daily ORDER BY source, device")
    assert funnel == [
        {"source": "direct", "campaign": None, "variant": None, "device": "desktop",
         "form_id": form["id"], "visits": 1, "unique_visitors": 1},
        {"source": "direct", "campaign": None, "variant": None, "device": "tablet",
         "form_id": form["id"], "visits": 1, "unique_visitors": 1},
        {"source": "direct", "campaign": None, "variant": None, "device": "unknown",
         "form_id": form["id"], "visits": 2, "unique_visitors": 1},
        {"source": "newsletter", "campaign": "mars", "variant": "B", "device": "tablet",
         "form_id": form["id"], "visits": 1, "unique_visitors": 1},
        {"source": "www.google.fr", "campaign": None, "variant": None, "device": "mobile",
         "form_id": form["id"], "visits": 1, "unique_visitors": 1},
    ]


def test_leads_sold_and_revenue_exclude_duplicates_invalid_and_undelivered(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    lp, form = demo_page(hub_con)
    attribution = {"source": "google", "utm_campaign": "hiver", "variant": "A"}
    cases = [("sold", "sold"), ("suspicious", "suspicious"), ("routed", "routed"),
             ("dup", "duplicate"), ("bad", "invalid")]
    for lead_id, status in cases:
        insert_lead(hub_con, lead_id, lp, form, T0, status=status, **attribution)
    insert_delivery(hub_con, "d-sold", "sold", "cmd_soleil_pv", 3550, "delivered", T0)
    insert_delivery(hub_con, "d-rejected", "routed", "cmd_eco_pv", 3000, "rejected", T0)
    # 23:30 UTC in winter is the next Paris day.
    insert_lead(hub_con, "night", lp, form, datetime(2026, 1, 15, 23, 30, tzinfo=UTC),
                status="new", **attribution)
    _build(settings)

    funnel = _query(settings, "SELECT date, source, campaign, variant, leads, sold_leads, "
                              "revenue_eur FROM funnel_daily ORDER BY date")
    assert funnel == [
        {"date": date(2026, 1, 15), "source": "google", "campaign": "hiver", "variant": "A",
         "leads": 3, "sold_leads": 1, "revenue_eur": Decimal("35.50")},
        {"date": date(2026, 1, 16), "source": "google", "campaign": "hiver", "variant": "A",
         "leads": 1, "sold_leads": 0, "revenue_eur": Decimal("0.00")},
    ]
    with open_work(settings) as con:
        results = {r.check_name: r.passed for r in evaluate(con, "funnel_daily")}
    assert results == {"non_negative": True, "leads_complete": True}


def test_funnel_counts_one_row_per_step_for_a_visitor(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    lp, form = demo_page(hub_con)
    write_events(settings, visitor_funnel("v1", lp, form, T0, utm_source="google"))
    _build(settings)
    rows = _query(settings, "SELECT * EXCLUDE (date, revenue_eur) FROM funnel_daily")
    assert rows == [{
        "account_id": lp["account_id"], "lp_id": lp["id"], "form_id": form["id"],
        "source": "google", "campaign": None, "variant": None, "device": "mobile",
        "visits": 1, "unique_visitors": 1, "cta_clicks": 1, "form_starts": 1,
        "form_submits": 1, "leads": 0, "sold_leads": 0,
    }]


def test_billing_monthly_by_paris_month_buyer_and_seller(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    lp, form = demo_page(hub_con)
    for lead_id in ("l1", "l2", "l3", "l4"):
        insert_lead(hub_con, lead_id, lp, form, T0)
    insert_delivery(hub_con, "d1", "l1", "cmd_soleil_pv", 3500, "delivered", T0)
    # 31 Jan 23:30 UTC is 1 Feb in Paris: billed in February.
    insert_delivery(hub_con, "d2", "l2", "cmd_soleil_pv", 3500, "delivered",
                    datetime(2026, 1, 31, 23, 30, tzinfo=UTC))
    # Sold to the sister entity's buyer: the buyer's account differs from the seller's.
    insert_delivery(hub_con, "d3", "l3", "cmd_eco_pv", 3000, "delivered", T0)
    insert_delivery(hub_con, "d4", "l4", "cmd_eco_pv", 3000, "dead", T0)
    _build(settings)

    billing = _query(settings, "SELECT month, buyer_id, buyer_name, account_id, "
                               "seller_account_id, leads_sold, amount_eur FROM billing_monthly "
                               "ORDER BY month, buyer_id")
    assert billing == [
        {"month": date(2026, 1, 1), "buyer_id": "buy_eco_crm", "buyer_name": "CRM Eco Renov",
         "account_id": "acc_eco", "seller_account_id": "acc_soleil", "leads_sold": 1,
         "amount_eur": Decimal("30.00")},
        {"month": date(2026, 1, 1), "buyer_id": "buy_soleil_crm",
         "buyer_name": "CRM Soleil Habitat", "account_id": "acc_soleil",
         "seller_account_id": "acc_soleil", "leads_sold": 1, "amount_eur": Decimal("35.00")},
        {"month": date(2026, 2, 1), "buyer_id": "buy_soleil_crm",
         "buyer_name": "CRM Soleil Habitat", "account_id": "acc_soleil",
         "seller_account_id": "acc_soleil", "leads_sold": 1, "amount_eur": Decimal("35.00")},
    ]
    with open_work(settings) as con:
        assert [r.passed for r in evaluate(con, "billing_monthly")] == [True]


def test_hub_copies_carry_no_secrets_or_personal_data(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    lp, form = demo_page(hub_con)
    insert_lead(hub_con, "l1", lp, form, T0, email="jeanne@example.fr", ip="203.0.113.0")
    _build(settings)
    columns = {(r["table_name"], r["column_name"]) for r in _query(
        settings, "SELECT table_name, column_name FROM duckdb_columns()")}
    forbidden = {"secret_enc", "webhook_url", "password_hash", "key_hash", "phone_e164",
                 "email", "first_name", "last_name", "ip", "postal_code", "consent_text"}
    leaked = {(t, c) for t, c in columns if c in forbidden and t != "events"}
    assert leaked == set()
    counts = {t: _query(settings, f"SELECT count(*) AS n FROM {t}")[0]["n"]
              for t in ("accounts", "landing_pages", "forms", "buyers", "commandes", "leads")}
    hub_counts = {t: hub_con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in counts}
    assert counts == hub_counts
    assert _query(settings, "SELECT price_eur FROM commandes WHERE id = 'cmd_soleil_pac'") == [
        {"price_eur": Decimal("42.00")}]


def test_event_id_check_fails_on_a_duplicate(settings: Settings) -> None:
    write_events(settings, [event("only", "page_view", T0)])
    _build(settings)
    with open_work(settings) as con:
        assert [r.passed for r in evaluate(con, "events")] == [True]
        con.execute("INSERT INTO events SELECT * FROM events")
        failed = list(evaluate(con, "events"))
    assert [(r.passed, r.metadata["offending"].value) for r in failed] == [(False, 1)]
