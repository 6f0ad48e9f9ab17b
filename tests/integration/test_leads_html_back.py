"""The "back to the form" link of the French error page a refused HTML form post gets.

A browser posting a form from another origin sends only the origin as ``Referer`` (Chromium's
default ``strict-origin-when-cross-origin``): a link to it lands on the site's home page, not
on the form. The link goes to the page the visitor was on (``page_url``, filled by the tracker,
or a full ``Referer``), else to the form's configured URL.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from leadhub.demo.seed import DemoWorld
from tests.integration.test_leads_intake import client, data_dir, hub_con, world

pytestmark = pytest.mark.integration
__all__ = ["client", "data_dir", "hub_con", "world"]  # the intake tests' fixtures, used here

REFUSED = {  # a bad phone and no consent: a 422
    "form_key": "fm_solaire_demo",
    "prenom": "Jo",
    "nom": "Martin",
    "telephone": "0612",
    "code_postal": "13001",
}


def back_link(html: str) -> str | None:
    found = re.findall(r'<a href="([^"]*)">Revenir au formulaire</a>', html)
    assert len(found) <= 1, html
    return unescape(found[0]) if found else None


def form_url(world: DemoWorld) -> str:
    return next(f["url"] for f in world.forms if f["key"] == "fm_solaire_demo")


def post(client: TestClient[Litestar], form: dict[str, str], referer: str | None) -> str:
    headers = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    if referer is not None:
        headers["Referer"] = referer
    r = client.post("/v1/leads", data=form, headers=headers)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("text/html")
    return r.text


def test_a_cross_origin_referer_cut_to_its_origin_links_back_to_the_form_page(
    client: TestClient[Litestar], world: DemoWorld
) -> None:
    url = form_url(world)
    parts = urlsplit(url)
    assert back_link(post(client, REFUSED, f"{parts.scheme}://{parts.netloc}/")) == url


def test_the_page_the_visitor_was_on_wins(client: TestClient[Litestar], world: DemoWorld) -> None:
    page = form_url(world) + "?utm_source=google&x=<1>"
    assert back_link(post(client, {**REFUSED, "page_url": page}, None)) == page
    full_referer = form_url(world) + "etape-2/"
    assert back_link(post(client, REFUSED, full_referer)) == full_referer


def test_no_page_and_no_referer_link_to_the_form_url(
    client: TestClient[Litestar], world: DemoWorld
) -> None:
    assert back_link(post(client, REFUSED, None)) == form_url(world)


def test_a_link_that_is_not_http_is_never_given(client: TestClient[Litestar]) -> None:
    unknown = {**REFUSED, "form_key": "fm_nope", "page_url": "javascript:alert(1)"}
    html = post_any(client, unknown, "javascript:alert(2)")
    assert back_link(html) is None and "javascript:" not in html
    unreadable = {**REFUSED, "form_key": "fm_nope", "page_url": "http://[::1/"}
    assert back_link(post_any(client, unreadable, "http://[bad/form/")) is None


def post_any(client: TestClient[Litestar], form: dict[str, str], referer: str) -> str:
    r = client.post("/v1/leads", data=form, headers={"Accept": "text/html", "Referer": referer})
    assert 400 <= r.status_code < 500, r.text
    return r.text
