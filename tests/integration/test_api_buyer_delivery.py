"""Issue 9: a buyer's delivery mode and settings through API v1 (``GET|PUT
/v1/buyers/{id}/delivery``), the same service as ``leadhub delivery set``: secrets write-only
(auth headers and signing secret never answered nor logged), the change logged before → after,
a bad setting a 422 naming it with nothing written, a loopback URL refused without
``allow_private_network``, another tenant's buyer a 404, a viewer a 403."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from hub.security import create_api_key, new_webhook_secret
from hub.settings import Settings, load_settings
from ingest.app import create_app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration

PATH = "/v1/buyers/buy_eco_crm/delivery"
MAPPING = {
    "method": "POST",
    "fields": {"telephone": "phone", "cp": "postal_code", "source": {"const": "leadhub"}},
}


@dataclass
class Api:
    client: TestClient[Litestar]
    con: sqlite3.Connection
    eco: str  # acc_eco, ops
    soleil: str  # acc_soleil, admin (the demo key)
    viewer: str  # acc_eco, viewer

    def call(self, method: str, key: str, **kw: Any) -> Any:
        return self.client.request(method, PATH, headers={"Authorization": f"Token {key}"}, **kw)


@pytest.fixture
def api(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> Iterator[Api]:
    eco = create_api_key(hub_con, "acc_eco", "eco ops", role="ops")
    viewer = create_api_key(hub_con, "acc_eco", "eco viewer", role="viewer")
    with TestClient(create_app(settings)) as client:
        yield Api(client, hub_con, eco, world.api_key, viewer)


def logged(con: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = con.execute(
        "SELECT actor, detail FROM activity_log WHERE action = 'buyer.delivery_set' ORDER BY id"
    ).fetchall()
    return [{"actor": r["actor"], **json.loads(r["detail"])} for r in rows]


def test_read_and_set_a_buyers_delivery_secrets_write_only(api: Api) -> None:
    before = api.call("GET", api.viewer)
    assert before.status_code == 200, before.text
    assert before.json()["delivery_mode"] == "webhook"
    secret = new_webhook_secret()
    body = {
        "mode": "http_mapping",
        "config": MAPPING,
        "url": "https://crm.eco-renov.fr/api/leads?token=abc",
        "auth_headers": {"X-Api-Key": "tr3s-secret"},
        "return_window_days": 10,
        "secret": secret,
    }
    r = api.call("PUT", api.eco, json=body)
    assert r.status_code == 200, r.text
    shown = r.json()
    assert shown["delivery_mode"] == "http_mapping" and shown["delivery_config"] == MAPPING
    assert shown["has_auth"] is True and shown["return_window_days"] == 10
    assert shown["webhook_url"] == "https://crm.eco-renov.fr/api/leads"  # the query is cut
    text = json.dumps([shown, api.call("GET", api.viewer).json()])
    assert "tr3s-secret" not in text and secret not in text

    [entry] = logged(api.con)
    assert entry["actor"].startswith("api_key:")
    assert entry["before"]["delivery_mode"] == "webhook" and entry["before"]["has_auth"] is False
    assert entry["after"]["delivery_mode"] == "http_mapping"
    assert entry["after"]["delivery_config"] == MAPPING
    assert entry["after"]["has_auth"] is True and entry["secret_changed"] is True
    assert "tr3s-secret" not in json.dumps(entry) and secret not in json.dumps(entry)
    assert "token=abc" not in json.dumps(entry)


def test_secret_headers_are_kept_unless_given(api: Api) -> None:
    body: dict[str, Any] = {"mode": "webhook", "auth_headers": {"Authorization": "Bearer x1"}}
    assert api.call("PUT", api.eco, json=body).json()["has_auth"] is True
    kept = api.call("PUT", api.eco, json={"mode": "webhook", "return_window_days": 3})
    assert kept.json()["has_auth"] is True  # absent: unchanged
    cleared = api.call("PUT", api.eco, json={"mode": "webhook", "auth_headers": {}})
    assert cleared.json()["has_auth"] is False  # an empty object clears them
    changed = [e.get("auth_changed") for e in logged(api.con)]
    assert changed == [True, False, True]


def test_bad_settings_are_named_and_nothing_is_written(api: Api) -> None:
    def refused(body: dict[str, Any], field: str) -> None:
        r = api.call("PUT", api.eco, json=body)
        assert r.status_code == 422, r.text
        assert field in [f["field"] for f in r.json()["error"]["fields"]]

    refused({"mode": "pigeon"}, "mode")
    refused({"mode": "http_mapping", "config": {"fields": {"x": "nope"}}}, "fields.x")
    refused({"mode": "webhook", "url": "ftp://crm.eco-renov.fr/"}, "url")
    refused({"mode": "webhook", "secret": "whsec_not base64"}, "secret")
    refused({"mode": "webhook", "config": []}, "config")
    refused({"mode": "webhook", "auth_headers": {"X-Key": 3}}, "auth_headers")
    refused({"mode": "webhook", "colour": "blue"}, "colour")
    refused({"mode": "webhook", "return_window_days": 400}, "return_window_days")
    assert api.call("GET", api.viewer).json()["delivery_mode"] == "webhook"
    assert logged(api.con) == []


def test_loopback_refused_without_private_network(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    eco = create_api_key(hub_con, "acc_eco", "strict")
    strict = load_settings(data_dir=settings.data_dir, allow_private_network=False)
    with TestClient(create_app(strict)) as client:
        r = client.put(
            PATH,
            json={"mode": "webhook", "url": "http://127.0.0.1:9/hook"},
            headers={"Authorization": f"Token {eco}"},
        )
    assert r.status_code == 422, r.text
    assert [f["field"] for f in r.json()["error"]["fields"]] == ["url"]
    assert logged(hub_con) == []


def test_roles_and_tenants(api: Api) -> None:
    body = {"mode": "webhook"}
    assert api.call("PUT", api.viewer, json=body).status_code == 403
    assert api.call("PUT", api.soleil, json=body).status_code == 404
    assert api.call("GET", api.soleil).status_code == 404
    assert logged(api.con) == []
