"""The tracker's transports in real Chromium on three loopback origins (LP, form, collector),
asserted on the lake the real collector wrote: sendBeacon, fetch, pixel, a click that leaves at
once, offline then online, the keepalive budget. Pages: ``test_tracker_pages.py``.
"""

from __future__ import annotations

import json

import httpx
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
    with_props,
)
from tests.e2e.procs import Stack

pytestmark = pytest.mark.e2e

LP_PATH = "/solaire/"
FORM_PATH = "/solaire/formulaire/"
THANKS_PATH = "/solaire/merci/"


def test_lp_to_form_funnel_by_sendbeacon_keeps_one_visitor_and_the_campaign(
    collector: Stack, browser: Browser
) -> None:
    endpoint = collector.url("collector")
    with StaticSite() as lp, StaticSite() as form:
        lp.pages[LP_PATH] = page_html(
            endpoint,
            "lp_solaire_demo",
            form_url=form.url(FORM_PATH),
            test=True,
            consent=True,  # the form page adopts it from the link (lh_c=1)
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
        sent = Sent(context, endpoint)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))

        page.goto(lp.url(LP_PATH + "?utm_source=google&utm_campaign=hiver"))
        wait_loaded(page)
        page.click("#cta")
        page.wait_for_url(f"{form.origin}{FORM_PATH}**")
        wait_loaded(page)
        assert "lh_" not in page.url and "utm_source=google" in page.url  # carried ids cleaned
        assert page.evaluate("lh.consent") is True
        page.fill("input[name=nom]", "Durand")
        page.evaluate("lh('step', 2)")  # after load: straight through
        page.fill("input[name=telephone]", "0612345679")
        page.click("button[type=submit]")
        page.wait_for_url(f"{form.origin}{THANKS_PATH}")
        context.close()

        arrival = next(h for h in form.hits if h.path.startswith(FORM_PATH))
        posted = next(h for h in form.hits if h.method == "POST").form

    assert "utm_source=google" in arrival.path and "utm_campaign=hiver" in arrival.path
    visitor_id = posted["visitor_id"][0]
    assert f"lh_vid={visitor_id}" in arrival.path and "lh_c=1" in arrival.path

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
    assert {r["key"] for r in events if r["type"] in ("lp_early", "cta_click")} == {
        "lp_solaire_demo"
    }
    assert {r["key"] for r in events if r["type"].startswith("form_")} == {"fm_solaire_demo"}
    assert json.loads(by_type["lp_early"]["props"])["n"] == 1
    assert json.loads(by_type["form_step"]["props"])["step"] == 2
    assert json.loads(by_type["cta_click"]["props"])["href"] == form.url(
        FORM_PATH + "?utm_source=google&utm_campaign=hiver"
    )
    assert by_type["form_submit"]["form_id"] is not None
    # Every event went by sendBeacon (a "ping"), each in exactly one request.
    assert sent.kinds() == {("ping", "POST", "/v1/events")}
    assert sorted(sent.event_ids()) == sorted(r["event_id"] for r in events)
    assert posted["utm_source"] == ["google"] and posted["page_url"][0].startswith(form.origin)
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
    sent = Sent(context, endpoint)
    with StaticSite() as lp:
        lp.pages[LP_PATH] = page_html(
            endpoint,
            "lp_pac_demo",
            test=True,
            consent=True,
            head="<script>delete Navigator.prototype.sendBeacon;</script>",
            body="<button data-lh-cta='hero'>Je me lance</button>",
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(lp.url(LP_PATH + "?utm_source=bing&variant=b&gclid=g-1&fbclid=f-1"))
        wait_loaded(page)
        assert page.evaluate("typeof navigator.sendBeacon") == "undefined"
        page.click("button")  # cta_click flushes at once, with the pending page_view
        visitor_id = page.evaluate("localStorage.getItem('lh_vid')")
        rows = wait_for_lake(collector.data_dir, of_visitor(visitor_id, 2))
        page.wait_for_function(SENT_ALL)
        context.close()

    events = [r for r in rows if r["visitor_id"] == visitor_id]
    assert sorted(r["type"] for r in events) == ["cta_click", "page_view"]
    assert {(r["key"], r["utm_source"], r["variant"], r["gclid"], r["fbclid"]) for r in events} == {
        ("lp_pac_demo", "bing", "b", "g-1", "f-1")
    }
    click = next(r for r in events if r["type"] == "cta_click")
    assert json.loads(click["props"])["cta"] == "hero"
    posted = ("fetch", "POST", "/v1/events")
    pixel = ("image", "GET", "/v1/p.gif")
    assert sent.kinds() == ({posted} if transport == "fetch" else {posted, pixel})
    assert errors == []


def test_a_click_that_navigates_away_at_once_is_not_lost(
    collector: Stack, browser: Browser
) -> None:
    """The page's own handler leaves synchronously; a custom event tracked just before too."""
    endpoint = collector.url("collector")
    with StaticSite() as lp, StaticSite() as other:
        other.pages["/next/"] = "<!doctype html><title>next</title><h1>ailleurs</h1>"
        lp.pages[LP_PATH] = page_html(
            endpoint,
            "lp_ite_demo",
            test=True,
            consent=True,
            body=f"<button id='go' data-lh-cta='go'>Go</button><script>"
            "document.getElementById('go').addEventListener('click', function () {"
            f"  lh('track', 'leaving', {{why: 'now'}}); location.replace('{other.url('/next/')}');"
            "});</script>",
        )
        context = browser.new_context()
        page = context.new_page()
        page.goto(lp.url(LP_PATH))
        wait_loaded(page)
        visitor_id = page.evaluate("localStorage.getItem('lh_vid')")
        page.click("#go")
        page.wait_for_url(other.url("/next/"))
        rows = wait_for_lake(collector.data_dir, of_visitor(visitor_id, 3))
        context.close()
    assert sorted(r["type"] for r in rows if r["visitor_id"] == visitor_id) == [
        "cta_click",
        "leaving",
        "page_view",
    ]


def test_offline_events_are_sent_once_when_back_online_even_from_a_closed_page(
    collector: Stack, browser: Browser
) -> None:
    endpoint = collector.url("collector")
    repeats_before = repeats_dropped(endpoint)
    context = browser.new_context()
    sent = Sent(context, endpoint)
    with StaticSite() as lp:
        lp.pages[LP_PATH] = page_html(
            endpoint,
            "lp_solaire_demo",
            test=True,
            consent=True,
            body="<button data-lh-cta='offline'>Devis</button>",
        )
        page = context.new_page()
        page.goto(lp.url(LP_PATH))
        wait_loaded(page)
        visitor_id = page.evaluate("localStorage.getItem('lh_vid')")
        wait_for_lake(collector.data_dir, of_visitor(visitor_id, 1))  # the first page view

        # Offline in the same page: held, then sent by the `online` event.
        context.set_offline(True)
        page.evaluate("lh('track', 'offline_same_page')")
        page.click("button")
        page.wait_for_timeout(1500)  # past the 1 s batching delay: nothing may go out
        assert len(sent.event_ids()) == 1
        context.set_offline(False)
        wait_for_lake(collector.data_dir, of_visitor(visitor_id, 3))

        # Offline, then the page goes away: its queue waits in localStorage for the next page.
        context.set_offline(True)
        page.evaluate("lh('track', 'offline_then_closed')")
        page.goto("about:blank")
        context.set_offline(False)
        page.goto(lp.url(LP_PATH))  # adopts the released queue and sends it
        rows = wait_for_lake(collector.data_dir, of_visitor(visitor_id, 5))
        page.wait_for_function(SENT_ALL)
        # Anything sent twice would have been sent by now. wait_for_timeout, not time.sleep:
        # the beacon recorder is a binding, and its calls are only taken in while Playwright
        # runs; read before closing the context, which drops calls not yet taken in.
        page.wait_for_timeout(1500)
        ids = sent.event_ids()
        context.close()

    events = [r for r in read_lake(collector.data_dir / "lake" / "raw" / "events")]
    events = [r for r in events if r["visitor_id"] == visitor_id]
    assert sorted(r["type"] for r in events) == sorted(
        ["page_view", "offline_same_page", "cta_click", "offline_then_closed", "page_view"]
    )
    # Each sent exactly once. The page-side recorder sees what a live page sends; a beacon sent
    # while the page unloads (the queue flushed on `pagehide`, delivered once the network is
    # back) can escape it, so the collector's own count decides: its roller dropped no repeat.
    assert len(ids) == len(set(ids)) and set(ids) <= {r["event_id"] for r in events}
    unseen = [r["type"] for r in events if r["event_id"] not in ids]
    assert unseen in ([], ["offline_then_closed"]), unseen
    assert repeats_dropped(endpoint) == repeats_before
    assert len(rows) >= 5


def repeats_dropped(endpoint: str) -> float:
    """Events the collector's roller dropped as repeats of an id it had (``/metrics``)."""
    text = httpx.get(f"{endpoint}/metrics", timeout=10).text
    name = "leadhub_lake_duplicates_dropped_total "
    return sum(float(ln.split()[-1]) for ln in text.splitlines() if ln.startswith(name))


def test_a_burst_is_split_within_the_keepalive_budget(collector: Stack, browser: Browser) -> None:
    endpoint = collector.url("collector")
    context = browser.new_context()
    sent = Sent(context, endpoint)
    with StaticSite() as lp:
        lp.pages[LP_PATH] = page_html(endpoint, "lp_pac_demo", test=True, body="<h1>PAC</h1>")
        page = context.new_page()
        page.goto(lp.url(LP_PATH + "?burst=1"))
        wait_loaded(page)
        page.evaluate(
            "for (let i = 0; i < 60; i++) lh('track', 'burst', {i, pad: 'x'.repeat(3000)})"
        )
        rows = wait_for_lake(
            collector.data_dir, lambda rows: len(with_props(rows, pad="x" * 3000)) >= 60
        )
        context.close()
    burst = [json.loads(r["props"]) for r in with_props(rows, pad="x" * 3000)]
    assert sorted(p["i"] for p in burst) == list(range(60))
    sizes = [len(r.post_data_buffer or b"") for r in sent.requests]
    assert len(sizes) >= 4 and max(sizes) <= 48_000  # 180 KB of events, 48 KB per flush
    assert {r.resource_type for r in sent.requests} == {"ping"}
