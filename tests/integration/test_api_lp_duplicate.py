"""Duplicating an LP with its forms through API v1 and the CLI: new keys, « … (copie) » or the
name given, the active forms copied with their consent text as a new v1, the source untouched;
403 for a viewer, 404 across tenants, 422 naming a bad field; the activity log."""

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
from leadhub.cli import app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration


@pytest.fixture
def client(settings: Settings, world: DemoWorld) -> Iterator[TestClient[Litestar]]:
    with TestClient(create_app(settings)) as c:
        yield c


def call(client: TestClient[Litestar], method: str, path: str, key: str, **kw: Any) -> Any:
    return client.request(method, path, headers={"Authorization": f"Token {key}"}, **kw)


def lp_id(con: sqlite3.Connection, key: str) -> str:
    return str(con.execute("SELECT id FROM landing_pages WHERE key = ?", (key,)).fetchone()[0])


def test_duplicate_copies_the_lp_and_its_forms(
    client: TestClient[Litestar], hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    source_id = lp_id(hub_con, "lp_solaire_demo")
    source = call(client, "GET", f"/v1/landing-pages/{source_id}", world.api_key).json()
    [form] = call(client, "GET", f"/v1/forms?lp_id={source_id}", world.api_key).json()["items"]
    api_key = world.api_key
    variants = {"variants": ["A", "B"]}
    source = call(client, "PATCH", f"/v1/landing-pages/{source_id}", api_key, json=variants).json()
    buyer = hub_con.execute("SELECT id FROM buyers WHERE account_id = 'acc_soleil'").fetchone()[0]
    bumped = {
        "consent_text": "J'accepte d'être recontacté par Soleil Habitat et ses partenaires.",
        "consent_buyers": [buyer],
        "field_aliases": {"Mobile": "phone"},
    }
    form = call(client, "PATCH", f"/v1/forms/{form['id']}", world.api_key, json=bumped).json()
    assert form["consent_version"] != "v1" and form["field_aliases"]

    made = call(client, "POST", f"/v1/landing-pages/{source_id}/duplicate", world.api_key)
    assert made.status_code == 201, made.text
    lp, [copy] = made.json()["landing_page"], made.json()["forms"]
    assert lp["name"] == source["name"] + " (copie)" and lp["id"] != source_id
    assert lp["key"] != source["key"] and lp["key"].startswith("lp_")
    assert (lp["url"], lp["product_code"], lp["account_id"], lp["active"], lp["variants"]) == (
        source["url"], source["product_code"], source["account_id"], 1, ["A", "B"],
    )  # fmt: skip
    assert copy["lp_id"] == lp["id"] and copy["key"] != form["key"]
    assert copy["consent_text"] == form["consent_text"] and copy["consent_version"] == "v1"
    assert copy["consent_buyers"] == [buyer] and copy["field_aliases"] == form["field_aliases"]
    history = call(client, "GET", f"/v1/forms/{copy['id']}/consent", api_key).json()["items"]
    assert [(h["consent_version"], h["consent_text"]) for h in history] == [
        ("v1", form["consent_text"])
    ]
    same = ("name", "url", "thank_you_url", "product_code", "required_fields", "account_id")
    assert {k: copy[k] for k in same} == {k: form[k] for k in same}
    assert call(client, "GET", f"/v1/forms/{form['id']}", world.api_key).json() == form

    named = call(
        client, "POST", f"/v1/landing-pages/{source_id}/duplicate", world.api_key,
        json={"name": "Solaire variante B"},
    )  # fmt: skip
    assert named.json()["landing_page"]["name"] == "Solaire variante B"
    assert named.json()["landing_page"]["key"].startswith("lp_solaire_variante_b_")

    log = hub_con.execute(
        "SELECT action, subject, detail FROM activity_log WHERE action IN"
        " ('lp.duplicated', 'form.created') ORDER BY id"
    ).fetchall()
    assert [(r[0], r[1]) for r in log[:2]] == [
        ("form.created", copy["id"]),
        ("lp.duplicated", lp["id"]),
    ]
    assert json.loads(log[1][2])["from"] == source_id
    assert json.loads(log[1][2])["forms"] == {form["id"]: copy["id"]}


def test_duplicate_roles_tenants_and_bad_fields(
    client: TestClient[Litestar], hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    source_id = lp_id(hub_con, "lp_solaire_demo")
    viewer = create_api_key(hub_con, "acc_soleil", "viewer", role="viewer")
    eco = create_api_key(hub_con, "acc_eco", "eco")
    path = f"/v1/landing-pages/{source_id}/duplicate"
    assert call(client, "POST", path, viewer).status_code == 403
    assert call(client, "POST", path, eco).status_code == 404
    bad = call(client, "POST", path, world.api_key, json={"name": 3, "key": "lp_x"})
    assert bad.status_code == 422
    assert {(f["field"], f["reason"]) for f in bad.json()["error"]["fields"]} == {
        ("name", "invalid"),
        ("key", "unknown_field"),
    }
    count = hub_con.execute("SELECT COUNT(*) FROM landing_pages").fetchone()[0]
    assert call(client, "POST", path, world.api_key, json=[1]).status_code == 422
    assert hub_con.execute("SELECT COUNT(*) FROM landing_pages").fetchone()[0] == count


def test_cli_duplicate(settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection) -> None:
    env = {"LEADHUB_DATA_DIR": str(settings.data_dir), "LEADHUB_ALLOW_PRIVATE_NETWORK": "1"}
    source_id = lp_id(hub_con, "lp_pac_demo")
    args = ["lps", "duplicate", source_id, "--name", "PAC hiver"]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    made = json.loads(result.stdout)
    assert made["landing_page"]["name"] == "PAC hiver" and len(made["forms"]) == 1
    actor = hub_con.execute(
        "SELECT actor FROM activity_log WHERE subject = ?", (made["landing_page"]["id"],)
    ).fetchone()[0]
    assert actor == "cli"
