"""Redirect links through API v1 on the real collector app and the CLI: create (readable key,
http(s) target, an LP of the key's accounts, a form of that LP), list (filters, total), get,
update, archive; an archived link still redirects but its clicks are quarantined
(``key:inactive``) and it leaves the LP's brief; 403 for a viewer's writes, 404 across tenants,
one 422 naming each bad field; every change in the activity log."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from litestar import Litestar
from litestar.testing import TestClient
from typer.testing import CliRunner

from hub.security import create_api_key
from hub.settings import Settings
from ingest.app import create_app
from leadhub.cli import app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration


@dataclass
class Api:
    client: TestClient[Litestar]
    con: sqlite3.Connection
    admin: str  # acc_soleil, admin
    marketer: str  # acc_soleil, marketer
    viewer: str  # acc_soleil, viewer
    eco: str  # acc_eco, admin

    def call(self, method: str, path: str, key: str, **kw: Any) -> Any:
        return self.client.request(method, path, headers={"Authorization": f"Token {key}"}, **kw)


@pytest.fixture
def api(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> Iterator[Api]:
    keys = {
        "marketer": create_api_key(hub_con, "acc_soleil", "mkt", role="marketer"),
        "viewer": create_api_key(hub_con, "acc_soleil", "viewer", role="viewer"),
        "eco": create_api_key(hub_con, "acc_eco", "eco"),
    }
    with TestClient(create_app(settings)) as client:
        yield Api(client, hub_con, world.api_key, **keys)


def lp_of(con: sqlite3.Connection, key: str) -> tuple[str, str]:
    """(LP id, the id of one of its forms)."""
    row = con.execute(
        "SELECT lp.id, f.id FROM landing_pages lp JOIN forms f ON f.lp_id = lp.id WHERE lp.key = ?",
        (key,),
    ).fetchone()
    return row[0], row[1]


def fields(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {f["field"]: f["reason"] for f in response.json()["error"]["fields"]}


def log(con: sqlite3.Connection, subject: str) -> list[tuple[str, str]]:
    query = "SELECT action, actor FROM activity_log WHERE subject = ? ORDER BY id"
    return [(r[0], r[1]) for r in con.execute(query, (subject,))]


def quarantined(root: Path) -> list[dict[str, Any]]:
    files = sorted(str(p) for p in (root / "events").glob("date=*/*.parquet"))
    if not files:
        return []
    with duckdb.connect() as con:
        cur = con.execute("SELECT key, reason FROM read_parquet(?, union_by_name = true)", [files])
        return [{"key": k, "reason": r} for k, r in cur.fetchall()]


def test_links_crud_archive_still_redirects_and_quarantines(api: Api, settings: Settings) -> None:
    lp_id, form_id = lp_of(api.con, "lp_solaire_demo")
    body = {"lp_id": lp_id, "name": "Flyer salon 2027", "form_id": form_id}
    made = api.call("POST", "/v1/redirect-links", api.marketer, json=body)
    assert made.status_code == 201, made.text
    link = made.json()
    key = link["link_key"]
    assert re.fullmatch(r"lk_flyer_salon_2027_[a-z0-9]{8}", key)
    form_url = api.con.execute("SELECT url FROM forms WHERE id = ?", (form_id,)).fetchone()[0]
    assert link["target_url"] == form_url  # default: the form's URL
    assert (link["account_id"], link["active"]) == ("acc_soleil", 1)

    listed = api.call("GET", f"/v1/redirect-links?lp_id={lp_id}", api.viewer).json()
    assert key in {i["link_key"] for i in listed["items"]}
    assert listed["total"] == len(listed["items"]) >= 2  # with the demo's own link
    one = api.call("GET", "/v1/redirect-links?limit=1", api.viewer).json()
    assert len(one["items"]) == 1 and one["total"] >= 2
    assert api.call("GET", f"/v1/redirect-links/{key}", api.viewer).json() == link

    moved = {"target_url": "https://solaire.soleil-habitat.fr/devis/", "name": "Flyer B"}
    changed = api.call("PATCH", f"/v1/redirect-links/{key}", api.marketer, json=moved)
    assert changed.status_code == 200 and changed.json()["target_url"] == moved["target_url"]
    brief = api.call("GET", f"/v1/landing-pages/{lp_id}/brief", api.viewer).text
    assert f"/r/{key}" in brief

    archived = api.call("DELETE", f"/v1/redirect-links/{key}", api.admin)
    assert archived.status_code == 200 and archived.json()["active"] == 0
    again = api.call("DELETE", f"/v1/redirect-links/{key}", api.admin)
    assert again.json()["active"] == 0
    active = api.call("GET", "/v1/redirect-links?active=true", api.viewer).json()["items"]
    assert key not in {i["link_key"] for i in active}
    gone = api.call("GET", "/v1/redirect-links?active=false", api.viewer).json()["items"]
    assert [i["link_key"] for i in gone] == [key]
    assert f"/r/{key}" not in api.call("GET", f"/v1/landing-pages/{lp_id}/brief", api.viewer).text

    with TestClient(create_app(settings)) as collector:  # its spool rolls when it stops
        r = collector.get(f"/r/{key}?utm_source=print", follow_redirects=False)
    assert r.status_code == 302  # a printed ad must not break
    assert r.headers["location"].startswith(moved["target_url"] + "?")
    assert quarantined(settings.quarantine_dir) == [
        {"key": f"link:{key}", "reason": "key:inactive"}
    ]

    assert log(api.con, key) == [
        ("link.created", "api_key:" + _key_id(api.con, "mkt")),
        ("link.updated", "api_key:" + _key_id(api.con, "mkt")),
        ("link.archived", "api_key:" + _key_id(api.con, "demo")),
    ]


def _key_id(con: sqlite3.Connection, name_prefix: str) -> str:
    row = con.execute(
        "SELECT id FROM api_keys WHERE name LIKE ? ORDER BY created_at LIMIT 1",
        (name_prefix + "%",),
    ).fetchone()
    return str(row[0])


def test_bad_fields_roles_and_tenants(api: Api) -> None:
    lp_id, _ = lp_of(api.con, "lp_solaire_demo")
    eco_lp, eco_form = lp_of(api.con, "lp_ite_demo")
    bad = {"lp_id": eco_lp, "name": "", "target_url": "javascript:alert(1)", "link_key": "x"}
    assert fields(api.call("POST", "/v1/redirect-links", api.admin, json=bad)) == {
        "lp_id": "unknown",  # another tenant's LP: as if it did not exist
        "name": "invalid",
        "target_url": "invalid_url",
        "link_key": "read_only",
    }
    other_form = {"lp_id": lp_id, "name": "x", "form_id": eco_form}
    assert fields(api.call("POST", "/v1/redirect-links", api.admin, json=other_form)) == {
        "form_id": "not_of_lp"
    }
    assert fields(api.call("POST", "/v1/redirect-links", api.admin, json={"lp_id": lp_id})) == {
        "name": "required",
        "target_url": "required",
    }
    ok = {"lp_id": lp_id, "name": "Lien", "target_url": "https://soleil-habitat.fr/x"}
    assert api.call("POST", "/v1/redirect-links", api.viewer, json=ok).status_code == 403
    key = api.call("POST", "/v1/redirect-links", api.admin, json=ok).json()["link_key"]
    for method in ("GET", "PATCH", "DELETE"):
        assert api.call(method, f"/v1/redirect-links/{key}", api.eco, json={}).status_code == 404
    assert key not in {
        i["link_key"] for i in api.call("GET", "/v1/redirect-links", api.eco).json()["items"]
    }
    assert api.call("DELETE", f"/v1/redirect-links/{key}", api.viewer).status_code == 403
    patch = {"target_url": "ftp://x", "active": "yes", "lp_id": eco_lp}
    assert fields(api.call("PATCH", f"/v1/redirect-links/{key}", api.admin, json=patch)) == {
        "target_url": "invalid_url",
        "active": "invalid",
        "lp_id": "read_only",
    }
    bad_query = api.call("GET", "/v1/redirect-links?active=maybe", api.viewer)
    assert fields(bad_query) == {"active": "invalid"}
    assert api.call("GET", f"/v1/redirect-links/{key}", api.admin).json()["name"] == "Lien"


def leadhub(settings: Settings, *args: str) -> Any:
    env = {"LEADHUB_DATA_DIR": str(settings.data_dir), "LEADHUB_ALLOW_PRIVATE_NETWORK": "1"}
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_links(settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection) -> None:
    lp_id, _ = lp_of(hub_con, "lp_pac_demo")
    link = leadhub(
        settings, "links", "create",
        "--set", f"lp_id={lp_id}", "--set", "name=SMS PAC",
        "--set", "target_url=https://pac.example.fr/devis/",
    )  # fmt: skip
    key = link["link_key"]
    assert key.startswith("lk_sms_pac_")
    assert key in {
        i["link_key"] for i in leadhub(settings, "links", "list", "--lp", lp_id)["items"]
    }
    assert leadhub(settings, "links", "update", key, "--set", "name=SMS")["name"] == "SMS"
    assert leadhub(settings, "links", "archive", key)["active"] == 0
    archived = leadhub(settings, "links", "list", "--archived")["items"]
    assert [i["link_key"] for i in archived] == [key]
    assert leadhub(settings, "links", "show", key)["active"] == 0
    assert [a for a, _ in log(hub_con, key)] == ["link.created", "link.updated", "link.archived"]
    assert {actor for _, actor in log(hub_con, key)} == {"cli"}
    env = {"LEADHUB_DATA_DIR": str(settings.data_dir), "LEADHUB_ALLOW_PRIVATE_NETWORK": "1"}
    missing = CliRunner().invoke(app, ["links", "show", "lk_nope"], env=env)
    assert missing.exit_code != 0 and "not_found" in missing.output
    eco = create_api_key(hub_con, "acc_eco", "eco")  # acting as another tenant's key: a 404
    foreign = CliRunner().invoke(app, ["--key", eco, "links", "archive", key], env=env)
    assert foreign.exit_code == 1 and "404" in foreign.output
    assert leadhub(settings, "links", "show", key)["active"] == 0
