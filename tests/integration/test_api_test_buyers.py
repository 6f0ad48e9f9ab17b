"""A buyer's ``is_test`` flag through API v1 and the ``leadhub`` CLI (decision 0050): set at
creation or changed, shown, a non-boolean refused naming the field, every change logged."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from hub.settings import Settings
from leadhub.cli import app as cli_app
from leadhub.demo.seed import TEST_BUYER, DemoWorld
from tests.integration.test_api_buyers import HOOK, Api, api, fields, log

pytestmark = pytest.mark.integration

__all__ = ["api"]  # the fixture


def test_is_test_is_set_shown_validated_and_logged(api: Api, world: DemoWorld) -> None:
    listed = {b["id"]: b for b in api.call("GET", "/v1/buyers", api.viewer).json()["items"]}
    assert listed[TEST_BUYER]["is_test"] is True  # the demo's test buyer
    assert listed["buy_soleil_crm"]["is_test"] is False

    body = {"account_id": "acc_soleil", "name": "Recette", "webhook_url": HOOK, "is_test": True}
    made = api.call("POST", "/v1/buyers", api.admin, json=body)
    assert made.status_code == 201, made.text
    assert made.json()["is_test"] is True
    assert log(api.con, "buyer.created")[-1]["detail"]["is_test"] is True
    plain = {"account_id": "acc_soleil", "name": "Réel", "webhook_url": HOOK}
    assert api.call("POST", "/v1/buyers", api.admin, json=plain).json()["is_test"] is False

    path = f"/v1/buyers/{made.json()['id']}"
    changed = api.call("PATCH", path, api.admin, json={"is_test": False})
    assert changed.status_code == 200 and changed.json()["is_test"] is False
    entry = log(api.con, "buyer.updated")[-1]
    assert entry["detail"] == {"before": {"is_test": True}, "after": {"is_test": False}}

    assert fields(api.call("PATCH", path, api.admin, json={"is_test": "oui"})) == {"is_test"}
    assert fields(api.call("POST", "/v1/buyers", api.admin, json={**plain, "is_test": 1})) == {
        "is_test"
    }
    refused = api.call("PATCH", path, api.viewer, json={"is_test": True})
    assert refused.status_code == 403
    assert api.call("GET", path, api.viewer).json()["is_test"] is False


def test_cli_sets_is_test(
    settings: Settings, world: DemoWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    runner = CliRunner()
    made = runner.invoke(
        cli_app,
        ["buyers", "create", "--set", "account_id=acc_soleil", "--set", "name=Recette CLI",
         "--set", f"webhook_url={HOOK}", "--set", "is_test=true"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    buyer = json.loads(made.output)
    assert buyer["is_test"] is True
    updated = runner.invoke(cli_app, ["buyers", "update", buyer["id"], "--set", "is_test=false"])
    assert updated.exit_code == 0, updated.output
    assert json.loads(updated.output)["is_test"] is False
    bad = runner.invoke(cli_app, ["buyers", "update", buyer["id"], "--set", "is_test=maybe"])
    assert bad.exit_code == 1 and "is_test" in bad.output
