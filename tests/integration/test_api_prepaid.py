"""Prepaid top-ups and balances through API v1 and the ``leadhub`` CLI: finance tops up, a
viewer reads but may not top up, ops may do neither, another tenant's buyer is a 404, a buyer
billed monthly a 409, one 422 naming each bad field (nothing written), every top-up logged."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from hub.db import transaction
from hub.security import create_api_key
from hub.settings import Settings
from ingest.app import create_app
from leadhub.cli import app as cli_app
from leadhub.demo.seed import DemoWorld
from tests.integration.test_api_buyers import Api, fields, log

pytestmark = pytest.mark.integration

SOLEIL = "buy_soleil_crm"  # acc_soleil


@pytest.fixture
def api(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> Iterator[Api]:
    from litestar.testing import TestClient

    with transaction(hub_con):
        hub_con.execute("UPDATE buyers SET billing_cycle = 'prepaid' WHERE id = ?", (SOLEIL,))
    keys = {
        "eco": create_api_key(hub_con, "acc_eco", "eco"),
        "viewer": create_api_key(hub_con, "acc_soleil", "viewer", role="viewer"),
        "finance": create_api_key(hub_con, "acc_soleil", "finance", role="finance"),
    }
    with TestClient(create_app(settings)) as client:
        yield Api(client, hub_con, settings, world.api_key, **keys)


def movements_count(con: sqlite3.Connection) -> int:
    return int(con.execute("SELECT count(*) FROM prepaid_movements").fetchone()[0])


def test_finance_tops_up_and_reads_the_balance_history(api: Api) -> None:
    path = f"/v1/buyers/{SOLEIL}"
    body = {"amount_cents": 50000, "note": "VIR-1142"}
    first = api.call("POST", f"{path}/top-ups", api.finance, json=body)
    assert first.status_code == 201, first.text
    assert first.json()["balance_cents"] == 50000
    api.call("POST", f"{path}/top-ups", api.admin, json={"amount_cents": 2500, "note": "VIR-2"})
    shown = api.call("GET", f"{path}/balance?limit=1", api.viewer)
    assert shown.status_code == 200, shown.text
    body = shown.json()
    assert body["balance_cents"] == 52500 and body["prepaid"] and body["billing_cycle"] == "prepaid"
    assert body["movements"]["total"] == 2 and len(body["movements"]["items"]) == 1
    latest = body["movements"]["items"][0]
    assert (latest["kind"], latest["amount_cents"], latest["balance_after_cents"]) == (
        "top_up",
        2500,
        52500,
    )
    assert latest["note"] == "VIR-2" and latest["actor"].startswith("api_key:")
    logged = log(api.con, "buyer.topped_up")
    assert [entry["detail"]["amount_cents"] for entry in logged] == [50000, 2500]
    assert [(e["detail"]["before"], e["detail"]["after"]) for e in logged] == [
        ({"balance_cents": 0}, {"balance_cents": 50000}),
        ({"balance_cents": 50000}, {"balance_cents": 52500}),
    ]
    assert logged[0]["subject"] == SOLEIL and logged[0]["account_id"] == "acc_soleil"


def test_roles_tenants_and_cycle(api: Api) -> None:
    path = f"/v1/buyers/{SOLEIL}"
    body = {"amount_cents": 1000, "note": "x"}
    assert api.call("POST", f"{path}/top-ups", api.viewer, json=body).status_code == 403
    ops = create_api_key(api.con, "acc_soleil", "ops", role="ops")
    assert api.call("POST", f"{path}/top-ups", ops, json=body).status_code == 403
    assert api.call("GET", f"{path}/balance", ops).status_code == 403
    assert api.call("POST", f"{path}/top-ups", api.eco, json=body).status_code == 404
    assert api.call("GET", f"{path}/balance", api.eco).status_code == 404
    monthly = api.call("POST", "/v1/buyers/buy_eco_crm/top-ups", api.eco, json=body)
    assert monthly.status_code == 409 and monthly.json()["error"]["code"] == "not_prepaid"
    assert movements_count(api.con) == 0


@pytest.mark.parametrize(
    ("body", "bad"),
    [
        ({}, {"amount_cents", "note"}),
        ({"amount_cents": 0, "note": "x"}, {"amount_cents"}),
        ({"amount_cents": -5, "note": " "}, {"amount_cents", "note"}),
        ({"amount_cents": "12", "note": "x"}, {"amount_cents"}),
        ({"amount_cents": 1.5, "note": "x"}, {"amount_cents"}),
        ({"amount_cents": True, "note": "x"}, {"amount_cents"}),
        ({"amount_cents": 100, "note": "x" * 201}, {"note"}),
        ({"amount_cents": 100, "note": "x", "balance_cents": 9}, {"balance_cents"}),
        ([1, 2], {"body"}),
    ],
)
def test_bad_top_ups_name_each_field_and_write_nothing(
    api: Api, body: object, bad: set[str]
) -> None:
    answer = api.call("POST", f"/v1/buyers/{SOLEIL}/top-ups", api.finance, json=body)
    assert fields(answer) == bad
    assert movements_count(api.con) == 0
    assert log(api.con, "buyer.topped_up") == []


def test_cli_top_up_and_balance(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LEADHUB_ALLOW_PRIVATE_NETWORK", "1")
    with transaction(hub_con):
        hub_con.execute("UPDATE buyers SET billing_cycle = 'prepaid' WHERE id = ?", (SOLEIL,))
    runner = CliRunner()
    done = runner.invoke(cli_app, ["buyers", "top-up", SOLEIL, "12000", "--note", "VIR-9"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["balance_cents"] == 12000
    shown = runner.invoke(cli_app, ["buyers", "balance", SOLEIL])
    assert shown.exit_code == 0, shown.output
    body = json.loads(shown.output)
    assert body["balance_cents"] == 12000
    assert body["movements"]["items"][0]["actor"] == "cli"
    no_note = runner.invoke(cli_app, ["buyers", "top-up", SOLEIL, "100"])
    assert no_note.exit_code == 1 and "note" in no_note.output
    zero = runner.invoke(cli_app, ["buyers", "top-up", SOLEIL, "0", "--note", "x"])
    assert zero.exit_code == 1 and "amount_cents" in zero.output
    assert runner.invoke(cli_app, ["buyers", "balance", "buy_nobody"]).exit_code == 1
    viewer = create_api_key(hub_con, "acc_soleil", "viewer", role="viewer")
    as_viewer = ["--key", viewer, "buyers"]
    assert runner.invoke(cli_app, [*as_viewer, "balance", SOLEIL]).exit_code == 0
    refused = runner.invoke(cli_app, [*as_viewer, "top-up", SOLEIL, "100", "--note", "x"])
    assert refused.exit_code == 1 and "403" in refused.output
    finance = create_api_key(hub_con, "acc_soleil", "finance", role="finance")
    by_key = runner.invoke(
        cli_app, ["--key", finance, "buyers", "top-up", SOLEIL, "1", "--note", "k"]
    )
    assert by_key.exit_code == 0, by_key.output
    assert json.loads(by_key.output)["balance_cents"] == 12001
    latest = json.loads(runner.invoke(cli_app, ["buyers", "balance", SOLEIL]).output)
    assert latest["movements"]["items"][0]["actor"].startswith("api_key:")
