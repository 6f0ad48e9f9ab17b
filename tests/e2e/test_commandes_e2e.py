"""The commandes editor in Chromium on the real dashboard process: an ops user lowers a cap,
sees the simulate preview (the simulate service's figures on the same hub), then saves it.
Screenshots in tests/e2e/artifacts/ (``commandes_<step>.png``)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from dashboard import i18n
from hub.db import utcnow
from hub.services import commandes, users
from hub.services.actor import CLI, user
from tests.e2e.test_dashboard_admin_e2e import WAIT, choose, chromium, shot, sign_in
from tests.e2e.test_dashboard_e2e import server
from tests.e2e.test_dashboard_sessions_e2e import this_checkout
from tests.integration.test_routing_commandes import lead_at, route_at

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e
__all__ = ["chromium", "server", "this_checkout"]  # fixtures, imported to be used here

EMAIL = "ops@soleil-habitat.fr"


@pytest.fixture
def ops_user(hub_con: sqlite3.Connection, server: str) -> str:
    payload = {"email": EMAIL, "role": "ops", "password": "a-long-enough-password"}
    made = users.create_user(hub_con, CLI, {**payload, "account_ids": ["acc_soleil"]}, utcnow())
    return str(made["id"])


@pytest.fixture
def history(hub_con: sqlite3.Connection, server: str) -> None:
    """24 PV leads over the last 4 days, routed for real when they came."""
    start = utcnow() - timedelta(days=4)
    for i in range(24):
        when = start + timedelta(hours=4 * i)
        lead = lead_at(hub_con, when, i, postal_code="75011", departement="75")
        route_at(hub_con, lead, when)


def test_ops_lowers_a_cap_sees_the_preview_and_saves(
    chromium: Browser, server: str, ops_user: str, history: None, hub_con: sqlite3.Connection
) -> None:
    page = sign_in(chromium, server, EMAIL, "commandes")
    page.get_by_role("heading", name="Commandes").wait_for(timeout=WAIT)
    page.get_by_test_id("stDataFrame").first.wait_for(timeout=WAIT)
    shot(page, "commandes_list_ops")

    choose(page, "Commande à créer ou modifier", "^PV Soleil toute France")
    cap = page.get_by_role("spinbutton", name="Plafond jour")
    expect(cap).to_have_value("50", timeout=WAIT)  # the chosen commande's form
    cap.fill("2")
    cap.press("Tab")
    page.get_by_role("button", name="Simuler").click()
    page.get_by_text("Aperçu sur les 30 derniers jours").wait_for(timeout=WAIT)
    page.get_by_role("button", name="Enregistrer").wait_for(timeout=WAIT)

    actor = user(ops_user, "ops", ["acc_soleil"])
    expected = commandes.simulate_commande(
        hub_con, actor, "cmd_soleil_pv", {"daily_cap": 2}, 30, utcnow()
    )["summary"]
    assert expected["sales_delta"] < 0, "the lower cap sells fewer leads"
    metrics = page.get_by_test_id("stMetric").all_inner_texts()
    sold = next(m for m in metrics if m.startswith("Leads vendus"))
    assert i18n.fmt_int(expected["sales_simulated"], "fr") in sold
    assert f"{expected['sales_delta']}" in sold
    revenue = next(m for m in metrics if m.startswith("Chiffre d'affaires HT"))
    assert i18n.fmt_money(expected["cents_simulated"] / 100, "fr") + " € HT" in revenue
    this = next(r for r in expected["commandes"] if r["commande_id"] == "cmd_soleil_pv")
    page.get_by_text(f"Cette commande : {this['actual']} → {this['simulated']} leads").wait_for(
        timeout=WAIT
    )
    page.mouse.move(0, 0)  # no tooltip over the preview
    page.get_by_role("button", name="Enregistrer").scroll_into_view_if_needed()
    shot(page, "commandes_preview")
    saved = hub_con.execute("SELECT daily_cap FROM commandes WHERE id = 'cmd_soleil_pv'")
    assert saved.fetchone()[0] == 50, "the preview saves nothing"

    page.get_by_role("button", name="Enregistrer").click()
    done = page.get_by_text("Commande « PV Soleil toute France » enregistrée.")
    done.wait_for(timeout=WAIT)
    page.get_by_role("heading", name="Commandes").scroll_into_view_if_needed()
    shot(page, "commandes_saved")
    saved = hub_con.execute("SELECT daily_cap FROM commandes WHERE id = 'cmd_soleil_pv'")
    assert saved.fetchone()[0] == 2
    page.close()
