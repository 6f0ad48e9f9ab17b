"""API v1 ``/v1/transfer-prices`` per pair of entities on the real collector app, and the same
through the ``leadhub prices`` CLI (decision 0062): a pair's price set, listed (filter:
product), replaced and deleted; a 422 naming each bad field (an unknown entity, a brand, a
default deleted); another tenant's pair a 404; viewers read only; the OpenAPI document names
the pair's fields."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from typer.testing import CliRunner

from hub.db import utcnow
from hub.security import create_api_key
from hub.services.accounts import create_account
from hub.services.actor import CLI
from hub.settings import Settings
from ingest.app import create_app
from leadhub.cli import app as cli_app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration

PATH = "/v1/transfer-prices/PV"
PAIR = {"from_entity": "acc_soleil", "to_entity": "acc_eco"}


@pytest.fixture
def client(settings: Settings, world: DemoWorld) -> Iterator[TestClient[Litestar]]:
    with TestClient(create_app(settings)) as client:
        yield client


def keys(con: sqlite3.Connection) -> dict[str, str]:
    return {
        "finance": create_api_key(con, "acc_soleil", "finance", role="finance"),
        "viewer": create_api_key(con, "acc_soleil", "viewer", role="viewer"),
        "eco": create_api_key(con, "acc_eco", "eco-finance", role="finance"),
    }


def call(client: TestClient[Litestar], method: str, path: str, key: str, **kw: Any) -> Any:
    return client.request(method, path, headers={"Authorization": f"Token {key}"}, **kw)


def bad_fields(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {f["field"]: f["reason"] for f in response.json()["error"]["fields"]}


def test_a_pair_through_api_v1(client: TestClient[Litestar], hub_con: sqlite3.Connection) -> None:
    k = keys(hub_con)
    made = call(client, "PUT", PATH, k["finance"], json={"price_cents": 2600, **PAIR})
    assert made.status_code == 200, made.text
    assert made.json() | {"updated_at": None} == {
        "product_code": "PV",
        **PAIR,
        "price_cents": 2600,
        "updated_at": None,
    }
    assert call(client, "PUT", PATH, k["viewer"], json={"price_cents": 1}).status_code == 403
    replaced = call(client, "PUT", PATH, k["eco"], json={"price_cents": 2650, **PAIR})
    assert replaced.json()["price_cents"] == 2650
    listed = call(client, "GET", "/v1/transfer-prices?product=PV", k["viewer"]).json()
    assert listed["total"] == 2
    assert [(p["from_entity"], p["to_entity"], p["price_cents"]) for p in listed["items"]] == [
        (None, None, 2500),
        ("acc_soleil", "acc_eco", 2650),
    ]

    brand = {"price_cents": 1, "from_entity": "acc_soleil_solaire", "to_entity": "acc_nope"}
    assert bad_fields(call(client, "PUT", PATH, k["finance"], json=brand)) == {
        "from_entity": "not_an_entity",
        "to_entity": "unknown",
    }
    assert bad_fields(call(client, "DELETE", PATH, k["finance"])) == {
        "from_entity": "required",
        "to_entity": "required",
    }
    create_account(hub_con, CLI, {"id": "acc_nord", "kind": "entity", "name": "Nord"}, utcnow())
    foreign = {"price_cents": 1, "from_entity": "acc_nord", "to_entity": "acc_eco"}
    assert call(client, "PUT", PATH, k["finance"], json=foreign).status_code == 404
    assert call(client, "PUT", PATH, k["eco"], json=foreign).status_code == 200
    nord = "/v1/transfer-prices?product=PV"
    assert "acc_nord" not in call(client, "GET", nord, k["finance"]).text
    assert "acc_nord" in call(client, "GET", nord, k["eco"]).text

    query = "?from_entity=acc_soleil&to_entity=acc_eco"
    deleted = call(client, "DELETE", PATH + query, k["finance"])
    assert deleted.status_code == 200 and deleted.json()["deleted"] is True
    assert call(client, "DELETE", PATH + query, k["finance"]).status_code == 404
    actions = [
        r[0]
        for r in hub_con.execute(
            "SELECT action FROM activity_log WHERE action LIKE 'transfer_price.%' ORDER BY id"
        )
    ]
    assert actions == ["transfer_price.set"] * 3 + ["transfer_price.deleted"]

    schema = client.get("/schema/openapi.json").json()
    put_body = json.dumps(schema["paths"]["/v1/transfer-prices/{code}"]["put"]["requestBody"])
    assert "from_entity" in put_body and "to_entity" in put_body


def test_cli_sets_lists_and_deletes_a_pair(
    settings: Settings, world: DemoWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    runner = CliRunner()
    pair = ["--from", "acc_soleil", "--to", "acc_eco"]
    made = runner.invoke(cli_app, ["prices", "set", "PV", "2600", *pair])
    assert made.exit_code == 0, made.output
    assert json.loads(made.output)["from_entity"] == "acc_soleil"
    listed = json.loads(runner.invoke(cli_app, ["prices", "list", "--product", "PV"]).output)
    assert [(p["from_entity"], p["price_cents"]) for p in listed["items"]] == [
        (None, 2500),
        ("acc_soleil", 2600),
    ]
    bad = runner.invoke(cli_app, ["prices", "set", "PV", "1", "--from", "acc_soleil_solaire"])
    assert bad.exit_code == 1 and "from_entity" in bad.output
    assert runner.invoke(cli_app, ["prices", "delete", "PV", *pair]).exit_code == 0
    assert runner.invoke(cli_app, ["prices", "delete", "PV", *pair]).exit_code == 1
    assert runner.invoke(cli_app, ["prices", "set", "PV", "2400"]).exit_code == 0  # the default
    listed = json.loads(runner.invoke(cli_app, ["prices", "list", "--product", "PV"]).output)
    assert [(p["from_entity"], p["price_cents"]) for p in listed["items"]] == [(None, 2400)]
