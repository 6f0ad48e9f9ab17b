"""Providers posting leads with their own key; API v1 /v1/providers; duplicates across sessions
and sources within one selling entity."""

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

from hub.db import open_hub
from hub.security import create_api_key
from hub.settings import load_settings
from ingest.app import create_app
from leadhub.demo.seed import DemoWorld, seed_demo
from tests.integration.test_leads_support import phone_of

pytestmark = pytest.mark.integration


@dataclass
class Env:
    client: TestClient[Litestar]
    con: sqlite3.Connection
    world: DemoWorld
    eco_key: str


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    settings = load_settings(
        data_dir=tmp_path_factory.mktemp("providers"), allow_private_network=True
    )
    settings.ensure_dirs()
    con = open_hub(settings.hub_db)
    world = seed_demo(
        con,
        settings,
        buyer_secret="whsec_bGVhZGh1Yi10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWI=",
        password="pw",
    )
    con.execute(  # a PV form in the other entity, and one in a brand of the first entity
        "INSERT INTO forms (id, key, account_id, name, url, thank_you_url, product_code,"
        " consent_version, consent_text, created_at) SELECT 'frm_' || a.id, 'fm_pv_' || a.id,"
        " a.id, 'PV', f.url, f.thank_you_url, 'PV', f.consent_version, f.consent_text,"
        " f.created_at FROM forms f, accounts a WHERE f.key = 'fm_solaire_demo'"
        " AND a.id IN ('acc_eco', 'acc_soleil_solaire')"
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield Env(client, con, world, create_api_key(con, "acc_eco", "eco admin"))
    con.close()


def admin(env: Env) -> dict[str, str]:
    return {"Authorization": f"Token {env.world.api_key}"}


def token(key: str) -> dict[str, str]:
    return {"Authorization": f"Token {key}"}


def new_provider(env: Env, **body: Any) -> tuple[dict[str, Any], str]:
    name = body.pop("name", f"Fournisseur {uuid.uuid4().hex[:6]}")
    r = env.client.post("/v1/providers", json={"name": name, **body}, headers=admin(env))
    assert r.status_code == 201, r.text
    return r.json()["provider"], r.json()["api_key"]


def lead(form_key: str = "fm_solaire_demo", **extra: Any) -> dict[str, Any]:
    session = uuid.uuid4().hex
    return {
        "form_key": form_key,
        "first_name": "Hugo",
        "last_name": "Blanc",
        "phone": phone_of(session),
        "postal_code": "69003",
        "consent": True,
        "session_id": session,
        **extra,
    }


def row(env: Env, lead_id: str) -> sqlite3.Row:
    found: sqlite3.Row | None = env.con.execute(
        "SELECT * FROM leads WHERE id = ?", (lead_id,)
    ).fetchone()
    assert found is not None
    return found


def jobs(env: Env, lead_id: str) -> list[str]:
    return [r[0] for r in env.con.execute("SELECT kind FROM outbox WHERE ref_id = ?", (lead_id,))]


def test_a_provider_posts_with_its_own_key(env: Env) -> None:
    provider, key = new_provider(env, name="LeadsPro")
    assert key.startswith("lh_") and provider["blocked"] is False
    stored = env.con.execute(
        "SELECT key_hash, provider_id FROM api_keys WHERE provider_id = ?", (provider["id"],)
    ).fetchone()
    assert stored["key_hash"] != key and key not in json.dumps(dict(stored))
    r = env.client.post("/v1/leads", json=lead(utm_source="newsletter"), headers=token(key))
    assert r.status_code == 201 and r.json()["status"] == "new"
    got = row(env, r.json()["lead_id"])
    assert (got["provider_id"], got["source"], got["utm_source"]) == (
        provider["id"],
        "provider:LeadsPro",
        "newsletter",
    )
    assert (got["account_id"], got["entity_id"], got["status"]) == (
        "acc_soleil",
        "acc_soleil",
        "new",
    )
    assert jobs(env, got["id"]) == ["route"]
    brand = env.client.post("/v1/leads", json=lead("fm_pv_acc_soleil_solaire"), headers=token(key))
    assert brand.status_code == 201  # a sub-account's form: the same entity
    assert row(env, brand.json()["lead_id"])["entity_id"] == "acc_soleil"


def test_a_provider_never_posts_into_another_entity(env: Env) -> None:
    _, key = new_provider(env)
    body = lead("fm_pv_acc_eco")
    r = env.client.post("/v1/leads", json=body, headers=token(key))
    assert r.status_code == 403
    assert [(f["field"], f["reason"]) for f in r.json()["error"]["fields"]] == [
        ("form_key", "form_out_of_scope")
    ]
    count = env.con.execute(
        "SELECT COUNT(*) FROM leads WHERE session_id = ?", (body["session_id"],)
    )
    assert count.fetchone()[0] == 0
    kept = env.con.execute(
        "SELECT status_code, reason, account_id FROM lead_rejections WHERE instr(payload, ?) > 0",
        (body["session_id"],),
    ).fetchall()
    assert [tuple(k) for k in kept] == [
        (403, "form_out_of_scope: form_key=form_out_of_scope", "acc_eco")
    ]


def test_a_blocked_provider_leads_are_held_then_flow_again(env: Env) -> None:
    provider, key = new_provider(env, name="Douteux")
    r = env.client.patch(
        f"/v1/providers/{provider['id']}",
        json={"blocked": True, "blocked_reason": "leads fictifs"},
        headers=admin(env),
    )
    assert r.status_code == 200 and r.json()["blocked"] is True
    assert r.json()["blocked_reason"] == "leads fictifs"
    held = env.client.post("/v1/leads", json=lead(), headers=token(key))
    assert held.status_code == 201 and held.json()["status"] == "held"
    got = row(env, held.json()["lead_id"])
    assert (got["status"], got["status_reason"]) == (
        "held",
        "source_blocked: provider 'Douteux' is blocked",
    )
    assert jobs(env, got["id"]) == []
    env.client.patch(f"/v1/providers/{provider['id']}", json={"blocked": False}, headers=admin(env))
    again = env.client.post("/v1/leads", json=lead(), headers=token(key))
    assert again.json()["status"] == "new"
    actions = env.con.execute(
        "SELECT action FROM activity_log WHERE subject = ? ORDER BY id", (provider["id"],)
    ).fetchall()
    assert [a[0] for a in actions] == ["provider.created", "provider.blocked", "provider.unblocked"]


def test_a_provider_key_may_only_post_leads(env: Env) -> None:
    provider, key = new_provider(env)
    for method, path in (
        ("GET", "/v1/leads"),
        ("GET", "/v1/providers"),
        ("POST", "/v1/providers"),
        ("PATCH", f"/v1/providers/{provider['id']}"),
    ):
        r = env.client.request(
            method, path, json={"name": "x", "blocked": True}, headers=token(key)
        )
        assert r.status_code == 403, (method, path, r.text)
        assert r.json()["error"]["fields"][0]["reason"] == "provider_key"


def test_providers_are_tenant_scoped(env: Env) -> None:
    provider, _ = new_provider(env)
    listed = env.client.get("/v1/providers", headers=admin(env)).json()
    assert provider["id"] in {p["id"] for p in listed["items"]}
    eco = env.client.get("/v1/providers", headers=token(env.eco_key)).json()
    assert provider["id"] not in {p["id"] for p in eco["items"]}
    r = env.client.patch(
        f"/v1/providers/{provider['id']}", json={"blocked": True}, headers=token(env.eco_key)
    )
    assert r.status_code == 404
    assert env.client.post(
        "/v1/providers",
        json={"name": "Intrus", "account_id": "acc_soleil"},
        headers=token(env.eco_key),
    ).json()["error"]["fields"][0] == {
        "field": "account_id",
        "reason": "out_of_scope",
        "message_fr": "Compte inconnu ou hors de portée de cette clé.",
        "message_en": "Unknown account, or outside this key's accounts.",
    }


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({}, 422, "name"),
        ({"name": "   "}, 422, "name"),
        ({"name": "x" * 101}, 422, "name"),
        ({"name": "Ok", "blocked": "oui"}, 422, "blocked"),
        ({"name": "LeadsPro"}, 409, "name"),  # created by the first test of this module
    ],
)
def test_bad_provider_bodies_name_the_field(
    env: Env, body: dict[str, Any], status: int, field: str
) -> None:
    if status == 409:
        env.client.post("/v1/providers", json=body, headers=admin(env))
    r = env.client.post("/v1/providers", json=body, headers=admin(env))
    assert r.status_code == status, r.text
    assert r.json()["error"]["fields"][0]["field"] == field


