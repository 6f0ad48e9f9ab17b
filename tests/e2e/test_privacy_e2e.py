"""The "Vie privée (RGPD)" page in Chromium on the real dashboard server: an admin finds a
person by phone (the lead, its buyer, the downloads offered), simulates retention (the lead past
the period counted); ops has no such page. Screenshot: tests/e2e/artifacts/privacy_admin.png."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from hub.db import utcnow
from tests.e2e.test_dashboard_admin_e2e import WAIT, chromium, go, nav_titles, people, shot, sign_in
from tests.e2e.test_dashboard_e2e import server
from tests.e2e.test_dashboard_sessions_e2e import this_checkout
from tests.integration.privacy_support import add_person_lead, sell

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e
__all__ = ["chromium", "people", "server", "this_checkout"]  # fixtures used here

TITLE = "Vie privée (RGPD)"


def test_an_admin_exports_a_person_and_simulates_retention(
    chromium: Browser, server: str, people: dict[str, str], hub_con: sqlite3.Connection
) -> None:
    lead = add_person_lead(hub_con, utcnow() - timedelta(hours=1))
    sell(hub_con, lead, utcnow() - timedelta(hours=1))
    add_person_lead(hub_con, utcnow() - timedelta(days=1200), phone="+33698765432")
    ops = sign_in(chromium, server, people["ops"])
    assert TITLE not in nav_titles(ops)
    ops.close()

    page = sign_in(chromium, server, people["admin"])
    go(page, TITLE)
    page.get_by_label("Téléphone").first.fill("06 12 34 56 79")  # the export form, first
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_text("1 demande(s) trouvée(s).").wait_for(timeout=WAIT)
    page.get_by_test_id("stDataFrame").first.wait_for(timeout=WAIT)
    for label in ("Télécharger (JSON)", "Télécharger la page lisible (HTML)"):
        page.get_by_role("button", name=label).wait_for(timeout=WAIT)
    page.get_by_role("button", name="Simuler").click()
    page.get_by_text("À anonymiser maintenant : 1 demande(s)").wait_for(timeout=WAIT)
    page.get_by_role("button", name="Anonymiser maintenant…").wait_for(timeout=WAIT)
    shot(page, "privacy_admin")
    page.close()
