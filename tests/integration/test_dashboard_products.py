"""Administration — products and transfer prices (AppTest, real app entry point and services):
finance sets a transfer price (logged before → after with the user as actor), a pair of
entities' price (a brand named as an entity refused) and deletes it, but may not change
products; an admin creates, changes, archives and unarchives a product; a viewer reads only."""

from __future__ import annotations

import json
import sqlite3

import pytest
from streamlit.testing.v1 import AppTest

from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from tests.integration.apptest import click, make_users, open_page, signed_in, use_data_dir

pytestmark = pytest.mark.integration


@pytest.fixture
def people(
    settings: Settings,
    hub_con: sqlite3.Connection,
    world: DemoWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, str]:
    use_data_dir(settings, monkeypatch)
    roles = ("admin", "finance", "viewer")
    made = make_users(hub_con, [(f"{r}@soleil-habitat.fr", r, "acc_soleil") for r in roles])
    return {email.split("@")[0]: user_id for email, user_id in made.items()}


def column(at: AppTest, header: str, table: int = 0) -> list[str]:
    return [str(v) for v in at.dataframe[table].value[header]]


def test_finance_sets_a_transfer_price_but_not_products(
    hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = open_page(signed_in("finance@soleil-habitat.fr"), "products.py")
    assert set(column(at, "Code")) == {"PV", "PAC", "ITE"}
    assert not [b for b in at.button if b.label == "Créer"]  # products: admins only
    at.selectbox(key="price_product").select("PV")
    at.number_input(key="price_eur").set_value(27.5)
    click(at, "Enregistrer le prix")
    assert at.success[0].value == "Prix de cession de PV : 27,50 €."
    cents = hub_con.execute("SELECT price_cents FROM transfer_prices WHERE product_code = 'PV'")
    assert cents.fetchone()[0] == 2750
    actor, detail = hub_con.execute(
        "SELECT actor, detail FROM activity_log WHERE action = 'transfer_price.set'"
    ).fetchone()
    assert actor == f"user:{people['finance']}"
    assert json.loads(detail)["after"] == {"price_cents": 2750}
    default = column(at, "Prix de cession par défaut (€)")
    assert "27,50" in default[column(at, "Code").index("PV")]


def test_finance_sets_and_deletes_a_pairs_price(
    hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = open_page(signed_in("finance@soleil-habitat.fr"), "products.py")
    at.selectbox(key="price_product").select("PAC")
    at.text_input(key="price_from").input("acc_soleil")
    at.text_input(key="price_to").input("acc_eco")
    at.number_input(key="price_eur").set_value(31)
    click(at, "Enregistrer le prix")
    assert at.success[0].value == "Prix de cession de PAC (acc_soleil → acc_eco) : 31,00 €."
    pair = "SELECT price_cents FROM transfer_prices WHERE product_code = 'PAC' AND to_entity = ?"
    assert hub_con.execute(pair, ("acc_eco",)).fetchone()[0] == 3100
    prices = at.dataframe[1].value
    shown = list(zip(prices["Code"], prices["Entité productrice (facture)"], strict=True))
    assert ("PAC", "acc_soleil") in shown and ("PAC", "toutes") in shown
    assert "31,00" in column(at, "Prix de cession (€)", 1)[shown.index(("PAC", "acc_soleil"))]

    at.text_input(key="price_from").input("acc_soleil_solaire")  # a brand: named, not written
    at.text_input(key="price_to").input("acc_eco")
    click(at, "Enregistrer le prix")
    assert "**from_entity**" in at.error[0].value

    at.selectbox(key="price_pair_pick").select("PAC|acc_soleil|acc_eco").run()
    click(at, "Supprimer ce prix")
    assert at.success[0].value == "Prix de cession de PAC (acc_soleil → acc_eco) supprimé."
    assert hub_con.execute(pair, ("acc_eco",)).fetchone() is None
    assert (
        hub_con.execute(
            "SELECT actor FROM activity_log WHERE action = 'transfer_price.deleted'"
        ).fetchone()[0]
        == f"user:{people['finance']}"
    )


def test_an_admin_creates_changes_archives_and_unarchives_a_product(
    hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = open_page(signed_in("admin@soleil-habitat.fr"), "products.py")
    at.text_input(key="product_code").input("BATT")
    at.text_input(key="product_label").input("Batterie solaire")
    at.text_area(key="product_aides").input("MaPrimeRénov'\nTVA réduite")
    click(at, "Créer")
    assert at.success[0].value == "Produit BATT créé."
    row = hub_con.execute("SELECT label, aides FROM products WHERE code = 'BATT'").fetchone()
    assert row["label"] == "Batterie solaire"
    assert json.loads(row["aides"]) == ["MaPrimeRénov'", "TVA réduite"]

    at.selectbox(key="product_pick").select("BATT").run()
    at.text_input(key="product_edit_label").input("Batterie domestique")
    click(at, "Enregistrer")
    assert hub_con.execute("SELECT label FROM products WHERE code = 'BATT'").fetchone()[0] == (
        "Batterie domestique"
    )
    click(at, "Archiver le produit")
    assert at.success[0].value == (
        "Produit BATT archivé : refusé pour les nouvelles landing pages, formulaires et commandes."
    )
    archived = hub_con.execute("SELECT archived_at FROM products WHERE code = 'BATT'")
    assert archived.fetchone()[0] is not None
    at.selectbox(key="product_pick").select("BATT").run()
    click(at, "Réactiver le produit")
    archived = hub_con.execute("SELECT archived_at FROM products WHERE code = 'BATT'")
    assert archived.fetchone()[0] is None
    actions = [
        r[0]
        for r in hub_con.execute(
            "SELECT action FROM activity_log WHERE subject = 'BATT' AND actor = ? ORDER BY id",
            (f"user:{people['admin']}",),
        )
    ]
    assert actions == [
        "product.created",
        "product.updated",
        "product.archived",
        "product.unarchived",
    ]


def test_bad_input_is_named_and_a_viewer_only_reads(
    hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = open_page(signed_in("admin@soleil-habitat.fr"), "products.py")
    at.text_input(key="product_code").input("pv")
    at.text_input(key="product_label").input("Minuscules")
    click(at, "Créer")
    assert "**code**" in at.error[0].value
    assert hub_con.execute("SELECT count(*) FROM products").fetchone()[0] == 3

    viewer = open_page(signed_in("viewer@soleil-habitat.fr"), "products.py")
    assert set(column(viewer, "Code")) == {"PV", "PAC", "ITE"}
    assert not viewer.text_input and not viewer.number_input
