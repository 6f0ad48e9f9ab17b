"""The tracker in real Chromium on three loopback origins (LP, form, collector), asserted on the
lake the real collector wrote: one visitor across origins, attribution carried, every transport.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Request

from hub.snippets import STUB
from tests.e2e.helpers_browser import Row, StaticSite, wait_for_lake
from tests.e2e.procs import Stack

pytestmark = pytest.mark.e2e

LP_PATH = "/solaire/"
FORM_PATH = "/solaire/formulaire/"
THANKS_PATH = "/solaire/merci/"


@pytest.fixture(scope="module")
def collector(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    stack = Stack.create(tmp_path_factory.mktemp("tracker"))
    stack.cli("seed", "demo", "--json")
    stack.start("collector", "collector", ready=f"{stack.url('collector')}/health")
    try:
        yield stack
    finally:
        stack.stop_all()


def page_html(
    endpoint: str, key: str, *, body: str, head: str = "", early: str = "", **options: Any
) -> str:
    """A page with the public snippet: queue stub + init (+ early calls), then async t.js."""
    config = json.dumps({"key": key, "endpoint": endpoint, **options})
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{key}</title>{head}"
        f"<script>{STUB}lh('init',{config});{early}</script>"
        f"<script async src='{endpoint}/t.js'></script></head><body>{body}</body></html>"
    )


def wait_loaded(page: Page) -> None:
    page.wait_for_function("window.lh && window.lh.lh === 1")


def of_visitor(visitor_id: str, count: int) -> Any:
    def done(rows: list[Row]) -> bool:
        return len([r for r in rows if r["visitor_id"] == visitor_id]) >= count

    return done


def test_lp_to_form_funnel_keeps_one_visitor_and_the_campaign(
    collector: Stack, browser: Browser
) -> None:
    endpoint = collector.url("collector")
    with StaticSite() as lp, StaticSite() as form:
        lp.pages[LP_PATH] = page_html(
            endpoint,
            "lp_solaire_demo",
            form_url=form.url(FORM_PATH),
            test=True,
            early="lh('track','lp_early',{n:1});",  # queued before t.js exists
            body=f"<h1>Solaire</h1><a id='cta' href='{form.url(FORM_PATH)}'>Mon devis</a>",
        )
        form.pages[FORM_PATH] = page_html(
            endpoint,
            "fm_solaire_demo",
            test=True,
            body=f"<form id='lead' data-lh-lead method='post' action='{THANKS_PATH}'>"
            "<input name='nom'><input name='telephone'><button type='submit'>Envoyer</button>"
            "</form>",
        )
        context = browser.new_context()
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))

        page.goto(lp.url(LP_PATH + "?utm_source=google&utm_campaign=hiver"))
        wait_loaded(page)
        page.click("#cta")
        page.wait_for_url(f"{form.origin}{FORM_PATH}**")
        wait_loaded(page)
        assert "lh_vid" not in page.url and "utm_source=google" in page.url  # ids cleaned
        page.fill("input[name=nom]", "Durand")
        page.evaluate("lh('track', 'form_step', {step: 2})")  # after load: straight through
        page.fill("input[name=telephone]", "0612345679")
        page.click("button[type=submit]")
        page.wait_for_url(f"{form.origin}{THANKS_PATH}")
        context.close()

        arrival = next(h for h in form.hits if h.path.startswith(FORM_PATH))
        posted = next(h for h in form.hits if h.method == "POST").form

    # The CTA carried the ids and the campaign to the form origin, as query parameters.
    assert "utm_source=google" in arrival.path and "utm_campaign=hiver" in arrival.path
    visitor_id = posted["visitor_id"][0]
    assert f"lh_vid={visitor_id}" in arrival.path

    rows = wait_for_lake(collector.data_dir, of_visitor(visitor_id, 7))
    events = [r for r in rows if r["visitor_id"] == visitor_id]
    assert sorted(r["type"] for r in events) == sorted(
        [
            "page_view",
            "lp_early",
            "cta_click",
            "page_view",
            "form_start",
            "form_step",
            "form_submit",
        ]
    )
    assert len({r["event_id"] for r in events}) == 7
    assert {r["session_id"] for r in events} == {posted["session_id"][0]}
    assert {(r["utm_source"], r["utm_campaign"]) for r in events} == {("google", "hiver")}
    assert all(r["is_test"] and r["account_id"] == "acc_soleil" for r in events)
    by_type = {r["type"]: r for r in events}
    lp_types = {"lp_early", "cta_click"}
    assert {r["key"] for r in events if r["type"] in lp_types} == {"lp_solaire_demo"}
    assert {r["key"] for r in events if r["type"].startswith("form_")} == {"fm_solaire_demo"}
    assert by_type["lp_early"]["url"].startswith(lp.origin)
    assert json.loads(by_type["lp_early"]["props"]) == {"n": 1}
    assert json.loads(by_type["form_step"]["props"]) == {"step": 2}
    assert json.loads(by_type["cta_click"]["props"])["href"] == form.url(
        FORM_PATH + "?utm_source=google&utm_campaign=hiver"
    )
    assert by_type["form_submit"]["url"] == form.url(
        FORM_PATH + "?utm_source=google&utm_campaign=hiver"
    )
    assert by_type["form_submit"]["form_id"] is not None

    # The plain HTML POST of the lead carried the ids and attribution in hidden inputs.
    assert posted["nom"] == ["Durand"]
    assert posted["utm_source"] == ["google"] and posted["utm_campaign"] == ["hiver"]
    assert posted["page_url"][0].startswith(form.url(FORM_PATH))
    assert errors == []


@pytest.mark.parametrize("transport", ["fetch", "pixel"])
def test_events_arrive_without_sendbeacon(
    collector: Stack, browser: Browser, transport: str
) -> None:
    """The page deletes navigator.sendBeacon: keepalive fetch; if the POST fails, pixels."""
    endpoint = collector.url("collector")
    context = browser.new_context()
    if transport == "pixel":
        context.route("**/v1/events", lambda route: route.fulfill(status=503, body="down"))
    sent: list[Request] = []
    context.on("request", lambda r: sent.append(r) if r.url.startswith(endpoint + "/v1/") else None)
    with StaticSite() as lp:
        lp.pages[LP_PATH] = page_html(
            endpoint,
            "lp_pac_demo",
            head="<script>delete Navigator.prototype.sendBeacon;</script>",
            body="<button data-lh-cta='hero'>Je me lance</button>",
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(lp.url(LP_PATH + "?utm_source=bing&variant=b"))
        wait_loaded(page)
        assert page.evaluate("typeof navigator.sendBeacon") == "undefined"
        page.click("button")  # cta_click flushes at once, with the pending page_view
        visitor_id = page.evaluate("localStorage.getItem('lh_vid')")
        rows = wait_for_lake(collector.data_dir, of_visitor(visitor_id, 2))
        context.close()

    events = [r for r in rows if r["visitor_id"] == visitor_id]
    assert sorted(r["type"] for r in events) == ["cta_click", "page_view"]
    assert {(r["key"], r["utm_source"], r["variant"]) for r in events} == {
        ("lp_pac_demo", "bing", "b")
    }
    click = next(r for r in events if r["type"] == "cta_click")
    assert json.loads(click["props"])["cta"] == "hero"
    kinds = {(r.resource_type, r.method, r.url.split("?")[0].removeprefix(endpoint)) for r in sent}
    posted = ("fetch", "POST", "/v1/events")
    pixel = ("image", "GET", "/v1/p.gif")
    assert kinds == ({posted} if transport == "fetch" else {posted, pixel})
    assert all(r.resource_type != "ping" for r in sent)
    assert errors == []
