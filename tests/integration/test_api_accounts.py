"""API v1 accounts, users and API keys on the real collector app: CRUD, one 422 naming each bad
field, 409 on a taken e-mail, 404 for another tenant's object, roles (viewer keys read only, an
admin never grants super_admin, a brand's key sees its brand only), revoked keys get 401, and
every change is in the activity log with its actor."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from dashboard.auth import authenticate as dashboard_login
from dashboard.auth import load_user
from hub.security import create_api_key, hash_api_key
from hub.settings import Settings
from ingest.app import create_app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration


def token(key: str) -> dict[str, str]:
    return {"Authorization": f"Token {key}"}


def key_id(con: sqlite3.Connection, key: str) -> str:
    row = con.execute("SELECT id FROM api_keys WHERE key_hash = ?", (hash_api_key(key),))
    return str(row.fetchone()[0])


def log(con: sqlite3.Connection, action: str) -> list[sqlite3.Row]:
    query = "SELECT actor, subject, account_id, detail FROM activity_log WHERE action = ?"
    return con.execute(query, (action,)).fetchall()


@dataclass
class Api:
    client: TestClient[Litestar]
    con: sqlite3.Connection
    hub_db: Path
    admin: str  # acc_soleil, admin (the demo key)
    eco: str  # acc_eco, admin
    viewer: str  # acc_soleil, viewer
    brand: str  # acc_soleil_solaire, admin
    root: str  # acc_soleil, super_admin

    def call(self, method: str, path: str, key: str, **kw: Any) -> Any:
        return self.client.request(method, path, headers=token(key), **kw)


@pytest.fixture
def api(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> Iterator[Api]:
    keys = {
        "eco": create_api_key(hub_con, "acc_eco", "eco"),
        "viewer": create_api_key(hub_con, "acc_soleil", "viewer", role="viewer"),
        "brand": create_api_key(hub_con, "acc_soleil_solaire", "brand"),
        "root": create_api_key(hub_con, "acc_soleil", "root", role="super_admin"),
    }
    with TestClient(create_app(settings)) as client:
        yield Api(client, hub_con, settings.hub_db, world.api_key, **keys)


def fields(response: Any) -> set[str]:
    assert response.status_code == 422, response.text
    return {f["field"] for f in response.json()["error"]["fields"]}


def test_accounts_crud_scoped_and_logged(api: Api) -> None:
    listed = api.call("GET", "/v1/accounts", api.admin).json()
    assert {a["id"] for a in listed["items"]} == {"acc_soleil", "acc_soleil_solaire"}
    assert listed["total"] == 2
    brand = {"name": "Soleil Pro", "parent_id": "acc_soleil", "siren": "552 100 554"}
    made = api.call("POST", "/v1/accounts", api.admin, json=brand)
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["kind"] == "brand" and body["siren"] == "552100554"
    assert body["parent_id"] == "acc_soleil" and body["archived_at"] is None
    new = body["id"]
    assert api.call("GET", f"/v1/accounts/{new}", api.admin).json()["name"] == "Soleil Pro"
    changed = api.call(
        "PATCH", f"/v1/accounts/{new}", api.admin, json={"vat_number": "fr 32 552100554"}
    )
    assert changed.status_code == 200 and changed.json()["vat_number"] == "FR32552100554"
    same = api.call("PATCH", f"/v1/accounts/{new}", api.admin, json={"name": "Soleil Pro"})
    assert same.status_code == 200 and len(log(api.con, "account.updated")) == 1
    bad = api.call(
        "PATCH", f"/v1/accounts/{new}", api.admin,
        json={"siren": "12", "vat_number": "?", "kind": "entity", "colour": "red", "name": ""},
    )  # fmt: skip
    assert fields(bad) == {"siren", "vat_number", "kind", "colour", "name"}
    assert fields(api.call("POST", "/v1/accounts", api.admin, json={"parent_id": "acc_eco"})) == {
        "name",
        "parent_id",
    }
    assert fields(api.call("POST", "/v1/accounts", api.admin, json=[1])) == {"body"}
    # another tenant's account is a 404, an entity is super_admin's
    assert api.call("GET", "/v1/accounts/acc_eco", api.admin).status_code == 404
    assert api.call("PATCH", "/v1/accounts/acc_eco", api.admin, json={}).status_code == 404
    assert api.call("DELETE", "/v1/accounts/nope", api.admin).status_code == 404
    entity = {"name": "Tierce", "kind": "entity", "siren": "732829320"}
    assert api.call("POST", "/v1/accounts", api.admin, json=entity).status_code == 403
    assert api.call("DELETE", "/v1/accounts/acc_soleil", api.admin).status_code == 403
    archived = api.call("DELETE", f"/v1/accounts/{new}", api.admin)
    assert archived.status_code == 200 and archived.json()["archived_at"] is not None
    made_entity = api.call("POST", "/v1/accounts", api.root, json=entity)
    assert made_entity.status_code == 201 and made_entity.json()["parent_id"] is None
    # a super_admin key sees every account
    assert api.call("GET", "/v1/accounts", api.root).json()["total"] == 5

    admin_label = f"api_key:{key_id(api.con, api.admin)}"
    created = log(api.con, "account.created")
    assert [(r["actor"], r["subject"]) for r in created] == [
        (admin_label, new),
        (f"api_key:{key_id(api.con, api.root)}", made_entity.json()["id"]),
    ]
    assert [r["actor"] for r in log(api.con, "account.updated")] == [admin_label]
    assert [r["subject"] for r in log(api.con, "account.archived")] == [new]


def test_users_crud_validation_and_roles(api: Api) -> None:
    made = api.call(
        "POST", "/v1/users", api.admin,
        json={"email": "Ops@Soleil.example.com", "role": "ops",
              "account_ids": ["acc_soleil_solaire"], "name": "Op"},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    user = made.json()
    assert user["role"] == "ops" and user["account_ids"] == ["acc_soleil_solaire"]
    assert user["email"] == "Ops@soleil.example.com" and user["disabled_at"] is None
    password = user["password"]
    assert len(password) >= 12
    assert dashboard_login(api.hub_db, "ops@soleil.example.com", password) is not None
    assert "password" not in api.call("GET", f"/v1/users/{user['id']}", api.admin).json()
    dup = {"email": "ops@SOLEIL.example.com", "role": "viewer", "account_ids": ["acc_soleil"]}
    assert api.call("POST", "/v1/users", api.admin, json=dup).status_code == 409
    bad = {"email": "not-an-email", "role": "boss", "password": "short"}
    assert fields(api.call("POST", "/v1/users", api.admin, json=bad)) == {
        "email",
        "role",
        "account_ids",
        "password",
    }
    foreign = {"email": "x@soleil.example.com", "role": "viewer", "account_ids": ["acc_eco"]}
    assert fields(api.call("POST", "/v1/users", api.admin, json=foreign)) == {"account_ids"}
    chosen = {
        "email": "fin@soleil.example.com", "role": "finance", "account_ids": ["acc_soleil"],
        "password": "correct horse battery",
    }  # fmt: skip
    made2 = api.call("POST", "/v1/users", api.admin, json=chosen).json()
    assert "password" not in made2  # chosen by the admin: never echoed
    # an admin never grants super_admin, nor changes a user to it
    root = {**dup, "email": "root@soleil.example.com", "role": "super_admin"}
    assert api.call("POST", "/v1/users", api.admin, json=root).status_code == 403
    up = api.call("PATCH", f"/v1/users/{user['id']}", api.admin, json={"role": "super_admin"})
    assert up.status_code == 403
    assert api.call("POST", "/v1/users", api.root, json=root).status_code == 201
    changed = api.call(
        "PATCH", f"/v1/users/{user['id']}", api.admin,
        json={"role": "viewer", "name": "Opérateur", "account_ids": ["acc_soleil"]},
    )  # fmt: skip
    assert changed.status_code == 200, changed.text
    assert changed.json()["role"] == "viewer" and changed.json()["account_ids"] == ["acc_soleil"]
    assert fields(api.call("PATCH", f"/v1/users/{user['id']}", api.admin, json={"email": "a"}))
    reset = {"password": "a new long passphrase"}
    assert api.call("PATCH", f"/v1/users/{user['id']}", api.admin, json=reset).status_code == 200
    assert dashboard_login(api.hub_db, "ops@soleil.example.com", password) is None
    password = reset["password"]
    assert dashboard_login(api.hub_db, "ops@soleil.example.com", password) is not None
    # another tenant's user is a 404; the demo admin (also on acc_eco) cannot be changed here
    assert api.call("GET", f"/v1/users/{user['id']}", api.eco).status_code == 404
    assert api.call("DELETE", f"/v1/users/{user['id']}", api.eco).status_code == 404
    assert api.call("DELETE", "/v1/users/usr_admin", api.admin).status_code == 403
    listed = api.call("GET", "/v1/users", api.admin).json()
    assert {u["email"] for u in listed["items"]} >= {"Ops@soleil.example.com"}
    assert "root@soleil.example.com" in {u["email"] for u in listed["items"]}
    eco_view = api.call("GET", "/v1/users", api.eco).json()["items"]
    assert {u["id"] for u in eco_view} == {"usr_admin"}
    assert eco_view[0]["account_ids"] == ["acc_eco"]  # never the other tenant's accounts
    disabled = api.call("DELETE", f"/v1/users/{user['id']}", api.admin)
    assert disabled.status_code == 200 and disabled.json()["disabled_at"] is not None
    assert dashboard_login(api.hub_db, "ops@soleil.example.com", password) is None
    assert load_user(api.hub_db, user["id"]) is None  # a session open before is over
    assert api.call("GET", f"/v1/users/{user['id']}", api.admin).status_code == 200  # kept

    label = f"api_key:{key_id(api.con, api.admin)}"
    assert [r["actor"] for r in log(api.con, "user.created")][:2] == [label, label]
    assert [r["actor"] for r in log(api.con, "user.updated")] == [label, label]
    assert [r["subject"] for r in log(api.con, "user.disabled")] == [user["id"]]
    assert password not in str([tuple(r) for r in api.con.execute("SELECT * FROM activity_log")])


def test_brand_and_viewer_keys_are_limited(api: Api) -> None:
    brand_accounts = api.call("GET", "/v1/accounts", api.brand).json()["items"]
    assert [a["id"] for a in brand_accounts] == ["acc_soleil_solaire"]
    for other in ("acc_soleil", "acc_eco"):
        assert api.call("GET", f"/v1/accounts/{other}", api.brand).status_code == 404
    eco_user = {"email": "e@eco.example.com", "role": "ops", "account_ids": ["acc_eco"]}
    eco_id = api.call("POST", "/v1/users", api.eco, json=eco_user).json()["id"]
    assert api.call("GET", f"/v1/users/{eco_id}", api.brand).status_code == 404
    seen = api.call("GET", "/v1/users", api.brand).json()["items"]  # the demo admin is a member
    assert [(u["id"], u["account_ids"]) for u in seen] == [("usr_admin", ["acc_soleil_solaire"])]
    assert api.call("GET", "/v1/api-keys", api.brand).json()["total"] == 1  # itself only

    assert api.call("GET", "/v1/accounts", api.viewer).status_code == 200
    writes = [
        ("POST", "/v1/accounts", {"name": "B", "parent_id": "acc_soleil"}),
        ("PATCH", "/v1/accounts/acc_soleil", {"name": "B"}),
        ("DELETE", "/v1/accounts/acc_soleil_solaire", None),
        ("POST", "/v1/users", {"email": "v@soleil.example.com", "role": "viewer"}),
        ("POST", "/v1/api-keys", {"account_id": "acc_soleil", "name": "k"}),
    ]
    for method, path, body in writes:
        answer = api.call(method, path, api.viewer, json=body)
        assert answer.status_code == 403, (method, path, answer.text)
        assert answer.json()["error"]["code"] == "forbidden"
    assert api.call("GET", "/v1/users", api.viewer).status_code == 403


def test_an_api_key_is_renamed_or_given_another_role_never_above_the_callers(api: Api) -> None:
    made = api.call(
        "POST", "/v1/api-keys", api.admin,
        json={"account_id": "acc_soleil_solaire", "name": "crm sync", "role": "marketer"},
    ).json()  # fmt: skip
    ident, key = made["id"], made["key"]
    changed = api.call(
        "PATCH", f"/v1/api-keys/{ident}", api.admin, json={"name": "crm (read)", "role": "viewer"}
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["name"], changed.json()["role"]) == ("crm (read)", "viewer")
    assert "key" not in changed.json()
    # the same key, now a viewer: it reads, it may not write
    assert api.call("GET", "/v1/commandes", key).status_code == 200
    assert (
        api.call("PATCH", "/v1/accounts/acc_soleil_solaire", key, json={"name": "x"}).status_code
        == 403
    )
    [entry] = log(api.con, "api_key.updated")
    assert entry["subject"] == ident
    assert json.loads(entry["detail"])["before"] == {"name": "crm sync", "role": "marketer"}
    assert fields(
        api.call("PATCH", f"/v1/api-keys/{ident}", api.admin, json={"role": "owner"})
    ) == {"role"}
    assert fields(api.call("PATCH", f"/v1/api-keys/{ident}", api.admin, json={"prefix": "x"})) == {
        "prefix"
    }
    up = api.call("PATCH", f"/v1/api-keys/{ident}", api.admin, json={"role": "super_admin"})
    assert up.status_code == 403
    assert (
        api.call("PATCH", f"/v1/api-keys/{ident}", api.eco, json={"name": "y"}).status_code == 404
    )
    api.call("DELETE", f"/v1/api-keys/{ident}", api.admin)
    gone = api.call("PATCH", f"/v1/api-keys/{ident}", api.admin, json={"name": "z"})
    assert gone.status_code == 409
    assert len(log(api.con, "api_key.updated")) == 1  # refusals wrote nothing


def test_api_keys_create_list_revoke(api: Api) -> None:
    made = api.call(
        "POST", "/v1/api-keys", api.admin,
        json={"account_id": "acc_soleil_solaire", "name": "crm sync", "role": "marketer"},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    body = made.json()
    key, ident = body["key"], body["id"]
    assert key.startswith(body["prefix"]) and body["role"] == "marketer"
    assert body["last_used_at"] is None and body["revoked_at"] is None
    listed = api.call("GET", "/v1/api-keys", api.admin).json()["items"]
    assert ident in {k["id"] for k in listed}
    assert all("key" not in k and "key_hash" not in k for k in listed)
    # the key acts with its role: a marketer reads accounts, may not write them
    assert api.call("GET", "/v1/accounts", key).status_code == 200
    assert api.call("GET", "/v1/commandes", key).status_code == 200
    patch = {"name": "x"}
    assert api.call("PATCH", "/v1/accounts/acc_soleil_solaire", key, json=patch).status_code == 403
    used = api.call("GET", f"/v1/api-keys/{ident}", api.admin).json()
    assert used["last_used_at"] is not None
    assert fields(api.call("POST", "/v1/api-keys", api.admin, json={"role": "owner"})) == {
        "account_id",
        "name",
        "role",
    }
    foreign = {"account_id": "acc_eco", "name": "k"}
    assert fields(api.call("POST", "/v1/api-keys", api.admin, json=foreign)) == {"account_id"}
    root = {"account_id": "acc_soleil", "name": "k", "role": "super_admin"}
    assert api.call("POST", "/v1/api-keys", api.admin, json=root).status_code == 403
    root_id = key_id(api.con, api.root)
    assert api.call("DELETE", f"/v1/api-keys/{root_id}", api.admin).status_code == 403
    assert api.call("GET", f"/v1/api-keys/{ident}", api.eco).status_code == 404
    assert api.call("DELETE", f"/v1/api-keys/{ident}", api.eco).status_code == 404
    revoked = api.call("DELETE", f"/v1/api-keys/{ident}", api.admin)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert api.call("GET", "/v1/accounts", key).status_code == 401
    label = f"api_key:{key_id(api.con, api.admin)}"
    assert [(r["actor"], r["subject"]) for r in log(api.con, "api_key.created")] == [(label, ident)]
    assert [(r["actor"], r["subject"]) for r in log(api.con, "api_key.revoked")] == [(label, ident)]


def test_openapi_documents_the_new_resources(api: Api) -> None:
    paths = api.client.get("/schema/openapi.json").json()["paths"]
    for path in ("/v1/accounts", "/v1/users/{user_id}", "/v1/api-keys/{key_id}"):
        assert path in paths
    for path, method, required in (
        ("/v1/accounts", "post", ["name"]),
        ("/v1/users", "post", ["email", "role", "account_ids"]),
        ("/v1/api-keys", "post", ["account_id", "name"]),
    ):
        schema = paths[path][method]["requestBody"]["content"]["application/json"]["schema"]
        assert schema["required"] == required and set(required) <= set(schema["properties"])
    patch = paths["/v1/users/{user_id}"]["patch"]["requestBody"]["content"]["application/json"]
    assert set(patch["schema"]["properties"]) == {"name", "role", "account_ids", "password"}
