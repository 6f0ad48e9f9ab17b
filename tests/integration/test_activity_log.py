"""The activity log read back through API v1 and the CLI: every change with its actor, scoped to
the reader's accounts (another tenant's entries never show), filtered, paginated."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from typer.testing import CliRunner

from hub.db import utcnow
from hub.security import create_api_key
from hub.services import commandes
from hub.services.actor import CLI, api_key
from hub.settings import Settings
from ingest.app import create_app
from leadhub.cli import app as cli
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration


@pytest.fixture
def client(settings: Settings, world: DemoWorld) -> Iterator[TestClient[Litestar]]:
    with TestClient(create_app(settings)) as c:
        yield c


def test_changes_are_listed_with_their_actor_and_scoped(
    settings: Settings,
    hub_con: sqlite3.Connection,
    world: DemoWorld,
    client: TestClient[Litestar],
) -> None:
    soleil_key = api_key("key_s", {"acc_soleil", "acc_soleil_solaire"})
    commandes.update_commande(hub_con, soleil_key, "cmd_soleil_pv", {"daily_cap": 9}, utcnow())
    commandes.update_commande(hub_con, CLI, "cmd_eco_pv", {"daily_cap": 8}, utcnow())
    viewer = create_api_key(hub_con, "acc_soleil", "viewer", role="viewer")
    got = client.get(
        "/v1/activity", params={"action": "commande."}, headers={"Authorization": f"Token {viewer}"}
    )
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["total"] == 1  # the eco commande's change is another tenant's
    (entry,) = body["items"]
    assert (entry["actor"], entry["action"], entry["subject"]) == (
        "api_key:key_s",
        "commande.updated",
        "cmd_soleil_pv",
    )
    assert entry["detail"]["after"] == {"daily_cap": 9}
    bad = client.get(
        "/v1/activity", params={"since": "hier"}, headers={"Authorization": f"Token {viewer}"}
    )
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "since"

    env = {"LEADHUB_DATA_DIR": str(settings.data_dir), "LEADHUB_ALLOW_PRIVATE_NETWORK": "1"}
    result = CliRunner().invoke(cli, ["activity", "--action", "commande.updated"], env=env)
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert listed["total"] == 2  # the CLI sees every account
    assert {e["actor"] for e in listed["items"]} == {"api_key:key_s", "cli"}
