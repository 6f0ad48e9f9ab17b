"""Providers and traffic sources through API v1 on the real collector app and the CLI:
providers listed (filters, total), read, created with a key shown once, changed, blocked,
archived (its keys revoked: it posts nothing more); sources seen per account with their lead
counts, blocked or not (a block on the account or above it, or a blocked provider); 403 for a
viewer's writes, 404 across tenants, one 422 naming each bad field; the activity log."""

from __future__ import annotations

import json
import sqlite3
import uuid
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
from leadhub.cli import app
from leadhub.demo.seed import DemoWorld
from tests.integration.test_leads_support import phone_of

pytestmark = pytest.mark.integration


@dataclass
class Api:
    client: TestClient[Litestar]
    con: sqlite3.Connection
    admin: str  # acc_soleil, admin
    ops: str  # acc_soleil, ops
    viewer: str  # acc_soleil, viewer
    eco: str  # acc_eco, admin

    def call(self, method: str, path: str, key: str, **kw: Any) -> Any:
        return self.client.request(method, path, headers={"Authorization": f"Token {key}"}, **kw)

    def lead(self, key: str | None = None, **extra: Any) -> Any:
        session = uuid.uuid4().hex
        body = {
            "form_key": "fm_solaire_demo",
            "first_name": "Hugo",
            "last_name": "Blanc",
            "phone": phone_of(session),
            "postal_code": "69003",
            "consent": True,
            "session_id": session,
            **extra,
        }
        headers = {"Authorization": f"Token {key}"} if key else {}
        return self.client.post("/v1/leads", json=body, headers=headers)


