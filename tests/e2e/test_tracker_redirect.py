"""The redirect link GET /r/{link_key} in real Chromium: with JavaScript disabled the click is
recorded and the visitor reaches the demo form with the ids, then a lead posted without JS is
joined to that click; with the tracker, the link keeps the tracker's visitor (or none, without
consent) and the click is recorded once. LP, form (demo site) and collector: three origins.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser

from tests.e2e.helpers_browser import Row, StaticSite, page_html, wait_for_lake, wait_loaded
from tests.e2e.procs import Stack, wait_for

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, dict[str, Any]]]:
    stack = Stack.create(tmp_path_factory.mktemp("redirect"))
    world = json.loads(stack.cli("seed", "demo", "--json"))
    stack.start("collector", "collector", ready=f"{stack.url('collector')}/health")
    stack.start("demo-site", "demo-site", ready=f"{stack.url('demo_form')}/solaire/merci/")
    try:
        yield stack, world
    finally:
        stack.stop_all()


def clicks_from(site: StaticSite, count: int = 1) -> Callable[[list[Row]], bool]:
    return lambda rows: len(of_site(rows, site)) >= count


def of_site(rows: list[Row], site: StaticSite) -> list[Row]:
    return [r for r in rows if (r["url"] or "").startswith(site.origin)]


def test_redirect_link_without_javascript_records_the_click_and_joins_the_lead(
    stack: tuple[Stack, dict[str, Any]], browser: Browser
) -> None:
    stack_, world = stack
    endpoint = stack_.url("collector")
    link = next(lk for lk in world["links"] if lk["link_key"] == "lk_solaire_demo")
    href = f"{endpoint}/r/lk_solaire_demo?utm_source=newsletter&utm_campaign=nov&lh_test=1"
    with StaticSite() as lp:
        lp.pages["/solaire/"] = page_html(
            endpoint, "lp_solaire_demo", body=f"<a id='cta' href='{href}'>Mon devis</a>"
        )
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(lp.url("/solaire/"))
        page.click("#cta")
        page.wait_for_url(link["target_url"] + "?**")
        carried = {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}
        page.fill("input[name=prenom]", "Louis")
        page.fill("input[name=nom]", "Bernard")
        page.fill("input[name=telephone]", "06 78 45 23 91")
        page.fill("input[name=code_postal]", "69003")
        page.check("input[name=consentement]")
        page.click("button[type=submit]")
        page.wait_for_url("**/solaire/merci/**")
        context.close()
        rows = wait_for_lake(stack_.data_dir, clicks_from(lp))

    assert set(carried) == {"lh_vid", "lh_sid", "utm_source", "utm_campaign", "lh_test"}
    [click] = of_site(rows, lp)
    assert click["type"] == "cta_click" and click["key"] == "lp_solaire_demo"
    assert (click["visitor_id"], click["session_id"]) == (carried["lh_vid"], carried["lh_sid"])
    assert (click["utm_source"], click["utm_campaign"]) == ("newsletter", "nov")
    assert click["is_test"] is True  # url: the Referer, by default only the LP's origin
    assert json.loads(click["props"])["via"] == "redirect"

    def lead() -> sqlite3.Row | None:
        with closing(sqlite3.connect(stack_.data_dir / "hub.sqlite3")) as con:
            con.row_factory = sqlite3.Row
            row: sqlite3.Row | None = con.execute("SELECT * FROM leads").fetchone()
            return row

    wait_for(lambda: lead() is not None, 10, "the lead in the hub")
    stored = lead()
    assert stored is not None
    assert (stored["visitor_id"], stored["session_id"]) == (carried["lh_vid"], carried["lh_sid"])
    assert (stored["utm_source"], stored["utm_campaign"]) == ("newsletter", "nov")


@pytest.mark.parametrize("consent", [True, False], ids=["consent", "cookieless"])
def test_the_tracker_keeps_its_visitor_through_the_redirect_and_records_the_click_once(
    stack: tuple[Stack, dict[str, Any]], browser: Browser, consent: bool
) -> None:
    stack_, world = stack
    endpoint = stack_.url("collector")
    link = next(lk for lk in world["links"] if lk["link_key"] == "lk_pac_demo")
    with StaticSite() as lp:
        lp.pages["/pac/"] = page_html(
            endpoint,
            "lp_pac_demo",
            test=True,
            consent=consent,
            body=f"<a id='cta' href='{endpoint}/r/lk_pac_demo'>Simulation</a>",
        )
        context = browser.new_context()
        arrivals: list[str] = []  # the URL as the redirect sent it (the tracker then cleans it)
        context.on(
            "request",
            lambda r: arrivals.append(r.url) if r.url.startswith(link["target_url"]) else None,
        )
        page = context.new_page()
        page.goto(lp.url("/pac/?utm_source=google"))
        wait_loaded(page)
        page.click("#cta")
        page.wait_for_url(link["target_url"] + "**")
        [arrival] = arrivals
        wait_loaded(page)  # the demo form page's tracker
        rows = wait_for_lake(stack_.data_dir, clicks_from(lp, 2))
        context.close()

    events = of_site(rows, lp)
    assert sorted(r["type"] for r in events) == ["cta_click", "page_view"]
    assert (
        len({r["visitor_id"] for r in events}) == 1 and len({r["session_id"] for r in events}) == 1
    )
    click = next(r for r in events if r["type"] == "cta_click")
    assert json.loads(click["props"])["via"] == "redirect"
    if consent:  # ids and campaign carried by the decorated link, through the redirect
        assert f"lh_vid={click['visitor_id']}" in arrival and "lh_c=1" in arrival
        assert click["utm_source"] == "google" and "utm_source=google" in arrival
    else:
        assert "lh_vid" not in arrival and "lh_c=0" in arrival
        assert click["visitor_id"].startswith("ck_")
