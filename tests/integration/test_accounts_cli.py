"""``leadhub init`` on an empty hub (refused on an initialised one, nothing written) and
``leadhub accounts|users|keys``: the same services as API v1, logged with the actor ``cli``."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from typing import Any

import pytest
from litestar.testing import TestClient
from typer.testing import CliRunner

from hub.db import _migrations, connect, migrate, open_hub
from hub.settings import Settings
from ingest.app import create_app
from leadhub.cli import app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration

INIT = ["init", "--entity-name", "Soleil Habitat", "--email", "boss@soleil.example.com"]


def leadhub(settings: Settings, *args: str, code: int = 0) -> Any:
    env = {"LEADHUB_DATA_DIR": str(settings.data_dir), "LEADHUB_ALLOW_PRIVATE_NETWORK": "1"}
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == code, result.output
    return json.loads(result.stdout) if code == 0 and result.stdout.startswith("{") else result


def counts(settings: Settings) -> tuple[int, ...]:
    with closing(open_hub(settings.hub_db)) as con:
        tables = ("accounts", "users", "memberships", "api_keys", "products", "activity_log")
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)


def test_init_on_an_empty_hub_then_refused(settings: Settings) -> None:
    started = leadhub(
        settings, *INIT, "--siren", "552100554", "--vat-number", "FR32552100554", "--json"
    )
    assert set(started) == {"account_id", "admin", "api_key"}
    assert started["admin"]["email"] == "boss@soleil.example.com"
    password = started["admin"]["password"]
    assert len(password) >= 12 and started["api_key"].startswith("lh_")
    before = counts(settings)
    assert before == (1, 1, 1, 1, 3, 6)  # the standard products PV, PAC, ITE
    refused = leadhub(settings, *INIT, code=2)
    assert "already initialised" in refused.output
    other = leadhub(settings, "init", "--entity-name", "B", "--email", "b@b.example.com", code=2)
    assert "nothing was written" in other.output
    assert counts(settings) == before

    with closing(open_hub(settings.hub_db)) as con:
        entity = con.execute("SELECT * FROM accounts").fetchone()
        assert entity["kind"] == "entity" and entity["siren"] == "552100554"
        assert entity["vat_number"] == "FR32552100554"
        role = con.execute("SELECT role FROM memberships").fetchone()[0]
        assert role == "super_admin"
        actors = {r[0] for r in con.execute("SELECT actor FROM activity_log")}
        assert actors == {"cli"}
        actions = [r[0] for r in con.execute("SELECT action FROM activity_log ORDER BY id")]
        assert actions == [
            "account.created",
            "user.created",
            "api_key.created",
            *["product.created"] * 3,
        ]
        aides = dict(con.execute("SELECT code, aides FROM products"))
        assert set(aides) == {"PV", "PAC", "ITE"} and "MaPrimeRénov'" in json.loads(aides["PAC"])
        assert password not in "\n".join(con.iterdump())

    from dashboard.auth import authenticate

    assert authenticate(settings.hub_db, "boss@soleil.example.com", password) is not None
    with TestClient(create_app(settings)) as client:  # the first key works: a brand, a user
        key = {"Authorization": f"Token {started['api_key']}"}
        brand = {"name": "Solaire", "parent_id": started["account_id"]}
        assert client.post("/v1/accounts", json=brand, headers=key).status_code == 201
        entity2 = {"name": "Eco Renov", "kind": "entity"}
        assert client.post("/v1/accounts", json=entity2, headers=key).status_code == 201


def test_init_checks_its_options_and_writes_nothing(settings: Settings) -> None:
    bad = leadhub(
        settings, "init", "--entity-name", " ", "--email", "nope", "--siren", "12",
        "--password", "short", code=2,
    )  # fmt: skip
    for name in ("entity_name", "email", "siren", "password"):
        assert f"  {name}: " in bad.output
    assert counts(settings) == (0, 0, 0, 0, 0, 0)
    chosen = leadhub(settings, *INIT, "--name", "Boss", "--password", "a long passphrase", "--json")
    assert chosen["admin"]["password"] is None  # chosen by the operator: not printed back
    text = leadhub(settings, "init", "--entity-name", "X", "--email", "x@x.example.com", code=2)
    assert "error (409 already_initialised)" in text.output


def test_accounts_users_keys_from_the_cli(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    assert "already initialised" in leadhub(settings, *INIT, code=2).output  # the demo world
    brand = leadhub(
        settings, "accounts", "create", "--set", "name=Eco Isolation", "--set", "parent_id=acc_eco"
    )
    assert brand["kind"] == "brand"
    changed = leadhub(settings, "accounts", "update", brand["id"], "--set", "siren=732829320")
    assert changed["siren"] == "732829320"
    assert leadhub(settings, "accounts", "show", brand["id"])["name"] == "Eco Isolation"
    assert leadhub(settings, "accounts", "list")["total"] == 4
    bad = leadhub(settings, "accounts", "update", brand["id"], "--set", "siren=1", code=1)
    assert "siren: invalid_siren" in bad.output
    assert leadhub(settings, "accounts", "archive", brand["id"])["archived_at"]
    leadhub(settings, "accounts", "show", "acc_nope", code=1)

    user = leadhub(
        settings, "users", "create", "--email", "ops@eco.example.com", "--role", "ops",
        "--account", "acc_eco",
    )  # fmt: skip
    assert user["role"] == "ops" and user["password"]
    dup = leadhub(
        settings, "users", "create", "--email", "OPS@eco.example.com", "--role", "ops",
        "--account", "acc_eco", code=1,
    )  # fmt: skip
    assert "409" in dup.output
    moved = leadhub(settings, "users", "update", user["id"], "--role", "finance")
    assert moved["role"] == "finance"
    assert leadhub(settings, "users", "disable", user["id"])["disabled_at"]
    assert user["id"] in {u["id"] for u in leadhub(settings, "users", "list")["items"]}
    assert leadhub(settings, "users", "show", user["id"])["email"] == "ops@eco.example.com"

    key = leadhub(
        settings, "keys", "create", "--account", "acc_eco", "--name", "bi", "--role", "viewer"
    )
    assert key["key"].startswith("lh_") and key["role"] == "viewer"
    listed = leadhub(settings, "keys", "list")["items"]
    assert all("key" not in k for k in listed) and key["id"] in {k["id"] for k in listed}
    renamed = leadhub(settings, "keys", "update", key["id"], "--name", "bi (finance)")
    assert (renamed["name"], renamed["role"]) == ("bi (finance)", "viewer")
    assert leadhub(settings, "keys", "update", key["id"], "--role", "finance")["role"] == "finance"
    assert leadhub(settings, "keys", "revoke", key["id"])["revoked_at"]
    assert leadhub(settings, "keys", "show", key["id"])["revoked_at"]

    logged = hub_con.execute(
        "SELECT action, actor FROM activity_log WHERE action LIKE 'account.%'"
        " OR action LIKE 'user.%' OR action LIKE 'api_key.%' ORDER BY id"
    ).fetchall()
    assert {r["actor"] for r in logged} == {"cli"}
    assert [r["action"] for r in logged] == [
        "account.created", "account.updated", "account.archived",
        "user.created", "user.updated", "user.disabled",
        "api_key.created", "api_key.updated", "api_key.updated", "api_key.revoked",
    ]  # fmt: skip


def test_migration_0011_keeps_memberships_and_maps_analyst(settings: Settings) -> None:
    con = connect(settings.hub_db)
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT)")
    for version, script in _migrations():
        if version < 11:
            con.executescript(script)
            con.execute("INSERT INTO schema_migrations VALUES (?, 'then')", (version,))
    con.executescript(
        "INSERT INTO accounts (id, name, kind, created_at) VALUES ('a', 'A', 'entity', 't');"
        "INSERT INTO users (id, email, name, password_hash, created_at)"
        " VALUES ('u1', 'u1@x.example.com', 'U1', 'h', 't'),"
        " ('u2', 'u2@x.example.com', 'U2', 'h', 't');"
        "INSERT INTO memberships VALUES ('u1', 'a', 'analyst'), ('u2', 'a', 'admin');"
    )
    assert migrate(con) >= 11
    rows = con.execute("SELECT user_id, role FROM memberships ORDER BY user_id").fetchall()
    assert [tuple(r) for r in rows] == [("u1", "viewer"), ("u2", "admin")]
    con.execute("INSERT INTO memberships VALUES ('u1', 'a', 'finance') ON CONFLICT DO NOTHING")
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("UPDATE memberships SET role = 'analyst' WHERE user_id = 'u1'")
    con.close()


def test_init_prints_the_secrets_once_in_text(settings: Settings) -> None:
    text = leadhub(settings, *INIT).output
    assert "password (shown once): " in text and "API key (super_admin, shown once): lh_" in text
    with closing(open_hub(settings.hub_db)) as con:
        key = text.split("shown once): ")[-1].split()[0]
        assert key not in "\n".join(con.iterdump())
