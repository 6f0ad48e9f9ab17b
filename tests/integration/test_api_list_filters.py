"""Issue 9: every resource's list is paginated, filtered and has a total. Accounts (kind,
parent_id, archived), users (account_id, role, disabled), API keys (account_id, role, revoked)
and buyers (account_id, active, is_test) take filters in API v1 and the CLI alike; a filter
never widens the tenant's scope, and a bad value is a 422 naming the parameter."""

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
    admin: str  # acc_soleil, admin (the demo key)
    eco: str  # acc_eco, admin

    def call(self, method: str, path: str, key: str | None = None, **kw: Any) -> Any:
        headers = {"Authorization": f"Token {key or self.admin}"}
        return self.client.request(method, path, headers=headers, **kw)

    def ids(self, path: str, key: str | None = None, ident: str = "id") -> list[str]:
        r = self.call("GET", path, key)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["total"] == len(body["items"]), body  # the pages here hold every match
        return [item[ident] for item in body["items"]]


@pytest.fixture
def api(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> Iterator[Api]:
    eco = create_api_key(hub_con, "acc_eco", "eco")
    with TestClient(create_app(settings)) as client:
        yield Api(client, world.api_key, eco)


def refused(response: Any, name: str) -> None:
    assert response.status_code == 422, response.text
    assert [f["field"] for f in response.json()["error"]["fields"]] == [name]


def test_buyers_by_account_state_and_test_flag(api: Api) -> None:
    assert api.ids("/v1/buyers?is_test=true") == ["buy_test_crm"]
    assert api.ids("/v1/buyers?account_id=acc_soleil&is_test=false") == ["buy_soleil_crm"]
    assert api.ids("/v1/buyers?account_id=acc_eco") == []  # never another tenant's
    assert api.ids("/v1/buyers?account_id=acc_eco", api.eco) == ["buy_eco_crm"]
    assert api.call("DELETE", "/v1/buyers/buy_soleil_crm").status_code == 200
    assert api.ids("/v1/buyers?active=false") == ["buy_soleil_crm"]
    assert api.ids("/v1/buyers?active=true") == ["buy_test_crm"]
    paged = api.call("GET", "/v1/buyers?limit=1").json()
    assert (paged["total"], len(paged["items"])) == (2, 1)
    refused(api.call("GET", "/v1/buyers?active=maybe"), "active")


def test_accounts_by_kind_parent_and_archive(api: Api) -> None:
    assert api.ids("/v1/accounts?kind=brand") == ["acc_soleil_solaire"]
    assert api.ids("/v1/accounts?parent_id=acc_soleil") == ["acc_soleil_solaire"]
    assert api.ids("/v1/accounts?kind=entity") == ["acc_soleil"]
    assert api.ids("/v1/accounts?archived=true") == []
    assert api.call("DELETE", "/v1/accounts/acc_soleil_solaire").status_code == 200
    assert api.ids("/v1/accounts?archived=true") == ["acc_soleil_solaire"]
    assert api.ids("/v1/accounts?archived=false") == ["acc_soleil"]
    refused(api.call("GET", "/v1/accounts?kind=shop"), "kind")


def test_users_by_account_role_and_disabled(api: Api) -> None:
    made = {}
    for email, role, account in (
        ("ops@soleil-habitat.fr", "ops", "acc_soleil"),
        ("mkt@solaire-direct.fr", "marketer", "acc_soleil_solaire"),
    ):
        body = {"email": email, "role": role, "account_ids": [account]}
        r = api.call("POST", "/v1/users", json=body)
        assert r.status_code == 201, r.text
        made[role] = r.json()["id"]
    assert api.ids("/v1/users?role=ops") == [made["ops"]]
    assert api.ids("/v1/users?account_id=acc_soleil_solaire&role=marketer") == [made["marketer"]]
    assert made["ops"] not in api.ids("/v1/users?account_id=acc_soleil_solaire")
    assert api.ids("/v1/users?role=ops", api.eco) == []  # never another tenant's
    assert api.ids("/v1/users?disabled=true") == []
    assert api.call("DELETE", f"/v1/users/{made['ops']}").status_code == 200
    assert api.ids("/v1/users?disabled=true") == [made["ops"]]
    assert made["ops"] not in api.ids("/v1/users?disabled=false")
    refused(api.call("GET", "/v1/users?role=boss"), "role")


def test_api_keys_by_account_role_and_revoked(api: Api) -> None:
    body = {"account_id": "acc_soleil_solaire", "name": "bi", "role": "viewer"}
    r = api.call("POST", "/v1/api-keys", json=body)
    assert r.status_code == 201, r.text
    viewer = r.json()["id"]
    assert api.ids("/v1/api-keys?role=viewer") == [viewer]
    assert api.ids("/v1/api-keys?account_id=acc_soleil_solaire") == [viewer]
    assert viewer not in api.ids("/v1/api-keys?account_id=acc_eco", api.eco)
    assert api.ids("/v1/api-keys?revoked=true") == []
    assert api.call("DELETE", f"/v1/api-keys/{viewer}").status_code == 200
    assert api.ids("/v1/api-keys?revoked=true") == [viewer]
    assert viewer not in api.ids("/v1/api-keys?revoked=false")
    refused(api.call("GET", "/v1/api-keys?revoked=yes"), "revoked")


def cli(settings: Settings, *args: str) -> Any:
    env = {"LEADHUB_DATA_DIR": str(settings.data_dir), "LEADHUB_ALLOW_PRIVATE_NETWORK": "1"}
    result = CliRunner().invoke(cli_app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_cli_lists_take_the_same_filters(settings: Settings, world: DemoWorld) -> None:
    def ids(*args: str) -> list[str]:
        return [item["id"] for item in cli(settings, *args)["items"]]

    assert ids("buyers", "list", "--is-test") == ["buy_test_crm"]
    assert ids("buyers", "list", "--account", "acc_eco", "--active") == ["buy_eco_crm"]
    assert ids("accounts", "list", "--kind", "brand") == ["acc_soleil_solaire"]
    assert ids("accounts", "list", "--parent", "acc_soleil", "--no-archived") == [
        "acc_soleil_solaire"
    ]
    assert ids("users", "list", "--role", "admin", "--account", "acc_eco") == ["usr_admin"]
    assert ids("users", "list", "--disabled") == []
    keys = cli(settings, "keys", "list", "--account", "acc_soleil", "--no-revoked")["items"]
    assert keys and {k["account_id"] for k in keys} == {"acc_soleil"}
    assert ids("keys", "list", "--role", "viewer") == []


def test_origins_are_paginated_with_their_total(api: Api) -> None:
    every = api.call("GET", "/v1/accounts/acc_soleil/origins").json()
    assert every["total"] == len(every["origins"]) >= 2
    first = api.call("GET", "/v1/accounts/acc_soleil/origins?limit=1").json()
    rest = api.call("GET", "/v1/accounts/acc_soleil/origins?offset=1").json()
    assert (first["total"], first["limit"], first["origins"]) == (
        every["total"],
        1,
        every["origins"][:1],
    )
    assert rest["origins"] == every["origins"][1:] and rest["offset"] == 1
