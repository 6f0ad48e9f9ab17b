"""Administration pages through the real app entry point, hub and services (Streamlit AppTest):
each role sees and does what the permission table says, every change is in the activity log
with the user as its actor, and a user of one brand never sees another tenant's objects."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from streamlit.testing.v1 import AppTest

from dashboard.navigation import visible_pages
from hub.services import activity
from hub.services.actor import CLI, PERMISSIONS, ROLES, user
from hub.settings import Settings
from ingest.app import create_app
from leadhub.demo.seed import DemoWorld
from tests.integration.apptest import (
    APP,
    click,
    make_users,
    open_page,
    signed_in,
    use_data_dir,
)

pytestmark = pytest.mark.integration

ROLES_AT_SOLEIL = [(f"{role}@soleil-habitat.fr", role, "acc_soleil") for role in ROLES]


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    return use_data_dir(settings, monkeypatch)


@pytest.fixture
def people(hub_con: sqlite3.Connection, world: DemoWorld) -> dict[str, str]:
    """One user per role on the Soleil entity (and its brand), plus a user of the Eco entity;
    role → user id."""
    made = {email.split("@")[0]: i for email, i in make_users(hub_con, ROLES_AT_SOLEIL).items()}
    eco = make_users(hub_con, [("admin@eco-renov.fr", "admin", "acc_eco")])
    return {**made, "eco_admin": eco["admin@eco-renov.fr"]}


def table_column(at: AppTest, header: str) -> list[str]:
    return [str(v) for v in at.dataframe[0].value[header]]


@pytest.fixture
def api(settings: Settings) -> Iterator[TestClient[Litestar]]:
    with TestClient(app=create_app(settings)) as client:
        yield client


def test_each_role_sees_the_pages_its_permissions_allow() -> None:
    for role in ROLES:
        actor = user("usr_x", role, ["acc_x"])
        shown = {name for name, _, _, _ in visible_pages(actor)}
        for name, _, _, permission in visible_pages(user("usr_x", "super_admin", [])):
            assert (name in shown) == (role in PERMISSIONS[permission]), (role, name)
    assert "users.py" not in {n for n, *_ in visible_pages(user("u", "marketer", ["a"]))}
    assert "landing_pages.py" in {n for n, *_ in visible_pages(user("u", "viewer", ["a"]))}


def test_a_marketer_creates_an_lp_and_its_form_and_adds_an_origin(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = open_page(signed_in("marketer@soleil-habitat.fr"), "landing_pages.py")
    assert [t.value for t in at.title] == ["Landing pages"]
    at.selectbox(key="lp_account").select("acc_soleil")
    at.text_input(key="lp_name").input("Solaire hiver")
    at.text_input(key="lp_url").input("https://hiver.soleil.test/lp/")
    at.selectbox(key="lp_product").select("PV")
    click(at, "Créer")
    assert at.success[0].value.startswith("Landing page « Solaire hiver » créée")
    assert "Solaire hiver" in table_column(at, "Nom")

    open_page(at, "forms.py")
    lp_id = hub_con.execute("SELECT id FROM landing_pages WHERE name = 'Solaire hiver'")
    at.selectbox(key="form_lp").select(lp_id.fetchone()[0])
    at.text_input(key="form_new_n").input("Formulaire hiver")
    at.text_input(key="form_new_u").input("https://form.soleil.test/hiver/")
    at.text_input(key="form_new_ty").input("https://form.soleil.test/merci/")
    at.text_area(key="form_new_c").input("J'accepte d'être recontacté par Soleil Habitat.")
    click(at, "Créer")
    assert at.success[0].value == "Formulaire « Formulaire hiver » créé."

    open_page(at, "origins.py")
    at.selectbox(key="origins_account").select("acc_soleil")
    at.run()
    origins = table_column(at, "Origine")
    assert {"https://hiver.soleil.test", "https://form.soleil.test"} <= set(origins)
    at.text_input[0].input("https://partenaire.soleil.test")
    click(at, "Ajouter l'origine")
    assert "https://partenaire.soleil.test" in table_column(at, "Origine")

    actor = f"user:{people['marketer']}"
    log = activity.list_activity(hub_con, CLI, {"actor": actor}, 0, 50)["items"]
    assert {e["action"] for e in log} >= {"lp.created", "form.created", "origin.added"}


def test_bad_input_names_the_field_and_writes_nothing(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    before = hub_con.execute("SELECT count(*) FROM landing_pages").fetchone()[0]
    at = open_page(signed_in("marketer@soleil-habitat.fr"), "landing_pages.py")
    at.text_input(key="lp_name").input("Sans URL valable")
    at.text_input(key="lp_url").input("ftp://example.fr/")
    click(at, "Créer")
    assert "**url**" in at.error[0].value
    assert hub_con.execute("SELECT count(*) FROM landing_pages").fetchone()[0] == before


def test_an_admin_creates_a_key_shown_once_then_revokes_it(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str], api: TestClient[Litestar]
) -> None:
    at = open_page(signed_in("admin@soleil-habitat.fr"), "api_keys.py")
    assert "super_admin" not in at.selectbox(key="key_role").options
    at.selectbox(key="key_account").select("acc_soleil")
    at.text_input(key="key_name").input("CRM sync")
    at.selectbox(key="key_role").select("viewer")
    click(at, "Créer")
    [code] = at.code
    key = code.value
    assert at.warning[0].value.startswith("La clé API : copiez-la maintenant")
    headers = {"Authorization": f"Token {key}"}
    assert api.get("/v1/landing-pages", headers=headers).status_code == 200

    at.run()  # the next run never shows the key again
    assert not at.code
    key_id = hub_con.execute("SELECT id FROM api_keys WHERE name = 'CRM sync'").fetchone()[0]
    at.selectbox(key="key_edit_pick").select(key_id).run()
    at.text_input(key="key_edit_name").input("CRM sync (lecture)")
    at.selectbox(key="key_edit_role").select("marketer")
    click(at, "Enregistrer")
    assert at.success[0].value == "Clé « CRM sync (lecture) » modifiée."
    row = hub_con.execute("SELECT name, role FROM api_keys WHERE id = ?", (key_id,)).fetchone()
    assert tuple(row) == ("CRM sync (lecture)", "marketer")
    at.selectbox(key="key_revoke_pick").select(key_id).run()
    click(at, "Révoquer la clé")
    assert at.success[0].value == (
        "Clé « CRM sync (lecture) » révoquée : elle est refusée dès maintenant."
    )
    assert api.get("/v1/landing-pages", headers=headers).status_code == 401


def test_read_only_roles_see_lists_without_forms(env: Settings, people: dict[str, str]) -> None:
    at = open_page(signed_in("viewer@soleil-habitat.fr"), "landing_pages.py")
    assert at.dataframe, "the viewer reads the LPs"
    assert not [b for b in at.button if b.label == "Créer"]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("views/users.py")  # not in a viewer's navigation
    # The page itself refuses too (a URL typed by hand, a page run on its own).
    page = AppTest.from_file(APP.parent / "views" / "users.py", default_timeout=30)
    page.session_state["user_id"] = people["viewer"]
    page.run()
    assert page.error[0].value == "Votre rôle ne permet pas cette action."
    assert not page.dataframe


def test_a_brand_never_sees_another_tenants_objects(
    env: Settings, world: DemoWorld, people: dict[str, str]
) -> None:
    soleil = open_page(signed_in("admin@soleil-habitat.fr"), "landing_pages.py")
    assert set(table_column(soleil, "Compte")) == {"acc_soleil"}
    eco = open_page(signed_in("admin@eco-renov.fr"), "landing_pages.py")
    assert set(table_column(eco, "Compte")) == {"acc_eco"}
    open_page(eco, "buyers.py")
    assert table_column(eco, "Identifiant") == ["buy_eco_crm"]
    open_page(eco, "users.py")
    assert "admin@eco-renov.fr" in table_column(eco, "E-mail")
    assert not any(e.endswith("@soleil-habitat.fr") for e in table_column(eco, "E-mail"))


def test_an_admin_creates_a_brand_and_a_user_who_then_signs_in(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = open_page(signed_in("admin@soleil-habitat.fr"), "accounts.py")
    assert at.selectbox(key="account_kind").options == ["Marque"]  # an entity: super_admin only
    at.text_input(key="account_new_n").input("Soleil Pro")
    at.text_input(key="account_new_siren").input("552 100 554")
    click(at, "Créer")
    assert at.success[0].value == "Compte « Soleil Pro » créé."
    brand = hub_con.execute("SELECT id, parent_id, siren FROM accounts WHERE name = 'Soleil Pro'")
    brand_id, parent, siren = brand.fetchone()
    assert (parent, siren) == ("acc_soleil", "552100554")

    open_page(at, "users.py")
    assert "super_admin" not in at.selectbox(key="user_new_role").options
    at.text_input(key="user_email").input("commercial@soleil-habitat.fr")
    at.selectbox(key="user_new_role").select("ops")
    at.multiselect(key="user_new_accounts").select(brand_id)
    click(at, "Créer")
    [code] = at.code
    assert at.warning[0].value.startswith("Le mot de passe généré : copiez-la maintenant")
    password = code.value

    new = AppTest.from_file(APP, default_timeout=30).run()
    new.text_input[0].input("commercial@soleil-habitat.fr")
    new.text_input[1].input(password)
    new.button[0].click().run()
    assert not new.exception
    open_page(new, "buyers.py")
    assert [b.label for b in new.button if b.label == "Créer"] == ["Créer"]  # ops writes buyers


def test_ops_creates_a_buyer_and_reads_its_secret_once(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = open_page(signed_in("ops@soleil-habitat.fr"), "buyers.py")
    at.selectbox(key="buyer_account").select("acc_soleil")
    at.text_input(key="buyer_new_n").input("Installateur Sud")
    at.text_input(key="buyer_new_u").input("https://crm.installateur-sud.fr/hooks")
    click(at, "Créer")
    [code] = at.code
    assert code.value.startswith("whsec_")
    assert code.value not in str(hub_con.execute("SELECT * FROM buyers").fetchall())
    at.run()
    assert not at.code


def test_the_activity_page_filters_the_log(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = open_page(signed_in("viewer@soleil-habitat.fr"), "activity.py")
    total = int(at.caption[0].value.split()[0])
    assert total > 0
    at.text_input(key="activity_action").input("user.created").run()
    # One per role on Soleil; the Eco admin's creation is another tenant's.
    assert at.caption[0].value == "6 changement(s)"
    assert set(table_column(at, "Action")) == {"user.created"}
    assert set(table_column(at, "Auteur")) == {"cli"}
    at.text_input(key="activity_actor").input("api_key:nope").run()
    assert at.caption[0].value == "0 changement(s)"
