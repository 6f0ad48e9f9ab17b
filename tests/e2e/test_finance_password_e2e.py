"""Two jobs in Chromium on the real dashboard process: finance tops up a prepaid buyer's balance
(confirmed first; a viewer reads it without the form), and an admin hands a new user a one-time
password link that the user opens signed out, uses to choose a password, then signs in with.
Screenshots in tests/e2e/artifacts/ (``prepaid_*.png``, ``password_link_*.png``)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

import pytest

from hub.db import utcnow
from hub.services import buyers, users
from hub.services.actor import CLI
from hub.settings import Settings
from tests.e2e.test_dashboard_admin_e2e import (
    WAIT,
    chromium,
    go,
    people,
    shot,
    sign_in,
    submit,
)
from tests.e2e.test_dashboard_e2e import server
from tests.e2e.test_dashboard_sessions_e2e import this_checkout

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e
__all__ = ["chromium", "people", "server", "this_checkout"]  # fixtures used here


def test_finance_tops_up_a_prepaid_balance(
    chromium: Browser,
    server: str,
    people: dict[str, str],
    settings: Settings,
    hub_con: sqlite3.Connection,
) -> None:
    change = {"billing_cycle": "prepaid"}
    buyers.update_buyer(hub_con, CLI, settings, "buy_soleil_crm", change, utcnow())
    page = sign_in(chromium, server, people["finance"])
    go(page, "Prépaiements")
    page.get_by_role("spinbutton", name="Montant en euros HT").fill("250")
    page.get_by_role("textbox", name="Note / référence").fill("VIR-2026-118")
    page.get_by_role("button", name="Recharger…").click()
    page.get_by_text("Confirmer le rechargement de").wait_for(timeout=WAIT)
    balance = hub_con.execute("SELECT count(*) FROM prepaid_movements").fetchone()[0]
    assert balance == 0  # nothing written before the confirmation
    submit(page, "Confirmer le rechargement", "rechargé de 250,00 € HT")
    page.get_by_test_id("stMetricValue").filter(has_text="250").wait_for(timeout=WAIT)
    shot(page, "prepaid_finance_topped_up")
    row = hub_con.execute(
        "SELECT balance_cents FROM prepaid_balances WHERE buyer_id = 'buy_soleil_crm'"
    ).fetchone()
    assert row[0] == 25_000
    page.close()

    viewer = sign_in(chromium, server, people["viewer"])
    go(viewer, "Prépaiements")
    viewer.get_by_text("Votre rôle permet de consulter les soldes").wait_for(timeout=WAIT)
    assert viewer.get_by_role("button", name="Recharger…").count() == 0
    shot(viewer, "prepaid_viewer")
    viewer.close()


def test_a_new_user_chooses_a_password_through_a_one_time_link(
    chromium: Browser, server: str, people: dict[str, str], hub_con: sqlite3.Connection
) -> None:
    payload = {"email": "nouvelle@soleil-habitat.fr", "role": "ops", "account_ids": ["acc_soleil"]}
    made = users.create_user(hub_con, CLI, payload, utcnow())
    page = sign_in(chromium, server, people["admin"])
    go(page, "Utilisateurs")
    page.get_by_test_id("stSelectbox").filter(has_text="Modifier").first.click()
    page.get_by_role("option", name="nouvelle@soleil-habitat.fr").click()
    submit(page, "Lien de mot de passe", "Lien de mot de passe créé pour")
    link = page.get_by_test_id("stCode").inner_text().strip()
    assert link.startswith(server) and "token=" in link, link
    shot(page, "password_link_admin")
    page.close()

    newcomer = chromium.new_page(viewport={"width": 1200, "height": 900})
    newcomer.goto(link)
    newcomer.get_by_text("nouvelle@soleil-habitat.fr").wait_for(timeout=WAIT)
    chosen = "un-mot-de-passe-choisi"
    newcomer.get_by_label("Nouveau mot de passe").fill(chosen)
    newcomer.get_by_label("Confirmez le mot de passe").fill(chosen)
    submit(newcomer, "Enregistrer le mot de passe", "Mot de passe enregistré")
    shot(newcomer, "password_link_used")
    newcomer.goto(link)  # once only
    newcomer.get_by_text("Ce lien a déjà servi").wait_for(timeout=WAIT)
    newcomer.goto(server)
    newcomer.get_by_label("E-mail").fill("nouvelle@soleil-habitat.fr", timeout=WAIT)
    newcomer.get_by_label("Mot de passe").fill(chosen)
    newcomer.get_by_role("button", name="Se connecter").click()
    newcomer.get_by_test_id("stSidebarNav").wait_for(timeout=WAIT)
    newcomer.close()
    entries = hub_con.execute(
        "SELECT action FROM activity_log WHERE subject = ? ORDER BY id", (made["id"],)
    ).fetchall()
    assert [r[0] for r in entries][-2:] == ["user.password_link_created", "user.password_set"]
