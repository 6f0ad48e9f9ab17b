"""Administration pages in Chromium on the real dashboard process: each role signs in and sees
exactly the pages of its permissions; a marketer creates an LP and its form and adds an origin;
an admin creates an API key (shown once, it works) and revokes it (it then gets 401).
Screenshots are kept in tests/e2e/artifacts/ (``admin_<role>_<page>.png``)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from dashboard.i18n import translate
from dashboard.navigation import visible_pages
from hub.db import utcnow
from hub.services import users
from hub.services.actor import CLI, ROLES, user
from hub.settings import Settings
from ingest.app import create_app
from tests.e2e.test_dashboard_e2e import CHROMIUM, CHROMIUM_ARGS, server
from tests.e2e.test_dashboard_sessions_e2e import ARTIFACTS, this_checkout

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.e2e
__all__ = ["server", "this_checkout"]  # fixtures, imported to be used here

PASSWORD = "a-long-enough-password"
WAIT = 30_000


@pytest.fixture
def people(hub_con: sqlite3.Connection, server: str) -> dict[str, str]:
    """One user per role on the Soleil entity: role → e-mail."""
    for role in ROLES:
        payload = {"email": f"{role}@soleil-habitat.fr", "role": role, "password": PASSWORD}
        users.create_user(hub_con, CLI, {**payload, "account_ids": ["acc_soleil"]}, utcnow())
    return {role: f"{role}@soleil-habitat.fr" for role in ROLES}


@pytest.fixture
def chromium() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def sign_in(browser: Browser, server: str, email: str, path: str = "") -> Page:
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(server + path)
    page.get_by_label("E-mail").fill(email, timeout=WAIT)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_test_id("stSidebarNav").wait_for(timeout=WAIT)
    return page


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def nav_titles(page: Page) -> set[str]:
    links = page.get_by_test_id("stSidebarNav").locator("a")
    # Each link's text is its icon's name, then its title.
    return {t.strip().splitlines()[-1] for t in links.all_inner_texts() if t.strip()}


def go(page: Page, title: str) -> None:
    """Open a page from the sidebar (a new URL would reconnect before the cookie is written)."""
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    page.get_by_role("heading", name=title).wait_for(timeout=WAIT)


def choose(page: Page, label: str, option: str) -> None:
    """Pick ``option`` (a regular expression) in the Streamlit selectbox labelled ``label``."""
    page.get_by_test_id("stSelectbox").filter(has_text=label).first.click()
    page.get_by_role("option", name=re.compile(option)).click()


def submit(page: Page, label: str, expect: str) -> None:
    page.get_by_role("button", name=label).click()
    page.get_by_text(expect).wait_for(timeout=WAIT)


def test_each_role_sees_its_pages(chromium: Browser, server: str, people: dict[str, str]) -> None:
    for role, email in people.items():
        page = sign_in(chromium, server, email)
        expected = {translate("fr", t) for _, t, _, _ in visible_pages(user("u", role, ["a"]))}
        assert nav_titles(page) == expected, role
        go(page, "Landing pages")
        page.get_by_test_id("stDataFrame").wait_for(timeout=WAIT)
        writes = page.get_by_text("Nouvelle landing page").count() > 0
        assert writes == (role in ("super_admin", "admin", "marketer")), role
        shot(page, f"admin_{role}_landing_pages")
        page.close()


def test_a_marketer_sets_up_an_lp_its_form_and_an_origin(
    chromium: Browser, server: str, people: dict[str, str], hub_con: sqlite3.Connection
) -> None:
    page = sign_in(chromium, server, people["marketer"], "landing_pages")
    page.get_by_text("Nouvelle landing page").click()
    choose(page, "Compte", "^Soleil Habitat")
    choose(page, "Produit", "^PV")
    page.get_by_label("Nom").first.fill("Solaire hiver")
    page.get_by_label("URL").first.fill("https://hiver.soleil-habitat.fr/lp/")
    submit(page, "Créer", "Landing page « Solaire hiver » créée")
    page.get_by_test_id("stDataFrame").wait_for(timeout=WAIT)
    shot(page, "admin_marketer_lp_created")

    go(page, "Formulaires")
    page.get_by_text("Nouveau formulaire").click()
    choose(page, "Landing page", "^Solaire hiver")
    page.get_by_label("Nom").first.fill("Formulaire hiver")
    page.get_by_label("URL", exact=True).first.fill("https://form.soleil-habitat.fr/hiver/")
    page.get_by_label("URL de remerciement").first.fill("https://form.soleil-habitat.fr/merci/")
    page.get_by_label("Texte du consentement").first.fill("J'accepte d'être recontacté.")
    submit(page, "Créer", "Formulaire « Formulaire hiver » créé.")
    shot(page, "admin_marketer_form_created")

    go(page, "Origines autorisées")
    page.get_by_role("textbox", name="Origine").fill(
        "https://partenaire.soleil-habitat.fr", timeout=WAIT
    )
    submit(page, "Ajouter l'origine", "Origine https://partenaire.soleil-habitat.fr ajoutée.")
    shot(page, "admin_marketer_origins")

    form = hub_con.execute(
        "SELECT f.account_id, l.name, l.product_code"
        " FROM forms f JOIN landing_pages l ON l.id = f.lp_id WHERE f.name = 'Formulaire hiver'"
    ).fetchone()
    assert tuple(form) == ("acc_soleil", "Solaire hiver", "PV")
    origins = {r[0] for r in hub_con.execute("SELECT origin FROM allowed_origins")}
    assert {
        "https://hiver.soleil-habitat.fr",
        "https://form.soleil-habitat.fr",
        "https://partenaire.soleil-habitat.fr",
    } <= origins


def test_an_admin_creates_and_revokes_an_api_key(
    chromium: Browser, server: str, people: dict[str, str], settings: Settings
) -> None:
    page = sign_in(chromium, server, people["admin"], "api_keys")
    page.get_by_text("Nouvelle clé API").click()
    page.get_by_label("Nom").first.fill("CRM sync")
    submit(page, "Créer", "Clé « CRM sync » créée.")
    key = page.get_by_test_id("stCode").inner_text().strip()
    shot(page, "admin_admin_key_shown_once")
    headers = {"Authorization": f"Token {key}"}
    api: TestClient[Litestar]
    with TestClient(app=create_app(settings)) as api:
        assert api.get("/v1/landing-pages", headers=headers).status_code == 200
        go(page, "Utilisateurs")
        go(page, "Clés API")
        assert page.get_by_test_id("stCode").count() == 0  # never shown again
        choose(page, "Clé à révoquer", "^CRM sync")
        submit(page, "Révoquer la clé", "Clé « CRM sync » révoquée")
        shot(page, "admin_admin_key_revoked")
        assert api.get("/v1/landing-pages", headers=headers).status_code == 401
