"""The Leads page in Chromium on the real dashboard process: ops sign in, find a delivered lead
by a part of its phone, read its timeline, and return it with a reason from its page (asked to
confirm); the buyer is credited exactly once — a double click on "Confirmer" and a second tab
confirming the same return credit nothing more. A viewer gets the same page with no action.
Screenshots in tests/e2e/artifacts/ (``leads_*.png``)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

import pytest

from hub.db import transaction, utcnow
from hub.services import users
from hub.services.actor import CLI
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from routing.worker import run_until_idle
from tests.e2e.test_dashboard_admin_e2e import WAIT, chromium, server, shot, sign_in, this_checkout
from tests.integration.test_routing_support import (
    add_lead,
    fake_crm,
    fast_policy,
    only_commandes,
    phone,
    point_buyers,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.e2e
__all__ = ["chromium", "server", "this_checkout"]  # fixtures, imported to be used here

PASSWORD = "a-long-enough-password"
SEARCH = "Recherche : téléphone, e-mail ou nom (même partiel)"
CONFIRM_TEXT = "Retourner ce lead de CRM Soleil Habitat"
DONE = "Lead retourné : CRM Soleil Habitat crédité de 35,00 €."


@pytest.fixture
def delivered(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld, server: str
) -> str:
    """Ops and viewer users of Soleil; one PV lead routed and delivered to a fake CRM (its id)."""
    for role in ("ops", "viewer"):
        payload = {"email": f"{role}@soleil-habitat.fr", "role": role, "password": PASSWORD}
        users.create_user(hub_con, CLI, {**payload, "account_ids": ["acc_soleil"]}, utcnow())
    only_commandes(hub_con, "cmd_soleil_pv")
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        lead_id = add_lead(hub_con, phone_e164=phone(5))
        run_until_idle(settings, policy=fast_policy())
    with transaction(hub_con):
        hub_con.execute("UPDATE leads SET is_test = 0")
    status = hub_con.execute("SELECT status FROM deliveries WHERE lead_id = ?", (lead_id,))
    assert status.fetchone()[0] == "delivered"
    return lead_id


def open_lead(browser: Browser, server: str, role: str) -> Page:
    """Sign in, search by the first digits of the lead's phone as typed (06 14 …)."""
    page = sign_in(browser, server, f"{role}@soleil-habitat.fr", "leads")
    page.get_by_role("heading", name="Leads").wait_for(timeout=WAIT)
    national = "0" + phone(5)[3:]
    box = page.get_by_label(SEARCH)
    box.fill(f"{national[:2]} {national[2:4]} {national[4:6]} {national[6:8]}")
    box.press("Enter")
    page.get_by_text("1 lead(s) trouvé(s).").wait_for(timeout=WAIT)
    page.get_by_role("heading", name="Lead Jeanne Martin").wait_for(timeout=WAIT)
    return page


def ask_return(page: Page, reason: str) -> None:
    page.get_by_label("Motif du retour").fill(reason)
    page.get_by_role("button", name="Retourner le lead").click()
    page.get_by_text(CONFIRM_TEXT).wait_for(timeout=WAIT)


def credits(con: sqlite3.Connection) -> int:
    return int(con.execute("SELECT count(*) FROM credits").fetchone()[0])


def test_ops_return_a_delivered_lead_from_its_page_credited_once(
    chromium: Browser, server: str, delivered: str, hub_con: sqlite3.Connection
) -> None:
    page = open_lead(chromium, server, "ops")
    page.get_by_text("commande PV Soleil toute France : retenue").first.wait_for(timeout=WAIT)
    shot(page, "leads_ops_lead_page")
    other = open_lead(chromium, server, "ops")  # a second tab on the same lead
    ask_return(other, "Doublon chez l'acheteur")

    ask_return(page, "Numéro erroné")
    shot(page, "leads_ops_confirm_return")
    assert credits(hub_con) == 0  # asked, not yet confirmed
    page.get_by_role("button", name="Confirmer").dblclick()
    page.get_by_text(DONE).wait_for(timeout=WAIT)
    credit = "CRM Soleil Habitat crédité de 35,00 € — Numéro erroné"  # in the timeline
    page.get_by_role("cell", name=credit).wait_for(timeout=WAIT)
    shot(page, "leads_ops_returned")
    assert page.get_by_role("button", name="Retourner le lead").count() == 0

    other.get_by_role("button", name="Confirmer").click()
    other.get_by_text("Action refusée : ce lead a déjà été retourné.").wait_for(timeout=WAIT)
    shot(other, "leads_ops_second_return_refused")
    rows = hub_con.execute("SELECT lead_id, amount_cents, reason FROM credits").fetchall()
    assert [tuple(r) for r in rows] == [(delivered, 3500, "Numéro erroné")]
    log = hub_con.execute("SELECT count(*) FROM activity_log WHERE action = 'lead.returned'")
    assert log.fetchone()[0] == 1
    page.close()
    other.close()


def test_a_viewer_reads_the_lead_page_with_no_action(
    chromium: Browser, server: str, delivered: str
) -> None:
    page = open_lead(chromium, server, "viewer")
    page.get_by_text("commande PV Soleil toute France : retenue").first.wait_for(timeout=WAIT)
    for label in ("Relancer", "Réaffecter", "Marquer comme test", "Retourner le lead"):
        assert page.get_by_role("button", name=label).count() == 0, label
    shot(page, "leads_viewer_lead_page")
    page.close()
