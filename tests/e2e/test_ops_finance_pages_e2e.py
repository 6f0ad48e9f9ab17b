"""The lead-ops and finance pages in Chromium, signed in as ops, finance and viewer: each role
sees exactly the pages its permissions allow, each opens, and the write controls are offered
only to the roles that may use them. Screenshots: tests/e2e/artifacts/pages_<role>_<page>.png."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

import pytest

from dashboard.i18n import translate
from dashboard.navigation import visible_pages
from hub.db import utcnow
from hub.services import buyers
from hub.services.actor import CLI, user
from hub.settings import Settings
from tests.e2e.test_dashboard_admin_e2e import WAIT, chromium, go, people, shot, sign_in
from tests.e2e.test_dashboard_e2e import server
from tests.e2e.test_dashboard_sessions_e2e import this_checkout

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e
__all__ = ["chromium", "people", "server", "this_checkout"]  # fixtures used here

# page file → (a write control's button label, the permission that offers it; None: none to see
# without data: the queue's requeue needs dead letters, a lead's actions a lead — their own
# e2e tests cover them).
PAGES = {
    "leads.py": None,
    "deliveries.py": None,
    "commandes.py": ("Simuler", "commandes.write"),
    "billing.py": ("Clôturer", "billing.write"),
    "prepaid.py": ("Recharger…", "billing.write"),
}


@pytest.mark.parametrize("role", ["ops", "finance", "viewer"])
def test_each_role_opens_its_ops_and_finance_pages(
    chromium: Browser,
    server: str,
    people: dict[str, str],
    settings: Settings,
    hub_con: sqlite3.Connection,
    role: str,
) -> None:
    prepaid = {"billing_cycle": "prepaid"}
    buyers.update_buyer(hub_con, CLI, settings, "buy_soleil_crm", prepaid, utcnow())
    actor = user("u", role, ["acc_soleil"])
    allowed = {name: title for name, title, _, _ in visible_pages(actor) if name in PAGES}
    page = sign_in(chromium, server, people[role])
    for name, title_key in allowed.items():
        title = translate("fr", title_key)
        go(page, title)
        marker = PAGES[name]
        if marker is not None:
            label, permission = marker
            button = page.get_by_role("button", name=label)
            if actor.may(permission):
                button.first.wait_for(timeout=WAIT)  # drawn after the page's tables
            else:
                page.wait_for_timeout(3_000)  # the whole page has run: still not offered
                assert button.count() == 0, (role, name)
        shot(page, f"pages_{role}_{name.removesuffix('.py')}")
    page.close()
    expected = {"ops": 3, "finance": 5, "viewer": 5}  # invoices are not ops' to read
    assert len(allowed) == expected[role], allowed
