"""The "Vie privée (RGPD)" page through the real app entry point (Streamlit AppTest): an admin
finds a person by phone in its accounts and gets the JSON and HTML downloads (the export logged
with the user as actor), a bad phone is refused naming the field, the consent ledger of a period
is prepared, retention is simulated then run after a confirmation; a super-admin finds the
person in every account; an admin of another tenant finds nothing; ops, finance, marketers and
viewers have no such page."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from hub.db import utcnow
from hub.settings import Settings
from tests.integration.apptest import APP, click, open_page, signed_in
from tests.integration.privacy_support import add_person_lead, sell
from tests.integration.test_dashboard_admin import env, people, table_column

__all__ = ["env", "people"]  # the administration tests' fixtures, used here
pytestmark = pytest.mark.integration


@pytest.fixture
def person(hub_con: sqlite3.Connection, people: dict[str, str]) -> dict[str, str]:
    soleil = add_person_lead(hub_con, utcnow() - timedelta(hours=3))
    sell(hub_con, soleil, utcnow() - timedelta(hours=3))
    eco = add_person_lead(hub_con, utcnow() - timedelta(hours=2), form_key="fm_ite_demo")
    old = add_person_lead(hub_con, utcnow() - timedelta(days=1200), phone="+33698765432")
    return {"soleil": soleil, "eco": eco, "old": old}


def search(at: AppTest, phone: str) -> AppTest:
    at.text_input(key="privacy_phone").input(phone)
    [submit] = [b for b in at.button if b.label == "Rechercher"]
    submit.click().run()
    assert not at.exception, at.exception
    return at


def downloads(at: AppTest) -> list[str]:
    return [str(d.proto.label) for d in at.get("download_button")]


def test_an_admin_exports_a_person_prepares_the_ledger_and_runs_retention(
    env: Settings, hub_con: sqlite3.Connection, person: dict[str, str]
) -> None:
    at = open_page(signed_in("admin@soleil-habitat.fr"), "privacy.py")
    assert [t.value for t in at.title] == ["Vie privée (RGPD)"]
    search(at, "06 12 34 56 79")
    assert at.success[0].value == "1 demande(s) trouvée(s)."
    assert table_column(at, "Demande") == [person["soleil"]]
    assert table_column(at, "Acheteurs") == ["Installateurs Lyon SAS"]
    assert downloads(at)[:2] == ["Télécharger (JSON)", "Télécharger la page lisible (HTML)"]
    [logged] = hub_con.execute(
        "SELECT actor, detail FROM activity_log WHERE action = 'privacy.dsar'"
    ).fetchall()
    assert logged["actor"] == f"user:{_uid(hub_con, 'admin@soleil-habitat.fr')}"
    assert json.loads(logged["detail"])["lead_ids"] == [person["soleil"]]

    search(at, "0612")
    assert "**phone**" in at.error[0].value

    click(at, "Préparer le registre")
    assert any(i.value == "1 consentement(s) sur la période." for i in at.info)

    click(at, "Simuler")
    assert any(i.value.startswith("À anonymiser maintenant : 1 demande(s)") for i in at.info), [
        i.value for i in at.info
    ]
    click(at, "Anonymiser maintenant…")
    assert hub_con.execute("SELECT email FROM leads WHERE id = ?", (person["old"],)).fetchone()[0]
    click(at, "Oui, anonymiser")
    assert any(s.value.startswith("Anonymisation faite : 1 demande(s)") for s in at.success)
    assert (
        hub_con.execute("SELECT email FROM leads WHERE id = ?", (person["old"],)).fetchone()[0]
        is None
    )
    assert any(c.value.startswith("Dernier passage :") for c in at.caption)


def _uid(con: sqlite3.Connection, email: str) -> str:
    return str(con.execute("SELECT id FROM users WHERE email = ?", (email,)).fetchone()[0])


def test_a_super_admin_sees_every_account_another_tenant_nothing(
    env: Settings, person: dict[str, str]
) -> None:
    root = search(open_page(signed_in("super_admin@soleil-habitat.fr"), "privacy.py"), "0612345679")
    assert sorted(table_column(root, "Demande")) == sorted([person["soleil"], person["eco"]])
    eco = search(open_page(signed_in("admin@eco-renov.fr"), "privacy.py"), "0612345679")
    assert table_column(eco, "Demande") == [person["eco"]]


@pytest.mark.parametrize("role", ["ops", "finance", "marketer", "viewer"])
def test_other_roles_have_no_privacy_page(env: Settings, people: dict[str, str], role: str) -> None:
    at = signed_in(f"{role}@soleil-habitat.fr")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/privacy.py")
    page = AppTest.from_file(APP.parent / "views" / "privacy.py", default_timeout=30)
    page.session_state["user_id"] = people[role]
    page.run()
    assert page.error[0].value == "Votre rôle ne permet pas cette action."
    assert not page.text_input
