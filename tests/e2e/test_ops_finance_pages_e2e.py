"""The lead-ops and finance pages, and the activity log, in Chromium, signed in as ops, finance
and viewer: each role sees exactly the pages its permissions allow, each opens on real data (a
dead letter, an issued invoice, a prepaid buyer), and every write control is offered exactly to
the roles that may use it — the lead's actions and the queue's requeue (``leads.operate``), the
commande simulation (``commandes.write``), closing, marking sent or paid and top-ups
(``billing.write``); finance marks the invoice paid, the others leave it issued.
Screenshots: tests/e2e/artifacts/pages_<role>_<page>.png."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from dashboard.i18n import translate
from dashboard.navigation import visible_pages
from hub.db import transaction, utcnow
from hub.services import buyers
from hub.services.actor import CLI, user
from hub.services.billing.close import close_period
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from tests.e2e.test_dashboard_admin_e2e import WAIT, chromium, go, people, shot, sign_in
from tests.e2e.test_dashboard_e2e import server
from tests.e2e.test_dashboard_sessions_e2e import this_checkout
from tests.integration.test_billing_support import sell

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.e2e
__all__ = ["chromium", "people", "server", "this_checkout"]  # fixtures used here

# page file → (text every reader sees once the page has drawn its data, the write controls:
# (button label, the permission that offers it)).
PAGES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "leads.py": (
        "Journal des décisions",
        [("Relancer", "leads.operate"), ("Marquer comme test", "leads.operate")],
    ),
    "deliveries.py": ("Lettres mortes (1)", [("Relancer", "leads.operate")]),
    "commandes.py": ("PV Soleil toute France", [("Simuler", "commandes.write")]),
    "billing.py": (
        "Télécharger le PDF Factur-X",
        [("Marquer payée", "billing.write"), ("Clôturer", "billing.write")],
    ),
    "prepaid.py": ("CRM Soleil Habitat", [("Recharger…", "billing.write")]),
    "activity.py": ("changement(s)", []),
}
DEAD = "UPDATE deliveries SET status = 'dead', delivered_at = NULL WHERE id = ?"


@pytest.fixture
def work(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> None:
    """October invoiced (issued, not paid); one lead whose delivery is a dead letter; then
    Soleil's buyer turns prepaid (the invoice stays as issued)."""
    sell(hub_con, datetime(2026, 10, 14, 10, 0, tzinfo=UTC))
    close_period(hub_con, CLI, "2026-10", utcnow())
    _, delivery_id = sell(hub_con, utcnow())
    with transaction(hub_con):
        hub_con.execute(DEAD, (delivery_id,))
    prepaid = {"billing_cycle": "prepaid"}
    buyers.update_buyer(hub_con, CLI, settings, "buy_soleil_crm", prepaid, utcnow())


def number(con: sqlite3.Connection) -> str:
    return str(con.execute("SELECT number FROM invoices").fetchone()[0])


def status(con: sqlite3.Connection) -> str:
    return str(con.execute("SELECT status FROM invoices").fetchone()[0])


def button(page: Page, label: str) -> int:
    return page.get_by_role("button", name=label, exact=True).count()


@pytest.mark.parametrize("role", ["ops", "finance", "viewer"])
def test_each_role_opens_its_ops_and_finance_pages(
    chromium: Browser,
    server: str,
    people: dict[str, str],
    work: None,
    hub_con: sqlite3.Connection,
    role: str,
) -> None:
    actor = user("u", role, ["acc_soleil"])
    allowed = {name: title for name, title, _, _ in visible_pages(actor) if name in PAGES}
    page = sign_in(chromium, server, people[role])
    for name, title_key in allowed.items():
        go(page, translate("fr", title_key))
        ready, controls = PAGES[name]
        page.get_by_text(ready).first.wait_for(state="attached", timeout=WAIT)
        for label, permission in controls:
            if actor.may(permission):
                page.get_by_role("button", name=label, exact=True).first.wait_for(timeout=WAIT)
            else:
                page.wait_for_timeout(1_000)  # the page has drawn its data: still not offered
                assert button(page, label) == 0, (role, name, label)
        if name == "billing.py" and actor.may("billing.write"):
            page.get_by_role("button", name="Marquer payée", exact=True).click()
            page.get_by_text(f"{number(hub_con)} : Payée.").wait_for(timeout=WAIT)
            assert status(hub_con) == "paid"
        shot(page, f"pages_{role}_{name.removesuffix('.py')}")
    page.close()
    if not actor.may("billing.write"):
        assert status(hub_con) == "issued"
    expected = {"ops": 4, "finance": 6, "viewer": 6}  # invoices are not ops' to read
    assert len(allowed) == expected[role], allowed
