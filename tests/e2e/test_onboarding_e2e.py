"""Onboarding from an empty data dir, on real processes (issue 9, "what it must show").

``leadhub init --json`` prints an API key; everything else goes through API v1 with it: a brand
under the entity, a product, the LP and its form on two loopback origins, the buyer whose
webhook is the fake CRM, its commande. The LP's brief gives the snippets, pasted into real
static pages; in Chromium a visitor accepts the consent banner (the CMP calls
``lh('consent', true)``, as the brief says), clicks the CTA and sends a lead. Then the buyer has
it exactly once, the activity log holds every change with the key as actor, and after
``leadhub pipelines run`` the dashboard's funnel reader shows the visit, the CTA, the lead and
the revenue; so does the real dashboard process in Chromium, signed in as the super-admin
``leadhub init`` printed. Screenshots: tests/e2e/artifacts/onboarding_*.png.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from dashboard.data import load_funnel, totals
from hub.calendar import PARIS
from hub.db import utcnow
from hub.settings import load_settings
from tests.e2e.analytics_traffic import AGENT
from tests.e2e.helpers_browser import StaticSite, wait_for_lake, wait_loaded
from tests.e2e.onboarding_api import PRICE_CENTS, Api, Tenant, html_blocks, set_up
from tests.e2e.procs import REPO, Stack, wait_for

pytestmark = pytest.mark.e2e

ARTIFACTS = REPO / "tests" / "e2e" / "artifacts"  # git-ignored, kept after the run
FUNNEL = {"page_view", "cta_click", "form_start", "form_submit"}
CMP_BANNER = (
    "<div id='cmp'>Nous mesurons l'audience de ce site. "
    "<button onclick=\"lh('consent', true); this.parentNode.remove()\">Accepter</button> "
    "<button onclick=\"lh('consent', false); this.parentNode.remove()\">Refuser</button></div>"
)


def page(title: str, head: str, body: str) -> str:
    return (
        f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>{title}</title>"
        f"{head}</head><body>{body}</body></html>"
    )


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, dict[str, Any]]]:
    # A real business's first visitor: real traffic (the funnel leaves test traffic out), so
    # the browser shows a desktop Chrome's user agent (headless Chrome's is a bot's).
    stack = Stack.create(tmp_path_factory.mktemp("onboarding"), LEADHUB_TEST_MODE="0")
    assert not any(stack.data_dir.iterdir()), "the data dir must start empty"
    out = stack.cli(
        "init", "--json", "--entity-name", "Soleil Habitat", "--email", "admin@soleil-habitat.fr"
    )
    init = json.loads(out)
    try:
        stack.start("collector", "collector", ready=f"{stack.url('collector')}/health")
        stack.start("router", "router")
        yield stack, init
    finally:
        stack.stop_all()


def visit_and_send_a_lead(browser: Browser, lp_url: str) -> None:
    """A visitor from a Google campaign: consent banner, CTA, form, thank-you page."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="fr-FR", user_agent=AGENT)
    tab: Page = context.new_page()
    tab.goto(f"{lp_url}?utm_source=google&utm_campaign=hiver")
    wait_loaded(tab)
    tab.get_by_role("button", name="Accepter").click()
    tab.click("#cta")
    tab.wait_for_url("**/devis/**")
    wait_loaded(tab)
    tab.fill("input[name=prenom]", "Camille")
    tab.fill("input[name=nom]", "Durand")
    tab.fill("input[name=telephone]", "06 12 34 56 79")
    tab.fill("input[name=code_postal]", "13100")
    tab.fill("input[name=email]", "camille.durand@orange.fr")
    tab.check("input[name=consentement]")
    tab.screenshot(path=str(ARTIFACTS / "onboarding_form.png"), full_page=True)
    tab.get_by_role("button", name="Recevoir mon devis gratuit").click()
    tab.wait_for_url("**/merci/**")
    expect(tab.locator("h1")).to_have_text("Merci")
    tab.screenshot(path=str(ARTIFACTS / "onboarding_merci.png"), full_page=True)
    context.close()


def test_from_empty_data_dir_to_a_sold_lead_on_the_funnel(
    stack: tuple[Stack, dict[str, Any]], browser: Browser
) -> None:
    stack_, init = stack
    api = Api(stack_.url("collector"), init["api_key"])
    with StaticSite() as lp_site, StaticSite() as form_site:
        crm = f"{stack_.url('fake_crm')}/leads"
        tenant = set_up(api, init["account_id"], lp_site.origin, form_site.origin, crm)
        stack_.start_fake_crm(tenant.buyer["secret"])
        serve_the_brief(api, tenant, lp_site, form_site)
        visit_and_send_a_lead(browser, tenant.lp["url"])
    lead = the_lead_is_sold_with_its_visit(api, stack_, tenant)
    the_buyer_got_it_once(stack_, lead["id"])
    every_change_is_logged_with_the_key(api)
    the_funnel_shows_it(stack_, tenant)
    the_dashboard_shows_it_to_the_admin_init_printed(stack_, browser, init)


