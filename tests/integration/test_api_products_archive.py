"""Issue 9: products have get and archive like every resource (never deleted: leads, commandes
and invoices refer to them). An archived product keeps its LPs, forms and commandes working, is
refused for new ones (422 naming ``product_code``), is listed with ``archived=true`` and comes
back with unarchive; each change is logged. API v1 and the CLI alike."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from typer.testing import CliRunner

from hub.security import create_api_key
from hub.settings import Settings
from ingest.app import create_app
from leadhub.cli import app as cli_app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration


@dataclass
class Api:
    client: TestClient[Litestar]
    con: sqlite3.Connection
    admin: str  # acc_soleil, admin (the demo key)
    viewer: str  # acc_soleil, viewer

    def call(self, method: str, path: str, key: str | None = None, **kw: Any) -> Any:
        headers = {"Authorization": f"Token {key or self.admin}"}
        return self.client.request(method, path, headers=headers, **kw)

    def ok(self, method: str, path: str, status: int = 200, **kw: Any) -> Any:
        r = self.call(method, path, **kw)
        assert r.status_code == status, r.text
        return r.json()


@pytest.fixture
def api(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> Iterator[Api]:
    viewer = create_api_key(hub_con, "acc_soleil", "viewer", role="viewer")
    with TestClient(create_app(settings)) as client:
        yield Api(client, hub_con, world.api_key, viewer)


def refused_product(response: Any) -> None:
    assert response.status_code == 422, response.text
    [field] = response.json()["error"]["fields"]
    assert (field["field"], field["reason"]) == ("product_code", "archived")


def test_get_archive_and_unarchive_a_product(api: Api) -> None:
    pv = api.ok("GET", "/v1/products/PV")
    assert pv["label"] == "Panneaux solaires" and pv["archived_at"] is None
    assert api.call("GET", "/v1/products/NOPE").status_code == 404
    api.ok("POST", "/v1/products", 201, json={"code": "SOLTH", "label": "Solaire thermique"})
    lp = api.ok(
        "POST",
        "/v1/landing-pages",
        201,
        json={
            "account_id": "acc_soleil",
            "name": "LP thermique",
            "url": "https://thermique.soleil-habitat.fr/",
            "product_code": "SOLTH",
        },
    )
    commande = {
        "buyer_id": "buy_soleil_crm",
        "name": "Thermique",
        "product_code": "SOLTH",
        "price_cents": 2000,
    }
    made = api.ok("POST", "/v1/commandes", 201, json=commande)

    assert api.call("DELETE", "/v1/products/SOLTH", api.viewer).status_code == 403
    archived = api.ok("DELETE", "/v1/products/SOLTH")
    assert archived["archived_at"] is not None
    assert api.ok("DELETE", "/v1/products/SOLTH")["archived_at"] == archived["archived_at"]
    listed = api.ok("GET", "/v1/products?archived=true")
    assert [p["code"] for p in listed["items"]] == ["SOLTH"] and listed["total"] == 1
    assert "SOLTH" not in {p["code"] for p in api.ok("GET", "/v1/products?archived=false")["items"]}

    # what refers to it keeps working; nothing new may use it
    api.ok("PATCH", f"/v1/landing-pages/{lp['id']}", json={"name": "LP thermique 2"})
    api.ok("PATCH", f"/v1/commandes/{made['id']}", json={"daily_cap": 5})
    new_lp = {**lp, "name": "Autre", "id": None}
    body = {k: new_lp[k] for k in ("account_id", "name", "url", "product_code")}
    refused_product(api.call("POST", "/v1/landing-pages", json=body))
    refused_product(api.call("POST", "/v1/commandes", json={**commande, "name": "Encore"}))
    pac_lp = api.ok("GET", "/v1/landing-pages?product=PAC")["items"][0]
    moved = {"product_code": "SOLTH"}
    refused_product(api.call("PATCH", f"/v1/landing-pages/{pac_lp['id']}", json=moved))

    assert api.ok("POST", "/v1/products/SOLTH/unarchive")["archived_at"] is None
    api.ok("POST", "/v1/landing-pages", 201, json=body)
    actions = [
        r[0]
        for r in api.con.execute(
            "SELECT action FROM activity_log WHERE subject = 'SOLTH' ORDER BY id"
        )
    ]
    assert actions == ["product.created", "product.archived", "product.unarchived"]


def test_the_cli_shows_archives_and_unarchives(settings: Settings, world: DemoWorld) -> None:
    env = {"LEADHUB_DATA_DIR": str(settings.data_dir), "LEADHUB_ALLOW_PRIVATE_NETWORK": "1"}

    def cli(*args: str) -> Any:
        result = CliRunner().invoke(cli_app, list(args), env=env)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    assert cli("products", "show", "ITE")["code"] == "ITE"
    assert cli("products", "archive", "ITE")["archived_at"]
    assert [p["code"] for p in cli("products", "list", "--archived")["items"]] == ["ITE"]
    assert cli("products", "unarchive", "ITE")["archived_at"] is None
    assert cli("products", "list", "--archived")["items"] == []
