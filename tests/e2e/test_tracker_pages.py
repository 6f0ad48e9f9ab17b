"""The tracker on real pages in Chromium, asserted on the lake of the real collector: injected
like GTM does, single-page apps and CTAs rendered late, the test-traffic flag from the URL.
"""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import Browser

from tests.e2e.helpers_browser import (
    SENT_ALL,
    Sent,
    StaticSite,
    of_visitor,
    page_html,
    read_lake,
    wait_for_lake,
    wait_loaded,
)
from tests.e2e.procs import Stack

pytestmark = pytest.mark.e2e

LP_PATH = "/solaire/"
FORM_PATH = "/solaire/formulaire/"
THANKS_PATH = "/solaire/merci/"


def test_script_injected_like_gtm_without_data_attributes(
    collector: Stack, browser: Browser
) -> None:
    """GTM Custom HTML: stub + init inline, then a script element created by code (no data-*,
    no endpoint in init: it comes from the script's own URL)."""
    endpoint = collector.url("collector")
    with StaticSite() as lp:
        lp.pages[LP_PATH] = (
            "<!doctype html><html><head><meta charset='utf-8'><title>gtm</title></head><body>"
            "<h1>GTM</h1><script>"
            "window.lh=window.lh||function(){(lh.q=lh.q||[]).push(arguments)};"
            "lh('init',{key:'lp_ite_demo',test:true,consent:true});lh('track','gtm_tag',{g:1});"
            "(function(){var s=document.createElement('script');s.async=true;"
            f"s.src='{endpoint}/t.js';document.head.appendChild(s);}})();"
            "</script></body></html>"
        )
        context = browser.new_context()
        page = context.new_page()
        page.goto(lp.url(LP_PATH))
        wait_loaded(page)
        visitor_id = page.evaluate("localStorage.getItem('lh_vid')")
        rows = wait_for_lake(collector.data_dir, of_visitor(visitor_id, 2))
        context.close()
    events = {r["type"]: r for r in rows if r["visitor_id"] == visitor_id}
    assert set(events) == {"page_view", "gtm_tag"}
    assert events["gtm_tag"]["key"] == "lp_ite_demo" and events["gtm_tag"]["url"].startswith(
        lp.origin
    )


def test_single_page_app_route_changes_are_page_views_and_late_ctas_count(
    collector: Stack, browser: Browser
) -> None:
    endpoint = collector.url("collector")
    with StaticSite() as app:
        app.pages["/app/"] = page_html(
            endpoint,
            "lp_solaire_demo",
            test=True,
            consent=True,
            form_url="https://form.example/devis/",
            body="<h1>SPA</h1>",
        )
        context = browser.new_context()
        page = context.new_page()
        page.goto(app.url("/app/"))
        wait_loaded(page)
        page.evaluate("history.pushState({}, '', '/app/simulation?utm_source=spa')")
        page.evaluate("history.replaceState({}, '', '/app/simulation?utm_source=spa')")  # same
        page.evaluate("location.hash = 'details'")  # a hash change is not a page
        page.evaluate("history.pushState({}, '', '/app/devis')")
        page.go_back()  # popstate back to /app/simulation#details
        page.wait_for_function("location.pathname === '/app/simulation'")
        # The app renders its CTA after load: counted by delegation (then leaves the origin).
        page.evaluate(
            "document.body.insertAdjacentHTML('beforeend',"
            " '<a id=late href=https://form.example/devis/?x=1><b>Devis</b></a>')"
        )
        page.route("https://form.example/**", lambda route: route.fulfill(body="devis"))
        visitor_id = page.evaluate("localStorage.getItem('lh_vid')")
        page.click("#late b")
        rows = wait_for_lake(collector.data_dir, of_visitor(visitor_id, 5))
        time.sleep(1.2)
        context.close()
    events = [
        r
        for r in read_lake(collector.data_dir / "lake" / "raw" / "events")
        if r["visitor_id"] == visitor_id
    ]
    [click] = [r for r in events if r["type"] == "cta_click"]
    assert json.loads(click["props"])["href"] == "https://form.example/devis/?x=1&utm_source=spa"
    views = [r for r in events if r["type"] == "page_view"]
    views.sort(key=lambda r: r["ts"])
    paths = [r["url"].removeprefix(app.origin) for r in views]
    assert paths == [
        "/app/",
        "/app/simulation?utm_source=spa",
        "/app/devis",
        "/app/simulation?utm_source=spa#details",
    ]
    assert [r["referrer"] for r in views[1:3]] == [
        app.url("/app/"),
        app.url("/app/simulation?utm_source=spa"),
    ]
    assert {r["type"] for r in views} == {"page_view"}
    assert [r["utm_source"] for r in views] == [None, "spa", "spa", "spa"]
    assert len(rows) >= 5


def test_test_traffic_flag_from_the_url_is_sent_and_carried(
    collector: Stack, browser: Browser
) -> None:
    """?lh_test=1 (no init option): every event says is_test, the flag follows consenting
    links, and the address bar loses it. (This collector runs in test mode, where the lake
    marks everything as test: the flag is asserted on what the browser sent.)"""
    endpoint = collector.url("collector")
    context = browser.new_context()
    sent = Sent(context, endpoint)
    with StaticSite() as lp:
        lp.pages[LP_PATH] = page_html(
            endpoint,
            "lp_ite_demo",
            consent=True,
            form_url="https://form.example/ite/",
            body="<a id='cta' href='https://form.example/ite/'>Devis</a>",
        )
        page = context.new_page()
        page.goto(lp.url(LP_PATH + "?lh_test=1&utm_source=smoke"))
        wait_loaded(page)
        assert page.url == lp.url(LP_PATH + "?utm_source=smoke")
        page.dispatch_event("#cta", "mousedown")
        assert "lh_test=1" in (page.get_attribute("#cta", "href") or "")
        page.evaluate("lh('track', 'flagged')")
        page.wait_for_function(SENT_ALL)  # beacons sent while the page lives are recorded
        page.goto(lp.url(LP_PATH))  # a later page without the parameter
        wait_loaded(page)
        page.evaluate("lh('track', 'unflagged')")
        page.wait_for_function(SENT_ALL)
        context.close()
    bodies = [json.loads(b) for b in sent.beacons]
    events = {e["type"] + str(e.get("is_test")): e for b in bodies for e in b.get("events", [b])}
    assert {"page_viewTrue", "flaggedTrue", "page_viewNone", "unflaggedNone"} <= set(events)