def serve_the_brief(api: Api, tenant: Tenant, lp_site: StaticSite, form_site: StaticSite) -> None:
    """The LP developer pastes the brief's snippets into the pages, unchanged."""
    brief = api.call("GET", f"/v1/landing-pages/{tenant.lp['id']}/brief")
    lp_key, form_key = tenant.lp["key"], tenant.form["key"]
    assert f"clé de landing page `{lp_key}`, clé de formulaire `{form_key}`" in brief
    assert "`lh('consent', true)`" in brief
    lp_snippet, _gtm, form_snippet, form_html = html_blocks(brief)[:4]
    assert f'"key": "{lp_key}"' in lp_snippet and tenant.form["url"] in lp_snippet
    assert f'"key": "{form_key}"' in form_snippet and "/v1/leads" in form_html
    for origin in (lp_site.origin, form_site.origin):
        assert f"{origin} : ✅ autorisée" in brief
    cta = f"<a id='cta' href='{tenant.form['url']}'>Recevoir mon devis gratuit</a>"
    lp_site.pages["/solaire/"] = page(
        "Panneaux solaires", lp_snippet, f"{CMP_BANNER}<h1>Panneaux solaires</h1>{cta}"
    )
    form_site.pages["/devis/"] = page("Devis", form_snippet, f"<h1>Votre devis</h1>{form_html}")
    form_site.pages["/merci/"] = page("Merci", "", "<h1>Merci</h1>")


def the_lead_is_sold_with_its_visit(api: Api, stack: Stack, tenant: Tenant) -> dict[str, Any]:
    """One visitor and session across both origins, carried into the lead with the campaign."""
    rows = wait_for_lake(stack.data_dir, lambda rows: {r["type"] for r in rows} >= FUNNEL, 45)
    assert sorted(r["type"] for r in rows) == sorted([*FUNNEL, "page_view"]), rows
    assert {r["key"] for r in rows} == {tenant.lp["key"], tenant.form["key"]}
    [visitor_id] = {r["visitor_id"] for r in rows}
    [session_id] = {r["session_id"] for r in rows}
    assert {r["utm_source"] for r in rows} == {"google"}

    def sold() -> bool:
        items = api.call("GET", "/v1/leads")["items"]
        return len(items) == 1 and items[0]["status"] == "sold"

    wait_for(sold, 30, "the lead to be sold")
    [lead] = api.call("GET", "/v1/leads")["items"]
    assert (lead["visitor_id"], lead["session_id"]) == (visitor_id, session_id)
    assert (lead["utm_source"], lead["utm_campaign"]) == ("google", "hiver")
    assert lead["account_id"] == tenant.brand_id and lead["form_key"] == tenant.form["key"]
    assert lead["departement"] == "13"
    return dict(lead)


def the_buyer_got_it_once(stack: Stack, lead_id: str) -> None:
    received = httpx.get(f"{stack.url('fake_crm')}/_fake/received", timeout=10).json()
    assert len(received["leads"]) == 1 and received["replays"] == 0, received
    [got] = received["leads"]
    assert got["body"]["lead_id"] == lead_id and got["signature_valid"] is True


def every_change_is_logged_with_the_key(api: Api) -> None:
    [key] = api.call("GET", "/v1/api-keys")["items"]
    actor = f"api_key:{key['id']}"
    log = api.call("GET", f"/v1/activity?limit=200&by={actor}")
    logged = sorted((e["action"], e["subject"]) for e in log["items"])
    assert logged == sorted(api.changes), (logged, api.changes)
    assert {e["actor"] for e in log["items"]} == {actor}


def the_funnel_shows_it(stack: Stack, tenant: Tenant) -> None:
    stack.cli("pipelines", "run", timeout=300)
    settings = load_settings(data_dir=stack.data_dir, allow_private_network=True)
    today = utcnow().astimezone(PARIS).date()
    frame = load_funnel(
        settings.warehouse_db,
        [tenant.entity_id, tenant.brand_id],
        today - timedelta(days=1),
        today + timedelta(days=1),
    )
    sums = totals(frame)
    steps = ("visits", "cta_clicks", "form_starts", "form_submits", "leads", "sold_leads")
    assert [sums[s] for s in steps] == [1, 1, 1, 1, 1, 1], sums
    assert sums["revenue_eur"] == PRICE_CENTS / 100
    assert set(frame["lp_id"]) == {tenant.lp["id"]}


def the_dashboard_shows_it_to_the_admin_init_printed(
    stack: Stack, browser: Browser, init: dict[str, Any]
) -> None:
    """The real dashboard process: the super-admin ``leadhub init`` printed signs in with its
    generated password and the funnel page shows the visit, the CTA, the lead and the sale."""
    stack.start("dashboard", "dashboard", ready=f"{stack.url('dashboard')}/_stcore/health")
    tab = browser.new_page(viewport={"width": 1400, "height": 1400})
    tab.goto(stack.url("dashboard") + "/")
    tab.get_by_label("E-mail").fill(init["admin"]["email"], timeout=30_000)
    tab.get_by_label("Mot de passe").fill(init["admin"]["password"])
    tab.get_by_role("button", name="Se connecter").click()
    tab.get_by_text("Entonnoir de conversion").wait_for(timeout=30_000)
    steps = ("Visites", "Clics CTA", "Formulaires envoyés", "Leads", "Leads vendus")
    for label in steps:  # Streamlit draws the cards one by one: wait for every one of them
        labels = tab.get_by_test_id("stMetricLabel")
        labels.get_by_text(label, exact=True).first.wait_for(timeout=30_000)
    metrics = {
        card.get_by_test_id("stMetricLabel").inner_text().strip(): card.get_by_test_id(
            "stMetricValue"
        )
        .inner_text()
        .strip()
        for card in tab.locator('[data-testid="stMetric"]').all()
    }
    tab.screenshot(path=str(ARTIFACTS / "onboarding_dashboard_funnel.png"), full_page=True)
    assert [metrics.get(s) for s in steps] == ["1"] * len(steps), metrics
    assert metrics["Chiffre d'affaires (€)"].startswith(f"{PRICE_CENTS // 100},00"), metrics
    tab.close()
