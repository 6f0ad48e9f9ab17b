"""One lead from a landing-page visit to a buyer and a funnel on screen, on real processes.

LP, form and collector are three loopback origins; Chromium clicks the CTA, fills and submits
the form; then the lake, the hub, the buyer, the warehouse and the dashboard must all agree.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest
from playwright.sync_api import Browser, expect

from routing.signing import verify_signature
from tests.e2e.analytics_traffic import AGENT
from tests.e2e.procs import Stack, wait_for

pytestmark = pytest.mark.e2e

SECRET = "whsec_ZTJlLWZ1bGwtcGF0aC1zZWNyZXQtMTIzNA=="
PASSWORD = "e2e-password"
FUNNEL_TYPES = ("page_view", "cta_click", "form_start", "form_submit")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, dict[str, Any]]]:
    # Real traffic (not test): the dashboard's funnel leaves test traffic out, and this visit
    # must be in it. The browser then shows a desktop Chrome's user agent: headless Chrome's is a
    # bot's, refused unless the traffic is test.
    stack = Stack.create(tmp_path_factory.mktemp("fullpath"), LEADHUB_TEST_MODE="0")
    world = stack.seed(SECRET, PASSWORD)
    stack.start_fake_crm(SECRET)
    stack.start("collector", "collector", ready=f"{stack.url('collector')}/health")
    stack.start("router", "router")
    stack.start("demo-site", "demo-site", ready=f"{stack.url('demo_form')}/solaire/merci/")
    try:
        yield stack, world
    finally:
        stack.stop_all()


def lake_events(data_dir: Path) -> list[dict[str, Any]]:
    files = sorted((data_dir / "lake" / "raw" / "events").glob("date=*/*.parquet"))
    if not files:
        return []
    with duckdb.connect() as con:
        cur = con.execute(
            "SELECT type, key, visitor_id, session_id, utm_source FROM read_parquet(?)"
            " ORDER BY received_at",
            [[str(f) for f in files]],
        )
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def test_visit_to_sold_lead_to_funnel(
    stack: tuple[Stack, dict[str, Any]], browser: Browser
) -> None:
    stack_, world = stack
    lp = next(lp for lp in world["lps"] if lp["key"] == "lp_solaire_demo")
    page = browser.new_context(user_agent=AGENT).new_page()
    page.goto(f"{lp['url']}?utm_source=google&utm_campaign=hiver")
    page.get_by_role("button", name="Accepter").click()  # the consent banner
    page.click("#cta")
    page.wait_for_url("**/solaire/formulaire/**")
    page.fill("input[name=prenom]", "Camille")
    page.fill("input[name=nom]", "Durand")
    page.fill("input[name=telephone]", "06 12 34 56 79")
    page.fill("input[name=code_postal]", "13100")
    page.fill("input[name=email]", "camille.durand@example.fr")
    page.check("input[name=consentement]")
    page.click("button[type=submit]")
    page.wait_for_url("**/solaire/merci/**")
    expect(page.locator("#merci")).to_be_visible()
    page.close()

    # The lake: the four funnel events, one visitor across the LP and form origins.
    def funnel_landed() -> bool:
        types = {e["type"] for e in lake_events(stack_.data_dir)}
        return set(FUNNEL_TYPES) <= types

    wait_for(funnel_landed, 20, "funnel events in the lake")
    events = lake_events(stack_.data_dir)
    assert sorted(e["type"] for e in events) == sorted(
        ["page_view", "cta_click", "page_view", "form_start", "form_submit"]
    ), events
    assert len({e["visitor_id"] for e in events}) == 1
    assert len({e["session_id"] for e in events}) == 1
    assert {e["key"] for e in events} == {"lp_solaire_demo", "fm_solaire_demo"}
    assert {e["utm_source"] for e in events} == {"google"}

    # The hub holds the lead with the visitor id, sold to a buyer.
    con = sqlite3.connect(stack_.data_dir / "hub.sqlite3")
    con.row_factory = sqlite3.Row

    def lead_sold() -> bool:
        row = con.execute("SELECT status FROM leads").fetchone()
        return row is not None and row["status"] == "sold"

    wait_for(lead_sold, 20, "the lead to be sold")
    lead = con.execute("SELECT * FROM leads").fetchone()
    assert lead["visitor_id"] == events[0]["visitor_id"]
    assert lead["phone_e164"] == "+33612345679" and lead["departement"] == "13"
    con.close()

    # The fake CRM received it exactly once, signed.
    received = httpx.get(f"{stack_.url('fake_crm')}/_fake/received").json()
    assert len(received["leads"]) == 1
    got = received["leads"][0]
    assert got["body"]["lead_id"] == lead["id"]
    assert got["signature_valid"] is True
    assert verify_signature(SECRET, got["headers"], got["raw_body"])

    # The warehouse: one of each step in funnel_daily of the published snapshot.
    stack_.cli("pipelines", "run", timeout=300)
    with duckdb.connect(
        str(stack_.data_dir / "warehouse" / "leadhub.duckdb"), read_only=True
    ) as wh:
        row = wh.execute(
            "SELECT sum(visits), sum(cta_clicks), sum(form_starts), sum(form_submits),"
            " sum(leads), sum(sold_leads) FROM funnel_daily"
        ).fetchone()
    assert row == (1, 1, 1, 1, 1, 1)

    # The dashboard shows those numbers to the logged-in marketer.
    stack_.start("dashboard", "dashboard", ready=f"{stack_.url('dashboard')}/_stcore/health")
    page = browser.new_page()
    page.goto(stack_.url("dashboard"))
    page.get_by_label("E-mail").fill(world["login"]["user"])
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    for label in (
        "Visites",
        "Clics CTA",
        "Débuts de formulaire",
        "Formulaires envoyés",
        "Leads",
        "Leads vendus",
    ):
        metric = page.locator("[data-testid=stMetric]").filter(
            has=page.get_by_text(label, exact=True)
        )
        expect(metric.locator("[data-testid=stMetricValue]")).to_have_text("1", timeout=30_000)
    page.close()