@pytest.fixture
def api(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> Iterator[Api]:
    keys = {
        "ops": create_api_key(hub_con, "acc_soleil", "ops", role="ops"),
        "viewer": create_api_key(hub_con, "acc_soleil", "viewer", role="viewer"),
        "eco": create_api_key(hub_con, "acc_eco", "eco"),
    }
    with TestClient(create_app(settings)) as client:
        yield Api(client, hub_con, world.api_key, **keys)


def fields(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {f["field"]: f["reason"] for f in response.json()["error"]["fields"]}


def actions(con: sqlite3.Connection, subject: str) -> list[str]:
    query = "SELECT action FROM activity_log WHERE subject = ? ORDER BY id"
    return [r[0] for r in con.execute(query, (subject,))]


def test_provider_lifecycle_archive_revokes_its_keys(api: Api) -> None:
    made = api.call("POST", "/v1/providers", api.ops, json={"name": "Fournisseur Nord"})
    assert made.status_code == 201, made.text
    provider, key = made.json()["provider"], made.json()["api_key"]
    pid = provider["id"]
    assert provider["account_id"] == "acc_soleil" and provider["archived_at"] is None
    assert api.lead(key).status_code == 201

    assert api.call("GET", f"/v1/providers/{pid}", api.viewer).json() == provider
    listed = api.call("GET", "/v1/providers?blocked=false&archived=false", api.viewer).json()
    assert pid in {p["id"] for p in listed["items"]} and listed["total"] == len(listed["items"])
    renamed = api.call("PATCH", f"/v1/providers/{pid}", api.ops, json={"name": "Nord Leads"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Nord Leads"
    blocked = {"blocked": True, "blocked_reason": "doublons"}
    assert api.call("PATCH", f"/v1/providers/{pid}", api.ops, json=blocked).json()["blocked"]
    only = api.call("GET", "/v1/providers?blocked=true", api.viewer).json()["items"]
    assert [p["id"] for p in only] == [pid]

    archived = api.call("DELETE", f"/v1/providers/{pid}", api.admin)
    assert archived.status_code == 200 and archived.json()["archived_at"] is not None
    assert api.call("DELETE", f"/v1/providers/{pid}", api.admin).json() == archived.json()
    assert api.lead(key).status_code == 401  # its key is revoked
    revoked = api.con.execute("SELECT revoked_at FROM api_keys WHERE provider_id = ?", (pid,))
    assert all(r[0] for r in revoked.fetchall())
    late = api.call("PATCH", f"/v1/providers/{pid}", api.ops, json={"blocked": False})
    assert late.status_code == 409
    gone = api.call("GET", "/v1/providers?archived=true", api.viewer).json()["items"]
    assert [p["id"] for p in gone] == [pid]
    assert actions(api.con, pid) == [
        "provider.created",
        "provider.updated",
        "provider.blocked",
        "provider.archived",
    ]
    detail = api.con.execute(
        "SELECT detail FROM activity_log WHERE action = 'provider.archived' AND subject = ?", (pid,)
    ).fetchone()[0]
    assert json.loads(detail)["revoked_keys"] and key not in detail


def test_provider_roles_tenants_and_bad_fields(api: Api) -> None:
    made = api.call("POST", "/v1/providers", api.admin, json={"name": "Sud Leads"})
    pid = made.json()["provider"]["id"]
    assert api.call("POST", "/v1/providers", api.viewer, json={"name": "x"}).status_code == 403
    assert api.call("PATCH", f"/v1/providers/{pid}", api.viewer, json={}).status_code == 403
    assert api.call("DELETE", f"/v1/providers/{pid}", api.viewer).status_code == 403
    for method in ("GET", "PATCH", "DELETE"):
        assert api.call(method, f"/v1/providers/{pid}", api.eco, json={}).status_code == 404
    bad = {"name": "x" * 101, "blocked": "oui", "id": "prv_x", "colour": "red"}
    assert fields(api.call("POST", "/v1/providers", api.admin, json=bad)) == {
        "name": "too_long",
        "blocked": "invalid",
        "id": "read_only",
        "colour": "unknown_field",
    }
    patch = {"account_id": "acc_eco", "blocked": 1}
    assert fields(api.call("PATCH", f"/v1/providers/{pid}", api.admin, json=patch)) == {
        "account_id": "read_only",
        "blocked": "invalid",
    }
    assert fields(api.call("GET", "/v1/providers?blocked=oui", api.viewer)) == {
        "blocked": "invalid"
    }
    taken = api.call("POST", "/v1/providers", api.admin, json={"name": "Sud Leads"})
    assert taken.status_code == 409


def test_sources_seen_blocked_or_not(api: Api) -> None:
    assert api.lead(utm_source="newsletter").status_code == 201
    assert api.lead(utm_source="newsletter").status_code == 201
    made = api.call("POST", "/v1/providers", api.admin, json={"name": "Douteux"})
    pid = made.json()["provider"]["id"]
    api.call("PATCH", f"/v1/providers/{pid}", api.admin, json={"blocked": True})
    block = {"source": "facebook", "reason": "trafic suspect"}
    assert api.call("POST", "/v1/source-blocks", api.ops, json=block).status_code == 201

    seen = api.call("GET", "/v1/sources", api.viewer).json()
    by_source = {(s["account_id"], s["source"]): s for s in seen["items"]}
    assert seen["total"] == len(seen["items"])
    news = by_source[("acc_soleil", "newsletter")]
    assert (news["leads"], news["blocked"]) == (2, False) and news["last_lead_at"]
    fb = by_source[("acc_soleil", "facebook")]
    assert (fb["leads"], fb["blocked"], fb["blocked_by"]["reason"]) == (0, True, "trafic suspect")
    prov = by_source[("acc_soleil", "provider:Douteux")]
    assert prov["provider_id"] == pid and prov["blocked"] is True
    assert all(s["account_id"] != "acc_eco" for s in seen["items"])

    blocked = api.call("GET", "/v1/sources?blocked=true", api.viewer).json()["items"]
    assert {s["source"] for s in blocked} >= {"facebook", "provider:Douteux"}
    assert "newsletter" not in {s["source"] for s in blocked}
    eco = api.call("GET", "/v1/sources", api.eco).json()["items"]
    assert all(s["account_id"] != "acc_soleil" for s in eco)
    assert fields(api.call("GET", "/v1/sources?blocked=1", api.viewer)) == {"blocked": "invalid"}

    assert api.call("DELETE", "/v1/source-blocks/facebook", api.ops).status_code == 200
    after = api.call("GET", "/v1/sources?blocked=false", api.viewer).json()["items"]
    assert "newsletter" in {s["source"] for s in after}
    assert "facebook" not in {s["source"] for s in after}  # no lead, no block: not a source


def leadhub(settings: Settings, *args: str) -> Any:
    env = {"LEADHUB_DATA_DIR": str(settings.data_dir), "LEADHUB_ALLOW_PRIVATE_NETWORK": "1"}
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_providers_and_sources(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    made = leadhub(
        settings, "providers", "create", "--data", '{"account_id": "acc_eco", "name": "Est"}'
    )
    pid = made["provider"]["id"]
    assert made["api_key"].startswith("lh_")
    listed = leadhub(settings, "providers", "list", "--account", "acc_eco")["items"]
    assert [p["id"] for p in listed] == [pid]
    assert leadhub(settings, "providers", "update", pid, "--set", "blocked=true")["blocked"]
    assert leadhub(settings, "providers", "archive", pid)["archived_at"]
    assert leadhub(settings, "providers", "show", pid)["archived_at"]
    sources = leadhub(settings, "sources", "list", "--account", "acc_eco", "--blocked")["items"]
    assert [s["source"] for s in sources] == ["provider:Est"]
    assert actions(hub_con, pid) == ["provider.created", "provider.blocked", "provider.archived"]
    viewer = create_api_key(hub_con, "acc_eco", "viewer", role="viewer")
    env = {"LEADHUB_DATA_DIR": str(settings.data_dir), "LEADHUB_ALLOW_PRIVATE_NETWORK": "1"}
    refused = CliRunner().invoke(
        app, ["--key", viewer, "providers", "create", "--set", "name=Ouest"], env=env
    )
    assert refused.exit_code == 1 and "403" in refused.output
    seen = CliRunner().invoke(app, ["--key", viewer, "sources", "list"], env=env)
    assert seen.exit_code == 0 and "provider:Est" in seen.stdout
