"""The GDPR erasure section through the real app entry point (Streamlit AppTest): an admin
erases a person only after confirming, sees what was erased, and the person lands on the
opposition list (a hash, never the value); an entry is added and removed; an account admin
never touches another tenant's lead; other roles never see the page."""

from __future__ import annotations

import sqlite3

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


def phone_of(con: sqlite3.Connection, lead_id: str) -> str | None:
    row = con.execute("SELECT phone_e164 FROM leads WHERE id = ?", (lead_id,)).fetchone()
    return None if row[0] is None else str(row[0])


def test_only_admins_see_the_page() -> None:
    for role in ROLES:
        shown = {name for name, *_ in visible_pages(user("u", role, ["acc_x"]))}
        assert ("erasure.py" in shown) == (role in {"super_admin", "admin"}), role


def test_an_admin_erases_after_confirming_and_manages_the_list(
    env: Settings, hub_con: sqlite3.Connection, people: None
) -> None:
    lead_id = add_lead(hub_con, phone_e164=PHONE)
    at = signed_in("admin@soleil-habitat.fr", "erasure.py")
    assert [t.value for t in at.title] == ["Effacement RGPD"]
    erase(at, "06 12 34 56 79", confirm=False)
    assert at.warning[0].value.startswith("Cochez la confirmation")
    assert phone_of(hub_con, lead_id) == PHONE  # nothing done

    erase(at, "06 12", confirm=True)
    assert "**phone**" in at.error[0].value

    erase(at, "06 12 34 56 79", confirm=True)
    assert at.success[0].value.startswith("Effacement fait : 1 lead(s)")
    assert phone_of(hub_con, lead_id) is None
    [table] = at.dataframe
    assert list(table.value["Type"]) == ["Téléphone"]
    assert list(table.value["Compte"]) == ["acc_soleil"]
    assert list(table.value["Motif"]) == ["effacement"]
    assert all("0612345679" not in str(v) for v in table.value["Empreinte"])

    at.radio(key="opposition_kind").set_value("email")
    at.text_input(key="opposition_value").input("Jeanne@Exemple.fr")
    click(at, "Ajouter à la liste d'opposition")
    assert at.success[0].value == "Ajoutée à la liste d'opposition."
    assert len(at.dataframe[0].value) == 2

    entry = hub_con.execute("SELECT id FROM oppositions WHERE kind = 'email'").fetchone()[0]
    at.selectbox(key="opposition_remove_pick").select(entry).run()
    click(at, "Retirer de la liste")
    assert at.success[0].value == "Retirée de la liste d'opposition."
    assert hub_con.execute("SELECT count(*) FROM oppositions").fetchone()[0] == 1


def test_another_tenants_lead_is_never_erased(
    env: Settings, hub_con: sqlite3.Connection, people: None
) -> None:
    lead_id = add_lead(hub_con, phone_e164=PHONE)  # a Soleil lead
    at = signed_in("admin@eco-renov.fr", "erasure.py")
    erase(at, PHONE, confirm=True)
    assert at.success[0].value.startswith("Effacement fait : 0 lead(s)")
    assert phone_of(hub_con, lead_id) == PHONE
    assert list(at.dataframe[0].value["Compte"]) == ["acc_eco"]


def test_the_page_speaks_english(env: Settings, hub_con: sqlite3.Connection, people: None) -> None:
    at = signed_in("admin@soleil-habitat.fr", "erasure.py")
    at.session_state["lang"] = "en"
    open_page(at, "erasure.py")
    assert [t.value for t in at.title] == ["GDPR erasure"]
