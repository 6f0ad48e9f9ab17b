"""API v1 ``/v1/deliveries`` (list by status, stats, requeue) on the real collector app, and the
``leadhub deliveries`` CLI, over dead letters left by a real router against a fake CRM that is
down: tenant scope (another tenant's delivery is a 404 and nothing is requeued), a 422 naming the
field, viewer keys read only, the requeue logged with the key as actor."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from typer.testing import CliRunner

from hub.security import create_api_key
from hub.settings import Settings
from ingest.app import create_app
from leadhub.cli import app as cli_app
from tests.integration.test_delivery_queue import Down, dead, dead_ids, up
from tests.integration.test_routing_support import rows

pytestmark = pytest.mark.integration
__all__ = ["dead"]  # the fixture, imported to be used here


@pytest.fixture
def client(settings: Settings, dead: Down) -> Iterator[TestClient[Litestar]]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def call(client: TestClient[Litestar], method: str, path: str, key: str, **kw: Any) -> Any:
    return client.request(method, path, headers={"Authorization": f"Token {key}"}, **kw)


def error_fields(response: Any) -> list[str]:
    return [f["field"] for f in response.json()["error"]["fields"]]


def test_list_and_stats_scoped_to_the_key(
    client: TestClient[Litestar], hub_con: sqlite3.Connection, world: Any
) -> None:
    listed = call(client, "GET", "/v1/deliveries?status=dead&limit=2", world.api_key)
    assert listed.status_code == 200, listed.text
    body = listed.json()
    assert body["total"] == 3 and len(body["items"]) == 2 and body["limit"] == 2
    assert {d["buyer_id"] for d in body["items"]} == {"buy_soleil_crm"}
    eco = create_api_key(hub_con, "acc_eco", "eco-viewer", role="viewer")
    theirs = call(client, "GET", "/v1/deliveries?status=dead", eco).json()
    assert [d["buyer_id"] for d in theirs["items"]] == ["buy_eco_crm"]
    missing = call(client, "GET", "/v1/deliveries", world.api_key)
    assert missing.status_code == 422 and error_fields(missing) == ["status"]
    bad_limit = call(client, "GET", "/v1/deliveries?status=dead&limit=0", world.api_key)
    assert bad_limit.status_code == 422 and error_fields(bad_limit) == ["limit"]
    other = call(client, "GET", "/v1/deliveries?status=dead&buyer_id=buy_eco_crm", world.api_key)
    assert other.status_code == 404
    stats = call(client, "GET", "/v1/deliveries/stats", world.api_key).json()
    by_buyer = {b["buyer_id"]: b for b in stats["items"]}
    assert set(by_buyer) == {"buy_soleil_crm", "buy_test_crm"}  # its accounts' buyers only
    soleil = by_buyer["buy_soleil_crm"]
    assert soleil["dead"] == 3
    assert soleil["delivered"] == 0 and soleil["success_rate"] == 0.0
    assert soleil["breaker"]["state"] in ("closed", "open", "half_open")
    assert call(client, "GET", "/v1/deliveries?status=dead", "nope").status_code == 401


def test_requeue_through_the_api(
    client: TestClient[Litestar], dead: Down, hub_con: sqlite3.Connection, world: Any
) -> None:
    soleil, eco = dead_ids(hub_con, "buy_soleil_crm"), dead_ids(hub_con, "buy_eco_crm")
    viewer = create_api_key(hub_con, "acc_soleil", "viewer", role="viewer")
    forbidden = call(client, "POST", "/v1/deliveries/requeue", viewer, json={"ids": soleil})
    assert forbidden.status_code == 403
    mixed = call(
        client, "POST", "/v1/deliveries/requeue", world.api_key, json={"ids": soleil + eco}
    )
    assert mixed.status_code == 404
    assert dead_ids(hub_con, "buy_soleil_crm") == soleil
    for body in ({"ids": []}, {"ids": [1]}, ["x"], {"ids": soleil, "force": True}):
        refused = call(client, "POST", "/v1/deliveries/requeue", world.api_key, json=body)
        assert refused.status_code == 422, (body, refused.text)
    up(dead.crm)
    done = call(client, "POST", "/v1/deliveries/requeue", world.api_key, json={"ids": soleil[:2]})
    assert done.status_code == 200, done.text
    assert done.json() == {"requeued": soleil[:2], "unchanged": []}
    assert dead_ids(hub_con, "buy_soleil_crm") == soleil[2:]
    log = rows(hub_con, "SELECT actor FROM activity_log WHERE action = 'delivery.requeue'")
    assert [r["actor"] for r in log] == [log[0]["actor"]] * 2
    assert log[0]["actor"].startswith("api_key:")


def cli(*args: str, key: str | None = None) -> Any:
    return CliRunner().invoke(cli_app, list(args), env={"LEADHUB_API_KEY": key} if key else None)


def test_the_cli_lists_shows_stats_and_requeues(
    dead: Down, settings: Settings, hub_con: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    listed = cli("deliveries", "list", "--status", "dead")
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.output)["total"] == 4
    stats = json.loads(cli("deliveries", "stats", "--buyer", "buy_eco_crm").output)
    assert [b["dead"] for b in stats["items"]] == [1]
    bad = cli("deliveries", "list", "--status", "stuck")
    assert bad.exit_code == 1 and "status" in bad.output
    unknown = cli("deliveries", "requeue", "dlv_nope")
    assert unknown.exit_code == 1 and "404" in unknown.output
    nothing = cli("deliveries", "requeue")
    assert nothing.exit_code == 1 and "ids" in nothing.output
    eco = dead_ids(hub_con, "buy_eco_crm")
    viewer = create_api_key(hub_con, "acc_soleil", "viewer", role="viewer")  # acting as a key
    assert json.loads(cli("deliveries", "list", key=viewer).output)["total"] == 3
    refused = cli("deliveries", "requeue", "--all-dead-of", "buy_soleil_crm", key=viewer)
    assert refused.exit_code == 1 and "403" in refused.output
    unseen = cli("deliveries", "requeue", *eco, key=viewer)
    assert unseen.exit_code == 1 and "403" in unseen.output  # the role is checked first
    ops = create_api_key(hub_con, "acc_soleil", "ops", role="ops")
    other = cli("deliveries", "requeue", *eco, key=ops)
    assert other.exit_code == 1 and "404" in other.output  # another tenant's dead letter
    done = cli("deliveries", "requeue", "--all-dead-of", "buy_eco_crm")
    assert done.exit_code == 0, done.output
    assert json.loads(done.output) == {"requeued": eco, "unchanged": []}
    log = rows(hub_con, "SELECT actor, subject FROM activity_log WHERE action = 'delivery.requeue'")
    assert log == [{"actor": "cli", "subject": eco[0]}]
