"""Consent modes of the tracker in real Chromium (LP, form and collector on three loopback
origins), asserted on the lake: cookieless by default (no storage, no cookie, no id carried,
ids derived by the collector), first-party ids and cross-domain linking with consent, a banner
that holds events until answered, a refusal that wipes storage; visits and visitors counted.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page

from tests.e2e.helpers_browser import Row, StaticSite, page_html, wait_for_lake, wait_loaded
from tests.e2e.procs import Stack

pytestmark = pytest.mark.e2e

LP_PATH = "/pac/"
FORM_PATH = "/pac/formulaire/"
THANKS_PATH = "/pac/merci/"
LEAD_FORM = (
    f"<form data-lh-lead method='post' action='{THANKS_PATH}'><input name='nom'>"
    "<button type='submit'>Envoyer</button></form>"
)


def from_sites(*sites: StaticSite, count: int) -> Callable[[list[Row]], bool]:
    def done(rows: list[Row]) -> bool:
        return len(on_sites(rows, *sites)) >= count

    return done


def on_sites(rows: list[Row], *sites: StaticSite) -> list[Row]:
    return [r for r in rows if (r["url"] or "").startswith(tuple(s.origin for s in sites))]


def storage(page: Page) -> tuple[list[str], str]:
    return page.evaluate("Object.keys(localStorage).sort()"), page.evaluate("document.cookie")


def test_without_consent_nothing_is_stored_or_carried_and_ids_are_cookieless(
    collector: Stack, browser: Browser
) -> None:
    endpoint = collector.url("collector")
    with StaticSite() as lp, StaticSite() as form:
        lp.pages[LP_PATH] = page_html(
            endpoint,
            "lp_pac_demo",
            test=True,
            form_url=form.url(FORM_PATH),
            body=f"<a id='cta' href='{form.url(FORM_PATH)}'>Simulation</a>",
        )
        form.pages[FORM_PATH] = page_html(endpoint, "fm_pac_demo", test=True, body=LEAD_FORM)
        context = browser.new_context()
        page = context.new_page()
        page.goto(lp.url(LP_PATH + "?utm_source=google"))
        wait_loaded(page)
        assert page.evaluate("lh.consent") is False
        page.click("#cta")
        page.wait_for_url(f"{form.origin}{FORM_PATH}")  # no id, no consent flag, no campaign
        wait_loaded(page)
        page.fill("input[name=nom]", "Martin")
        page.click("button[type=submit]")
        page.wait_for_url(form.url(THANKS_PATH))
        form_storage = storage(page)
        page.goto(lp.url(LP_PATH))
        lp_storage = storage(page)
        rows = wait_for_lake(collector.data_dir, from_sites(lp, form, count=6))
        context.close()
        posted = next(h for h in form.hits if h.method == "POST").form

    assert lp_storage == ([], "") and form_storage == ([], "")
    assert posted["visitor_id"] == [""] and posted["session_id"] == [""]
    events = on_sites(rows, lp, form)
    assert sorted(r["type"] for r in events) == sorted(
        ["page_view", "cta_click", "page_view", "form_start", "form_submit", "page_view"]
    )
    # The collector derived the same daily ids for the LP and the form (one account, one day).
    assert len({r["visitor_id"] for r in events}) == 1
    assert events[0]["visitor_id"].startswith("ck_")
    assert {r["session_id"][:4] for r in events} == {"cks_"}


def test_a_banner_holds_events_until_consent_then_links_lp_and_form(
    collector: Stack, browser: Browser
) -> None:
    endpoint = collector.url("collector")
    with StaticSite() as lp, StaticSite() as form:
        lp.pages[LP_PATH] = page_html(
            endpoint,
            "lp_pac_demo",
            test=True,
            form_url=form.url(FORM_PATH),
            early="lh('consent','ask');",
            body=f"<a id='cta' href='{form.url(FORM_PATH)}'>Simulation</a>",
        )
        form.pages[FORM_PATH] = page_html(
            endpoint, "fm_pac_demo", test=True, early="lh('consent','ask');", body=LEAD_FORM
        )
        context = browser.new_context()
        page = context.new_page()
        page.goto(lp.url(LP_PATH + "?utm_source=bing"))
        wait_loaded(page)
        assert page.evaluate("lh.consent") is None  # asking
        page.wait_for_timeout(1500)  # past the batching delay: the page view waits
        assert storage(page) == ([], "")
        page.evaluate("lh('consent', true)")
        page.click("#cta")
        page.wait_for_url(f"{form.origin}{FORM_PATH}**")
        wait_loaded(page)
        assert page.evaluate("lh.consent") is True  # adopted from the link: no second question
        keys, cookie = storage(page)
        visitor_id = page.evaluate("localStorage.getItem('lh_vid')")
        rows = wait_for_lake(collector.data_dir, from_sites(lp, form, count=3))
        context.close()
        arrival = next(h.path for h in form.hits if h.path.startswith(FORM_PATH))

    assert f"lh_vid={visitor_id}" in arrival and "lh_c=1" in arrival
    assert "utm_source=bing" in arrival
    assert {"lh_consent", "lh_vid", "lh_sess"} <= set(keys) and cookie == ""
    events = on_sites(rows, lp, form)
    assert sorted(r["type"] for r in events) == ["cta_click", "page_view", "page_view"]
    assert {r["visitor_id"] for r in events} == {visitor_id}  # the held page view too
    assert len({r["session_id"] for r in events}) == 1
    assert {r["utm_source"] for r in events} == {"bing"}


def test_an_unanswered_banner_still_counts_the_visit_cookieless(
    collector: Stack, browser: Browser
) -> None:
    endpoint = collector.url("collector")
    with StaticSite() as lp:
        lp.pages[LP_PATH] = page_html(
            endpoint, "lp_pac_demo", test=True, early="lh('consent','ask');", body="<h1>PAC</h1>"
        )
        context = browser.new_context()
        page = context.new_page()
        page.goto(lp.url(LP_PATH))
        wait_loaded(page)
        page.goto("about:blank")  # leaves without answering: sent at pagehide
        rows = wait_for_lake(collector.data_dir, from_sites(lp, count=1))
        context.close()
    [view] = on_sites(rows, lp)
    assert view["type"] == "page_view" and view["visitor_id"].startswith("ck_")


def test_refusing_consent_wipes_storage_and_stops_carrying_ids(
    collector: Stack, browser: Browser
) -> None:
    endpoint = collector.url("collector")
    with StaticSite() as lp, StaticSite() as form:
        lp.pages[LP_PATH] = page_html(
            endpoint,
            "lp_pac_demo",
            test=True,
            consent=True,
            form_url=form.url(FORM_PATH),
            body=f"<a id='cta' href='{form.url(FORM_PATH)}'>Simulation</a>",
        )
        context = browser.new_context()
        page = context.new_page()
        page.goto(lp.url(LP_PATH))
        wait_loaded(page)
        visitor_id = page.evaluate("localStorage.getItem('lh_vid')")
        wait_for_lake(collector.data_dir, from_sites(lp, count=1))  # sent with its ids
        page.dispatch_event("#cta", "mousedown")  # decorated before the click, as for a new tab
        assert "lh_vid=" in (page.get_attribute("#cta", "href") or "")
        page.evaluate("lh('consent', false)")
        after = storage(page), page.get_attribute("#cta", "href"), page.evaluate("lh.consent")
        page.evaluate("lh('track', 'after_refusal')")
        rows = wait_for_lake(collector.data_dir, from_sites(lp, count=2))
        context.close()
    assert after == (([], ""), form.url(FORM_PATH), False)
    events = {r["type"]: r for r in on_sites(rows, lp)}
    assert events["page_view"]["visitor_id"] == visitor_id
    assert events["after_refusal"]["visitor_id"].startswith("ck_")


def test_ten_lp_loads_are_ten_page_views(collector: Stack, browser: Browser) -> None:
    endpoint = collector.url("collector")
    with StaticSite() as lp:
        lp.pages[LP_PATH] = page_html(endpoint, "lp_pac_demo", test=True, body="<h1>PAC</h1>")
        context = browser.new_context()
        page = context.new_page()
        for _ in range(10):
            page.goto(lp.url(LP_PATH))
            wait_loaded(page)
        page.goto("about:blank")
        rows = wait_for_lake(collector.data_dir, from_sites(lp, count=10))
        page.wait_for_timeout(1000)  # a late extra view would show now
        rows = wait_for_lake(collector.data_dir, from_sites(lp, count=10))
        context.close()
    views = on_sites(rows, lp)
    assert [r["type"] for r in views] == ["page_view"] * 10
    assert len({r["event_id"] for r in views}) == 10


@pytest.mark.parametrize("consent", [True, False], ids=["first-party", "cookieless"])
def test_five_tabs_of_one_visitor_are_one_visitor(
    collector: Stack, browser: Browser, consent: bool
) -> None:
    endpoint = collector.url("collector")
    with StaticSite() as lp:
        lp.pages[LP_PATH] = page_html(
            endpoint, "lp_pac_demo", test=True, consent=consent, body="<h1>PAC</h1>"
        )
        context = browser.new_context()
        tabs = [context.new_page() for _ in range(5)]
        for n, tab in enumerate(tabs):
            tab.goto(lp.url(f"{LP_PATH}?tab={n}"))
            wait_loaded(tab)
        rows = wait_for_lake(collector.data_dir, from_sites(lp, count=5))
        context.close()
    views = on_sites(rows, lp)
    assert len(views) == 5 and len({r["url"] for r in views}) == 5
    assert len({r["visitor_id"] for r in views}) == 1
    assert len({r["session_id"] for r in views}) == 1
    assert views[0]["visitor_id"].startswith("ck_") is not consent
