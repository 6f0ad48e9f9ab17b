"""The buyers page (Streamlit AppTest): the "Acheteur de test" column and checkbox; a buyer
created as a test buyer is stored and logged as one (decision 0050)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from tests.integration.apptest import click, make_users, open_page, signed_in, use_data_dir

pytestmark = pytest.mark.integration


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    return use_data_dir(settings, monkeypatch)


def test_ops_creates_a_test_buyer_from_the_page(
    env: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    make_users(hub_con, [("ops@soleil-habitat.fr", "ops", "acc_soleil")])
    at = open_page(signed_in("ops@soleil-habitat.fr"), "buyers.py")
    shown = at.dataframe[0].value
    flags = dict(zip(shown["Identifiant"], shown["Acheteur de test"], strict=True))
    assert flags["buy_test_crm"] and not flags["buy_soleil_crm"]
    at.selectbox(key="buyer_account").select("acc_soleil")
    at.text_input(key="buyer_new_n").input("Recette Sud")
    at.text_input(key="buyer_new_u").input("https://crm.recette-sud.fr/hooks")
    box = at.checkbox(key="buyer_new_t")
    assert box.label == "Acheteur de test" and box.value is False
    box.check()
    click(at, "Créer")
    assert not at.exception
    row = hub_con.execute("SELECT id, is_test FROM buyers WHERE name = 'Recette Sud'").fetchone()
    assert row is not None and row["is_test"] == 1
    logged = hub_con.execute(
        "SELECT detail FROM activity_log WHERE action = 'buyer.created' AND subject = ?",
        (row["id"],),
    ).fetchone()
    assert json.loads(logged[0])["is_test"] is True
