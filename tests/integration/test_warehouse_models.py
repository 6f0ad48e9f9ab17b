"""funnel_daily on real data: events from real Parquet files, leads and deliveries from the
real seeded hub; session attribution, devices, lead statuses, revenue. No Dagster."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from pipelines.defs.checks import evaluate
from tests.integration.test_warehouse_helpers import (
    DESKTOP,
    T0,
    build_warehouse,
    demo_page,
    event,
    insert_delivery,
    insert_lead,
    visitor_funnel,
    work_query,
)
from warehouse.lake_write import write_events
from warehouse.store import open_work

pytestmark = pytest.mark.integration

IPAD = "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"
ANDROID_PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/130 Mobile Safari/537.36"
ANDROID_TABLET = "Mozilla/5.0 (Linux; Android 14; SM-X710) Chrome/130 Safari/537.36"


def test_session_attribution_source_campaign_variant_device(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    lp, form = demo_page(hub_con)
    on_lp = {
        "account_id": lp["account_id"],
        "lp_id": lp["id"],
        "key": lp["key"],
        "url": "https://solaire.example/lp/",
    }
    rows = [
        # UTM wins; campaign and variant from the session's first tagged event.
        event(
            "a1",
            "page_view",
            T0,
            session_id="a",
            visitor_id="va",
            user_agent=IPAD,
            referrer="https://www.bing.com/",
            **on_lp,
        ),
        event(
            "a2",
            "page_view",
            T0 + timedelta(seconds=9),
            session_id="a",
            visitor_id="va",
            utm_source="newsletter",
            utm_campaign="mars",
            variant="B",
            **on_lp,
        ),
        # No UTM: the external referrer's host.
        event(
            "b1",
            "page_view",
            T0,
            session_id="b",
            visitor_id="vb",
            user_agent=ANDROID_PHONE,
            referrer="https://www.Google.fr/search?q=solaire",
            **on_lp,
        ),
        # Internal referrer only: direct.
        event(
            "c1",
            "page_view",
            T0,
            session_id="c",
            visitor_id="vc",
            user_agent=DESKTOP,
            referrer="https://solaire.example/autre/",
            **on_lp,
        ),
        event(
            "d1",
            "page_view",
            T0,
            session_id="d",
            visitor_id="vd",
            user_agent=ANDROID_TABLET,
            **on_lp,
        ),
        # Two sessions of one visitor: 2 visits, 1 unique visitor.
        event("e1", "page_view", T0, session_id="e1", visitor_id="ve", user_agent=None, **on_lp),
        event(
            "e2",
            "page_view",
            T0 + timedelta(hours=2),
            session_id="e2",
            visitor_id="ve",
            user_agent=None,
            **on_lp,
        ),
    ]
    write_events(settings, rows)
    build_warehouse(settings)

    funnel = work_query(
        settings,
        "SELECT source, campaign, variant, device, form_id, visits, "
        "unique_visitors FROM funnel_daily ORDER BY source, device",
    )
    assert funnel == [
        {
            "source": "direct",
            "campaign": None,
            "variant": None,
            "device": "desktop",
            "form_id": form["id"],
            "visits": 1,
            "unique_visitors": 1,
        },
        {
            "source": "direct",
            "campaign": None,
            "variant": None,
            "device": "tablet",
            "form_id": form["id"],
            "visits": 1,
            "unique_visitors": 1,
        },
        {
            "source": "direct",
            "campaign": None,
            "variant": None,
            "device": "unknown",
            "form_id": form["id"],
            "visits": 2,
            "unique_visitors": 1,
        },
        {
            "source": "newsletter",
            "campaign": "mars",
            "variant": "B",
            "device": "tablet",
            "form_id": form["id"],
            "visits": 1,
            "unique_visitors": 1,
        },
        {
            "source": "www.google.fr",
            "campaign": None,
            "variant": None,
            "device": "mobile",
            "form_id": form["id"],
            "visits": 1,
            "unique_visitors": 1,
        },
    ]


def test_leads_sold_and_revenue_exclude_duplicates_invalid_and_undelivered(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    lp, form = demo_page(hub_con)
    attribution = {"source": "google", "utm_campaign": "hiver", "variant": "A"}
    cases = [
        ("sold", "sold"),
        ("suspicious", "suspicious"),
        ("routed", "routed"),
        ("dup", "duplicate"),
        ("bad", "invalid"),
    ]
    for lead_id, status in cases:
        insert_lead(hub_con, lead_id, lp, form, T0, status=status, **attribution)
    insert_delivery(hub_con, "d-sold", "sold", "cmd_soleil_pv", 3550, "delivered", T0)
    insert_delivery(hub_con, "d-rejected", "routed", "cmd_eco_pv", 3000, "rejected", T0)
    # 23:30 UTC in winter is the next Paris day.
    insert_lead(
        hub_con,
        "night",
        lp,
        form,
        datetime(2026, 1, 15, 23, 30, tzinfo=UTC),
        status="new",
        **attribution,
    )
    build_warehouse(settings)

    funnel = work_query(
        settings,
        "SELECT date, source, campaign, variant, leads, sold_leads, "
        "revenue_eur FROM funnel_daily ORDER BY date",
    )
    assert funnel == [
        {
            "date": date(2026, 1, 15),
            "source": "google",
            "campaign": "hiver",
            "variant": "A",
            "leads": 3,
            "sold_leads": 1,
            "revenue_eur": Decimal("35.50"),
        },
        {
            "date": date(2026, 1, 16),
            "source": "google",
            "campaign": "hiver",
            "variant": "A",
            "leads": 1,
            "sold_leads": 0,
            "revenue_eur": Decimal("0.00"),
        },
    ]
    with open_work(settings) as con:
        results = {r.check_name: r.passed for r in evaluate(con, "funnel_daily")}
    assert results == {"non_negative": True, "leads_complete": True}


def test_funnel_counts_one_row_per_step_for_a_visitor(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    lp, form = demo_page(hub_con)
    write_events(settings, visitor_funnel("v1", lp, form, T0, utm_source="google"))
    build_warehouse(settings)
    rows = work_query(settings, "SELECT * EXCLUDE (date, revenue_eur) FROM funnel_daily")
    assert rows == [
        {
            "account_id": lp["account_id"],
            "lp_id": lp["id"],
            "form_id": form["id"],
            "source": "google",
            "campaign": None,
            "variant": None,
            "device": "mobile",
            "is_test": False,
            "visits": 1,
            "unique_visitors": 1,
            "cta_clicks": 1,
            "form_starts": 1,
            "form_submits": 1,
            "leads": 0,
            "sold_leads": 0,
        }
    ]