def test_a_bad_key_on_a_lead_post_is_401_and_kept(env: Env) -> None:
    body = lead()
    r = env.client.post("/v1/leads", json=body, headers=token("lh_nope"))
    assert r.status_code == 401 and "Token" in r.headers["www-authenticate"]
    kept = env.con.execute(
        "SELECT status_code, reason FROM lead_rejections WHERE instr(payload, ?) > 0",
        (body["session_id"],),
    ).fetchall()
    assert [tuple(k) for k in kept] == [(401, "unauthorized")]


def test_same_phone_and_product_in_one_entity_within_24h_is_a_duplicate(env: Env) -> None:
    first = env.client.post("/v1/leads", json=lead())
    phone = row(env, first.json()["lead_id"])["phone_e164"]
    again = env.client.post("/v1/leads", json=lead(phone=phone))  # another session, same person
    assert again.status_code == 201 and again.json()["status"] == "duplicate"
    got = row(env, again.json()["lead_id"])
    assert got["duplicate_of"] == first.json()["lead_id"]
    assert got["status_reason"] == (
        f"duplicate_of: {first.json()['lead_id']} (same phone and product within 24 h)"
    )
    assert jobs(env, got["id"]) == []
    _, key = new_provider(env)
    via_provider = env.client.post(
        "/v1/leads", json=lead("fm_pv_acc_soleil_solaire", phone=phone), headers=token(key)
    )
    assert via_provider.json()["status"] == "duplicate"  # another brand, another source
    other_entity = env.client.post("/v1/leads", json=lead("fm_pv_acc_eco", phone=phone))
    other_product = env.client.post("/v1/leads", json=lead("fm_pac_demo", phone=phone))
    assert [other_entity.json()["status"], other_product.json()["status"]] == ["new", "new"]
    env.con.execute(
        "UPDATE leads SET created_at = '2000-01-01T00:00:00.000000+00:00' WHERE phone_e164 = ?",
        (phone,),
    )
    later = env.client.post("/v1/leads", json=lead(phone=phone))
    assert later.json()["status"] == "new"  # past the window: routing's 30-day rule applies


def test_spam_never_makes_a_later_lead_a_duplicate(env: Env) -> None:
    spam = lead(website="http://bot.example")
    assert env.client.post("/v1/leads", json=spam).json()["status"] == "new"  # as a success
    status = env.con.execute("SELECT status FROM leads WHERE session_id = ?", (spam["session_id"],))
    assert status.fetchone()[0] == "spam"
    real = env.client.post("/v1/leads", json=lead(phone=spam["phone"]))
    assert real.json()["status"] == "new"
