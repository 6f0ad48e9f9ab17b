"""Sign-in survives a reload and a new tab, sign-out ends it: the real dashboard in Chromium.

Same server fixture as test_dashboard_e2e.py (`dashboard.launch.serve` on a free port), serving
this checkout (``this_checkout``). The
screenshot of the second tab is kept in tests/e2e/artifacts/.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from dashboard.cookie import NAME
from hub.settings import Settings
from tests.e2e.test_dashboard_e2e import CHROMIUM, CHROMIUM_ARGS, server
from tests.integration.test_dashboard_funnel import ECO, SOLEIL, build_snapshot

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.e2e
__all__ = ["server"]  # the fixture, imported to be used here

FUNNEL = "Entonnoir de conversion"
ROOT = Path(__file__).resolve().parents[2]


ARTIFACTS = ROOT / "tests" / "e2e" / "artifacts"


@pytest.fixture(autouse=True)
def this_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Serve THIS checkout: the shared virtualenv's editable install may point at another one
    (a git worktree), and the server is a child process that does not see pytest's path."""
    paths = [str(ROOT), *[p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))


def session_cookie(context: BrowserContext, present: bool) -> dict[str, object] | None:
    """The sign-in cookie once it is (or is no longer) in the browser."""
    deadline = time.monotonic() + 20
    while True:
        found = [dict(c) for c in context.cookies() if c["name"] == NAME]
        if bool(found) == present:
            return found[0] if found else None
        assert time.monotonic() < deadline, f"cookie {NAME} present={not present} after 20 s"
        time.sleep(0.2)


def shows_funnel(page: Page) -> None:
    page.get_by_role("heading", name=FUNNEL).wait_for(timeout=30_000)
    assert page.get_by_label("Mot de passe").count() == 0


def shows_login(page: Page) -> None:
    page.get_by_label("Mot de passe").wait_for(timeout=30_000)
    assert page.get_by_role("heading", name=FUNNEL).count() == 0


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian chromium")
def test_sign_in_survives_reload_and_new_tab_until_sign_out(
    settings: Settings, server: str, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    build_snapshot(settings.warehouse_db, SOLEIL + ECO)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            page.goto(server)
            page.get_by_label("E-mail").fill("admin@demo.leadhub", timeout=30_000)
            page.get_by_label("Mot de passe").fill("demo-password")
            page.get_by_role("button", name="Se connecter").click()
            shows_funnel(page)
            cookie = session_cookie(context, present=True)
            assert cookie is not None
            assert cookie["sameSite"] == "Lax" and cookie["path"] == "/"
            assert not cookie["secure"]  # http on loopback; https adds Secure
            lifetime = float(str(cookie["expires"])) - time.time()
            assert 11.9 * 3600 < lifetime <= 12 * 3600
            assert "admin" not in str(cookie["value"])

            page.reload()
            shows_funnel(page)

            tab = context.new_page()
            tab.goto(page.url)  # the same URL, in a new tab of the same browser
            print(f"url: {page.url}")
            shows_funnel(tab)
            tab.locator(".js-plotly-plot").wait_for(timeout=30_000)
            tab.wait_for_timeout(1_000)
            assert tab.get_by_text("Page not found").count() == 0
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shot = ARTIFACTS / "dashboard_new_tab_signed_in.png"
            tab.screenshot(path=str(shot), full_page=True)
            print(f"screenshot: {shot}")

            page.get_by_role("button", name="Se déconnecter").click()
            shows_login(page)
            session_cookie(context, present=False)
            page.reload()
            shows_login(page)
            # The old cookie put back (a copy, another browser) was revoked in the hub.
            context.add_cookies([{"name": NAME, "value": str(cookie["value"]), "url": server}])
            tab.reload()
            shows_login(tab)
        finally:
            browser.close()
