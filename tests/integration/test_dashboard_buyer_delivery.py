"""Administration — a buyer's delivery mode and settings on the buyers page (AppTest, the real
app and the delivery service API v1 and the CLI call): ops set an HTTP mapping with a secret
header (write-only: never shown, never logged), the change is logged before → after with the
user as actor; a bad JSON config is named and nothing is written; a marketer only reads."""

from __future__ import annotations

import json
import sqlite3

import pytest

from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from tests.integration.apptest import click, make_users, open_page, signed_in, use_data_dir

pytestmark = pytest.mark.integration

MAPPING = {"method": "POST", "fields": {"tel": "phone", "cp": "postal_code"}}


@pytest.fixture
def people(
    settings: Settings,
    hub_con: sqlite3.Connection,
    world: DemoWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, str]:
    use_data_dir(settings, monkeypatch)
    roles = ("ops", "marketer")
    made = make_users(hub_con, [(f"{r}@soleil-habitat.fr", r, "acc_soleil") for r in roles])
    return {email.split("@")[0]: user_id for email, user_id in made.items()}


def test_ops_set_a_buyers_delivery_secrets_write_only(
    hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = open_page(signed_in("ops@soleil-habitat.fr"), "buyers.py")
    at.selectbox(key="buyer_edit").select("buy_soleil_crm").run()
    at.selectbox(key="delivery_mode_buy_soleil_crm").select("http_mapping")
    at.text_area(key="delivery_config_buy_soleil_crm").input(json.dumps(MAPPING))
    at.text_area(key="delivery_auth_buy_soleil_crm").input("X-Api-Key: tr3s-secret")
    click(at, "Enregistrer la livraison")
    assert at.success[0].value == "Livraison de « CRM Soleil Habitat » enregistrée."
    assert "tr3s-secret" not in str(at.main)
    row = hub_con.execute(
        "SELECT delivery_mode, delivery_config, auth_enc FROM buyers WHERE id = 'buy_soleil_crm'"
    ).fetchone()
    assert row["delivery_mode"] == "http_mapping" and json.loads(row["delivery_config"]) == MAPPING
    assert row["auth_enc"] and "tr3s-secret" not in row["auth_enc"]
    actor, detail = hub_con.execute(
        "SELECT actor, detail FROM activity_log WHERE action = 'buyer.delivery_set'"
    ).fetchone()
    assert actor == f"user:{people['ops']}" and "tr3s-secret" not in detail
    logged = json.loads(detail)
    assert logged["before"]["delivery_mode"] == "webhook"
    assert logged["after"]["delivery_mode"] == "http_mapping" and logged["auth_changed"] is True

    at.selectbox(key="buyer_edit").select("buy_soleil_crm").run()
    assert (
        at.text_area(key="delivery_auth_buy_soleil_crm").value == ""
    )  # the typed secret does not linger
    click(at, "Enregistrer la livraison")  # saved again, headers blank
    kept = hub_con.execute("SELECT auth_enc FROM buyers WHERE id = 'buy_soleil_crm'").fetchone()
    assert kept[0] == row["auth_enc"]  # blank: the secret headers are kept


def test_bad_config_is_named_and_a_marketer_only_reads(
    hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = open_page(signed_in("ops@soleil-habitat.fr"), "buyers.py")
    at.selectbox(key="buyer_edit").select("buy_soleil_crm").run()
    at.selectbox(key="delivery_mode_buy_soleil_crm").select("http_mapping")
    at.text_area(key="delivery_config_buy_soleil_crm").input("{pas du json")
    click(at, "Enregistrer la livraison")
    assert "**config**" in at.error[0].value
    at.text_area(key="delivery_config_buy_soleil_crm").input(
        json.dumps({"fields": {"tel": "nope"}})
    )
    click(at, "Enregistrer la livraison")
    assert "**fields.tel**" in at.error[0].value
    mode = hub_con.execute("SELECT delivery_mode FROM buyers WHERE id = 'buy_soleil_crm'")
    assert mode.fetchone()[0] == "webhook"

    marketer = open_page(signed_in("marketer@soleil-habitat.fr"), "buyers.py")
    assert marketer.dataframe
    assert not [b for b in marketer.button if b.label == "Enregistrer la livraison"]
