"""The GDPR erasure section of the privacy page through the real app entry point (Streamlit
AppTest): an admin erases a person only after confirming, sees what was erased, and the person
lands on the opposition list (a hash, never the value); an entry is added and removed; an
account admin never touches another tenant's lead; other roles never see the page."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.navigation import visible_pages
from hub.services.actor import ROLES, user
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from tests.integration.apptest import click, make_users, open_page, signed_in, use_data_dir
from tests.integration.test_routing_support import add_lead

pytestmark = pytest.mark.integration

PHONE = "+33612345679"


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    return use_data_dir(settings, monkeypatch)


@pytest.fixture
def people(hub_con: sqlite3.Connection, world: DemoWorld) -> None:
    make_users(
        hub_con,
        [
            ("admin@soleil-habitat.fr", "admin", "acc_soleil"),
            ("admin@eco-renov.fr", "admin", "acc_eco"),
        ],
    )


def erase(at: AppTest, value: str, *, confirm: bool) -> AppTest:
    at.radio(key="erasure_kind").set_value("phone")
    at.text_input(key="erasure_value").input(value)
    at.checkbox(key="erasure_confirm").set_value(confirm)
    return click(at, "Effacer la personne")


def opposition_table(at: AppTest) -> Any:
    [table] = [d.value for d in at.dataframe if "Empreinte" in d.value.columns]
    return table


def said(elements: Any, start: str) -> list[str]:
    return [e.value for e in elements if str(e.value).startswith(start)]


def phone_of(con: sqlite3.Connection, lead_id: str) -> str | None:
    row = con.execute("SELECT phone_e164 FROM leads WHERE id = ?", (lead_id,)).fetchone()
    return None if row[0] is None else str(row[0])


def test_only_admins_see_the_page_and_may_erase() -> None:
    for role in ROLES:
        actor = user("u", role, ["acc_x"])
        shown = {name for name, *_ in visible_pages(actor)}
        admin = role in {"super_admin", "admin"}
        assert ("privacy.py" in shown) == admin and actor.may("privacy.erase") == admin, role


def test_an_admin_erases_after_confirming_and_manages_the_list(
    env: Settings, hub_con: sqlite3.Connection, people: None
) -> None:
    lead_id = add_lead(hub_con, phone_e164=PHONE)
    at = signed_in("admin@soleil-habitat.fr", "privacy.py")
    assert "Effacement RGPD" in [h.value for h in at.subheader]
    erase(at, "06 12 34 56 79", confirm=False)
    assert said(at.warning, "Cochez la confirmation")
    assert phone_of(hub_con, lead_id) == PHONE  # nothing done

    erase(at, "06 12", confirm=True)
    assert any("**phone**" in e.value for e in at.error)

    erase(at, "06 12 34 56 79", confirm=True)
    assert said(at.success, "Effacement fait : 1 lead(s)")
    assert phone_of(hub_con, lead_id) is None
    table = opposition_table(at)
    assert list(table["Type"]) == ["Téléphone"]
    assert list(table["Compte"]) == ["acc_soleil"]
    assert list(table["Motif"]) == ["effacement"]
    assert all("0612345679" not in str(v) for v in table["Empreinte"])

    at.radio(key="opposition_kind").set_value("email")
    at.text_input(key="opposition_value").input("Jeanne@Exemple.fr")
    click(at, "Ajouter à la liste d'opposition")
    assert said(at.success, "Ajoutée à la liste d'opposition.")
    assert len(opposition_table(at)) == 2

    entry = hub_con.execute("SELECT id FROM oppositions WHERE kind = 'email'").fetchone()[0]
    at.selectbox(key="opposition_remove_pick").select(entry).run()
    click(at, "Retirer de la liste")
    assert said(at.success, "Retirée de la liste d'opposition.")
    assert hub_con.execute("SELECT count(*) FROM oppositions").fetchone()[0] == 1


def test_another_tenants_lead_is_never_erased(
    env: Settings, hub_con: sqlite3.Connection, people: None
) -> None:
    lead_id = add_lead(hub_con, phone_e164=PHONE)  # a Soleil lead
    at = signed_in("admin@eco-renov.fr", "privacy.py")
    erase(at, PHONE, confirm=True)
    assert said(at.success, "Effacement fait : 0 lead(s)")
    assert phone_of(hub_con, lead_id) == PHONE
    assert list(opposition_table(at)["Compte"]) == ["acc_eco"]


def test_the_section_speaks_english(
    env: Settings, hub_con: sqlite3.Connection, people: None
) -> None:
    at = signed_in("admin@soleil-habitat.fr", "privacy.py")
    at.session_state["lang"] = "en"
    open_page(at, "privacy.py")
    assert {"GDPR erasure", "Opposition list"} <= {h.value for h in at.subheader}
