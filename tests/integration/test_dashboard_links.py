"""The "Liens de redirection" page and the "Dupliquer" action of the landing pages page
through the real app entry point, hub and services (Streamlit AppTest): a marketer creates and
archives a link and duplicates an LP, a viewer only reads, a bad URL names the field and writes
nothing, another tenant's links stay hidden; every change is in the activity log."""

from __future__ import annotations

import sqlite3

import pytest

from hub.services import activity
from hub.services.actor import CLI
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from tests.integration.apptest import click, make_users, open_page, signed_in, use_data_dir
from tests.integration.test_dashboard_admin import table_column

pytestmark = pytest.mark.integration


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    return use_data_dir(settings, monkeypatch)


@pytest.fixture
def people(hub_con: sqlite3.Connection, world: DemoWorld) -> dict[str, str]:
    return make_users(
        hub_con,
        [
            ("marketer@soleil-habitat.fr", "marketer", "acc_soleil"),
            ("viewer@soleil-habitat.fr", "viewer", "acc_soleil"),
            ("admin@eco-renov.fr", "admin", "acc_eco"),
        ],
    )


def lp_of(con: sqlite3.Connection, key: str) -> tuple[str, str, str]:
    """(LP id, its form's id, the form's URL)."""
    row = con.execute(
        "SELECT lp.id, f.id, f.url FROM landing_pages lp JOIN forms f ON f.lp_id = lp.id"
        " WHERE lp.key = ?",
        (key,),
    ).fetchone()
    return row[0], row[1], row[2]


def test_a_marketer_creates_and_archives_a_link(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    lp_id, form_id, form_url = lp_of(hub_con, "lp_solaire_demo")
    at = open_page(signed_in("marketer@soleil-habitat.fr"), "links.py")
    assert [t.value for t in at.title] == ["Liens de redirection"]
    assert "lk_solaire_demo" in " ".join(table_column(at, "URL suivie"))
    at.selectbox(key="link_lp").select(lp_id).run()
    at.text_input(key="link_name").input("Flyer salon")
    at.selectbox(key="link_form").select(form_id)
    click(at, "Créer")
    assert at.success[0].value.startswith("Lien « Flyer salon » créé")
    assert "Flyer salon" in table_column(at, "Nom")
    lp_name = hub_con.execute("SELECT name FROM landing_pages WHERE id = ?", (lp_id,)).fetchone()
    assert lp_name[0] in table_column(at, "Landing page")  # the LP's name, not its id
    key, target, active = hub_con.execute(
        "SELECT link_key, target_url, active FROM links WHERE name = 'Flyer salon'"
    ).fetchone()
    assert key.startswith("lk_flyer_salon_") and (target, active) == (form_url, 1)

    at.selectbox(key="link_archive_which").select(key)
    click(at, "Archiver")
    assert "archivé" in at.success[0].value
    assert "Flyer salon" not in table_column(at, "Nom")  # only active links by default
    at.toggle(key="links_archived").set_value(True).run()
    assert "Flyer salon" in table_column(at, "Nom")
    assert hub_con.execute("SELECT active FROM links WHERE link_key = ?", (key,)).fetchone()[0] == 0

    actor = f"user:{people['marketer@soleil-habitat.fr']}"
    log = activity.list_activity(hub_con, CLI, {"actor": actor}, 0, 50)["items"]
    assert [e["action"] for e in log if e["subject"] == key] == ["link.archived", "link.created"]


def test_bad_url_names_the_field_and_writes_nothing(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    lp_id, _, _ = lp_of(hub_con, "lp_solaire_demo")
    before = hub_con.execute("SELECT count(*) FROM links").fetchone()[0]
    at = open_page(signed_in("marketer@soleil-habitat.fr"), "links.py")
    at.selectbox(key="link_lp").select(lp_id).run()
    at.text_input(key="link_name").input("Mauvais lien")
    at.text_input(key="link_target").input("ftp://soleil-habitat.fr/")
    click(at, "Créer")
    assert "target_url" in at.error[0].value and "http" in at.error[0].value
    assert hub_con.execute("SELECT count(*) FROM links").fetchone()[0] == before


def test_a_viewer_reads_and_another_tenant_sees_nothing(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = open_page(signed_in("viewer@soleil-habitat.fr"), "links.py")
    urls = " ".join(table_column(at, "URL suivie"))
    assert "lk_solaire_demo" in urls and "lk_ite_demo" not in urls
    assert not [b for b in at.button if b.label in ("Créer", "Archiver")]
    eco = open_page(signed_in("admin@eco-renov.fr"), "links.py")
    urls = " ".join(table_column(eco, "URL suivie"))
    assert "lk_ite_demo" in urls and "lk_solaire_demo" not in urls


def test_a_marketer_duplicates_an_lp_with_its_forms(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    lp_id, form_id, _ = lp_of(hub_con, "lp_pac_demo")
    at = open_page(signed_in("marketer@soleil-habitat.fr"), "landing_pages.py")
    at.selectbox(key="lp_edit").select(lp_id).run()
    at.text_input(key="lp_duplicate_name").input("PAC hiver B")
    click(at, "Dupliquer")
    assert at.success[0].value.startswith("Landing page « PAC hiver B » créée")
    assert "PAC hiver B" in table_column(at, "Nom")
    new_id = hub_con.execute("SELECT id FROM landing_pages WHERE name = 'PAC hiver B'").fetchone()[
        0
    ]
    copies = hub_con.execute(
        "SELECT consent_version, key FROM forms WHERE lp_id = ?", (new_id,)
    ).fetchall()
    source_key = hub_con.execute("SELECT key FROM forms WHERE id = ?", (form_id,)).fetchone()[0]
    assert [(c[0], c[1] != source_key) for c in copies] == [("v1", True)]


def test_a_marketer_changes_a_links_name_and_target(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = open_page(signed_in("marketer@soleil-habitat.fr"), "links.py")
    at.selectbox(key="link_archive_which").select("lk_solaire_demo").run()
    at.text_input(key="link_edit_name").input("Flyer printemps")
    at.text_input(key="link_edit_target").input("ftp://devis.soleil-habitat.fr/")
    click(at, "Enregistrer")
    assert "**target_url**" in at.error[0].value  # http(s) only; nothing written
    at.text_input(key="link_edit_target").input("https://devis.soleil-habitat.fr/printemps/")
    click(at, "Enregistrer")
    name, target = hub_con.execute(
        "SELECT name, target_url FROM links WHERE link_key = 'lk_solaire_demo'"
    ).fetchone()
    assert (name, target) == ("Flyer printemps", "https://devis.soleil-habitat.fr/printemps/")
    actor = f"user:{people['marketer@soleil-habitat.fr']}"
    log = activity.list_activity(hub_con, CLI, {"actor": actor}, 0, 50)["items"]
    [entry] = [e for e in log if e["subject"] == "lk_solaire_demo"]
    assert entry["action"] == "link.updated"
    assert entry["detail"]["after"]["target_url"] == "https://devis.soleil-habitat.fr/printemps/"
