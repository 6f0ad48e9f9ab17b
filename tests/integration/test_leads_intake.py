"""POST /v1/leads and GET /v1/forms/{key}/config on the real collector app and a real hub DB."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from hub.db import open_hub
from hub.settings import load_settings
from ingest.app import create_app
from leadhub.demo.seed import DemoWorld, seed_demo
from tests.integration.test_leads_support import phone_of

pytestmark = pytest.mark.integration

LEAD = {
    "form_key": "fm_solaire_demo",
    "first_name": "Jeanne",
    "last_name": "Dupont",
    "email": "jeanne.dupont@exemple.fr",
    "phone": "06 12 34 56 79",
    "postal_code": "13001",
    "city": "Marseille",
    "consent": True,
    "visitor_id": "v-1",
    "utm_source": "google",
    "utm_campaign": "pv-printemps",
    "gclid": "g-1",
    "variant": "B",
    "page_url": "http://127.0.0.1:8102/solaire/formulaire/",
}


# One seeded hub and app per module (seeding hashes a password): tests tell their own rows
# apart with a unique marker instead of relying on empty tables.
@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("leads")


@pytest.fixture(scope="module")
def hub_con(data_dir: Path) -> Iterator[sqlite3.Connection]:
    settings = load_settings(data_dir=data_dir, allow_private_network=True)
    settings.ensure_dirs()
    con = open_hub(settings.hub_db)
    yield con
    con.close()


@pytest.fixture(scope="module")
def world(data_dir: Path, hub_con: sqlite3.Connection) -> DemoWorld:
    settings = load_settings(data_dir=data_dir, allow_private_network=True)
    return seed_demo(
        hub_con,
        settings,
        buyer_secret="whsec_bGVhZGh1Yi10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWI=",
        password="pw",
    )


@pytest.fixture(scope="module")
def client(data_dir: Path, world: DemoWorld) -> Iterator[TestClient[Litestar]]:
    settings = load_settings(data_dir=data_dir, allow_private_network=True)
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def marker() -> str:
    return uuid.uuid4().hex


def count_leads(con: sqlite3.Connection, marker: str) -> int:
    return int(
        con.execute("SELECT COUNT(*) FROM leads WHERE session_id = ?", (marker,)).fetchone()[0]
    )


def rejections(con: sqlite3.Connection, marker: str) -> list[dict[str, Any]]:
    rows = con.execute(
        "SELECT * FROM lead_rejections WHERE instr(payload, ?) > 0 ORDER BY created_at, rowid",
        (marker,),
    )
    return [dict(r) for r in rows]


def test_json_lead_is_stored_with_consent_and_outbox_row(
    client: TestClient[Litestar], hub_con: sqlite3.Connection, marker: str
) -> None:
    r = client.post(
        "/v1/leads",
        json={**LEAD, "session_id": marker, "surface_m2": 120},
        headers={"User-Agent": "pytest-agent"},
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert set(body) == {"lead_id", "status"} and body["status"] == "new"
    lead = dict(hub_con.execute("SELECT * FROM leads WHERE id = ?", (body["lead_id"],)).fetchone())
    form = hub_con.execute("SELECT * FROM forms WHERE key = 'fm_solaire_demo'").fetchone()
    assert (lead["account_id"], lead["form_id"], lead["lp_id"]) == (
        form["account_id"],
        form["id"],
        form["lp_id"],
    )
    assert (lead["phone_e164"], lead["phone_class"], lead["departement"]) == (
        "+33612345679",
        "valid",
        "13",
    )
    assert (lead["source"], lead["utm_campaign"], lead["gclid"], lead["variant"]) == (
        "google",
        "pv-printemps",
        "g-1",
        "B",
    )
    assert lead["consent_given"] == 1 and lead["consent_at"]
    assert (lead["consent_version"], lead["consent_text"]) == (
        form["consent_version"],
        form["consent_text"],
    )
    assert lead["page_url"] == LEAD["page_url"] and lead["user_agent"] == "pytest-agent"
    assert lead["ip"] and json.loads(lead["extra"]) == {"surface_m2": 120}
    assert lead["is_test"] == 0  # allow_private_network marks nothing as test (decision 0050)
    outbox = hub_con.execute(
        "SELECT kind, done_at FROM outbox WHERE ref_id = ?", (body["lead_id"],)
    ).fetchall()
    assert [tuple(o) for o in outbox] == [("route", None)]


def test_lead_and_outbox_row_commit_together(
    client: TestClient[Litestar], hub_con: sqlite3.Connection, marker: str
) -> None:
    hub_con.execute(
        "CREATE TRIGGER no_outbox BEFORE INSERT ON outbox "
        "BEGIN SELECT RAISE(ABORT, 'outbox down'); END"
    )
    try:
        r = client.post("/v1/leads", json={**LEAD, "session_id": marker, "phone": phone_of(marker)})
    finally:
        hub_con.execute("DROP TRIGGER no_outbox")
    assert r.status_code == 500
    assert r.json()["error"]["retryable"] is True
    assert count_leads(hub_con, marker) == 0


def test_html_form_post_with_french_aliases_redirects_to_thank_you(
    client: TestClient[Litestar], hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    form = {
        "form_key": "fm_pac_demo",
        "prénom": "Éloïse",
        "nom": "Martin",
        "téléphone": "+33 6 12 34 56 79",
        "code_postal": "75011",
        "ville": "Paris",
        "courriel": "eloise@exemple.fr",
        "consentement": "on",
        "projet": "maison",
    }
    r = client.post(
        "/v1/leads", data=form, follow_redirects=False, headers={"Accept": "text/html,*/*;q=0.8"}
    )
    assert r.status_code == 303, r.text
    target = urlsplit(r.headers["location"])
    thank_you = next(f["thank_you_url"] for f in world.forms if f["key"] == "fm_pac_demo")
    assert r.headers["location"].startswith(thank_you + "?lead_id=")
    lead_id = parse_qs(target.query)["lead_id"][0]
    lead = hub_con.execute("SELECT * FROM leads WHERE id = ?", (lead_id,)).fetchone()
    assert (lead["first_name"], lead["last_name"], lead["city"], lead["email"]) == (
        "Éloïse",
        "Martin",
        "Paris",
        "eloise@exemple.fr",
    )
    assert (lead["phone_e164"], lead["postal_code"], lead["product_code"]) == (
        "+33612345679",
        "75011",
        "PAC",
    )
    assert json.loads(lead["extra"]) == {"projet": "maison"}


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"phone": "12 34"}, "phone", "invalid_phone"),
        ({"postal_code": "1300"}, "postal_code", "invalid_postal_code"),
        ({"email": "jeanne@"}, "email", "invalid_email"),
        ({"consent": False}, "consent", "consent_required"),
        ({"first_name": None}, "first_name", "required"),
    ],
)
def test_each_bad_field_is_a_422_naming_it_and_is_kept(
    client: TestClient[Litestar],
    hub_con: sqlite3.Connection,
    marker: str,
    change: dict[str, Any],
    field: str,
    reason: str,
) -> None:
    r = client.post(
        "/v1/leads", json={**LEAD, "session_id": marker, "phone": phone_of(marker), **change}
    )
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "invalid_lead" and error["retryable"] is False
    assert [(f["field"], f["reason"]) for f in error["fields"]] == [(field, reason)]
    assert error["fields"][0]["message_fr"] and error["fields"][0]["message_en"]
    assert count_leads(hub_con, marker) == 0
    kept = rejections(hub_con, marker)
    assert len(kept) == 1 and kept[0]["status_code"] == 422
    assert kept[0]["reason"] == f"invalid_lead: {field}={reason}"
    assert kept[0]["account_id"] == "acc_soleil"
    assert json.loads(kept[0]["payload"])["last_name"] == "Dupont"


def test_form_post_error_is_a_french_html_page_for_browsers(
    client: TestClient[Litestar], world: DemoWorld
) -> None:
    form = {
        "form_key": "fm_solaire_demo",
        "prenom": "Jo",
        "nom": "Martin",
        "telephone": "0612",
        "code_postal": "13001",
    }
    html = client.post("/v1/leads", data=form, headers={"Accept": "text/html"})
    assert html.status_code == 422
    assert html.headers["content-type"].startswith("text/html")
    assert "Numéro de téléphone français invalide." in html.text
    assert "Vous devez accepter" in html.text
    form_url = next(f["url"] for f in world.forms if f["key"] == "fm_solaire_demo")
    assert f'href="{form_url}"' in html.text
    as_json = client.post("/v1/leads", data=form, headers={"Accept": "application/json"})
    assert as_json.status_code == 422
    assert {f["field"] for f in as_json.json()["error"]["fields"]} == {"phone", "consent"}


@pytest.mark.parametrize(
    ("content", "ctype", "status", "code"),
    [
        (b'{"form_key": "fm_solaire_demo", "nom": ', "application/json", 400, "invalid_json"),
        (b'["fm_solaire_demo"]', "application/json", 400, "invalid_body"),
        (b"\xff\xfe", "text/plain", 400, "invalid_json"),
        (b"<lead/>", "application/xml", 415, "unsupported_media_type"),
    ],
)
def test_unreadable_bodies_are_4xx_not_500(
    client: TestClient[Litestar],
    hub_con: sqlite3.Connection,
    content: bytes,
    ctype: str,
    status: int,
    code: str,
) -> None:
    agent = uuid.uuid4().hex
    r = client.post(
        "/v1/leads", content=content, headers={"Content-Type": ctype, "User-Agent": agent}
    )
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code
    kept = hub_con.execute(
        "SELECT reason, status_code FROM lead_rejections WHERE user_agent = ?", (agent,)
    ).fetchall()
    assert [tuple(k) for k in kept] == [(code, status)]


def test_text_plain_json_body_is_accepted(client: TestClient[Litestar], marker: str) -> None:
    r = client.post(
        "/v1/leads",
        content=json.dumps({**LEAD, "session_id": marker, "phone": phone_of(marker)}).encode(),
        headers={"Content-Type": "text/plain;charset=UTF-8"},
    )
    assert r.status_code == 201, r.text


def test_unknown_or_inactive_form_key_is_404_and_kept(
    client: TestClient[Litestar], hub_con: sqlite3.Connection, marker: str
) -> None:
    lead = {**LEAD, "session_id": marker, "phone": phone_of(marker)}
    r = client.post("/v1/leads", json={**lead, "form_key": "fm_nope"})
    assert r.status_code == 404
    assert [(f["field"], f["reason"]) for f in r.json()["error"]["fields"]] == [
        ("form_key", "unknown_form")
    ]
    hub_con.execute("UPDATE forms SET active = 0 WHERE key = 'fm_ite_demo'")
    try:
        r = client.post("/v1/leads", json={**lead, "form_key": "fm_ite_demo"})
    finally:
        hub_con.execute("UPDATE forms SET active = 1 WHERE key = 'fm_ite_demo'")
    assert r.status_code == 404 and r.json()["error"]["code"] == "inactive_form"
    missing = client.post("/v1/leads", json={k: v for k, v in lead.items() if k != "form_key"})
    assert missing.status_code == 422
    assert missing.json()["error"]["fields"][0]["field"] == "form_key"
    kept = rejections(hub_con, marker)
    assert [(k["form_key"], k["account_id"], k["status_code"]) for k in kept] == [
        ("fm_nope", None, 404),
        ("fm_ite_demo", "acc_eco", 404),
        (None, None, 422),
    ]
    assert json.loads(kept[0]["payload"])["phone"] == phone_of(marker)
    assert count_leads(hub_con, marker) == 0


def test_form_config(client: TestClient[Litestar]) -> None:
    r = client.get("/v1/forms/fm_pac_demo/config")
    assert r.status_code == 200
    assert "max-age=60" in r.headers["cache-control"]
    body = r.json()
    assert body["product"] == {"code": "PAC", "label": "Pompe à chaleur"}
    assert body["consent"]["version"] == "2026-11-v1" and "recontacté" in body["consent"]["text"]
    fields = {f["name"]: f for f in body["fields"]}
    assert fields["phone"] == {
        "name": "phone",
        "type": "tel",
        "label_fr": "Téléphone",
        "label_en": "Phone",
        "required": True,
    }
    assert fields["email"]["required"] is False and fields["consent"]["required"] is True
    assert body["thank_you_url"].endswith("/pac/merci/")
    unknown = client.get("/v1/forms/fm_nope/config")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["fields"][0]["field"] == "form_key"


def test_multipart_form_post_is_accepted(
    client: TestClient[Litestar], hub_con: sqlite3.Connection, marker: str
) -> None:
    form = {**{k: str(v) for k, v in LEAD.items()}, "consent": "on", "session_id": marker}
    form["phone"] = phone_of(marker)
    r = client.post(
        "/v1/leads", data=form, files={"devis": ("devis.pdf", b"%PDF-1.4")}, follow_redirects=False
    )
    assert r.status_code == 303, r.text
    extra = hub_con.execute("SELECT extra FROM leads WHERE session_id = ?", (marker,)).fetchone()
    assert json.loads(extra[0]) == {"devis": "file:devis.pdf"}


@pytest.mark.parametrize(
    ("payload", "headers", "field", "reason"),
    [
        ({f"q{i}": "x" for i in range(61)}, {}, "extra", "too_many_fields"),
        ({"commentaire": "x" * 9000}, {}, "extra", "too_large"),
        ({"first_name": {"a": 1}}, {}, "first_name", "invalid_type"),
        ({}, {"Idempotency-Key": "x" * 256}, "Idempotency-Key", "invalid_idempotency_key"),
    ],
)
def test_caps_and_bad_keys_are_422_naming_the_field(
    client: TestClient[Litestar],
    hub_con: sqlite3.Connection,
    marker: str,
    payload: dict[str, Any],
    headers: dict[str, str],
    field: str,
    reason: str,
) -> None:
    r = client.post(
        "/v1/leads",
        json={**LEAD, "session_id": marker, "phone": phone_of(marker), **payload},
        headers=headers,
    )
    assert r.status_code == 422, r.text
    assert [(f["field"], f["reason"]) for f in r.json()["error"]["fields"]] == [(field, reason)]
    assert count_leads(hub_con, marker) == 0
    assert len(rejections(hub_con, marker)) == 1


def test_too_long_required_field_is_one_error(client: TestClient[Litestar], marker: str) -> None:
    r = client.post(
        "/v1/leads",
        json={**LEAD, "session_id": marker, "phone": phone_of(marker), "nom": "D" * 101},
    )
    assert [(f["field"], f["reason"]) for f in r.json()["error"]["fields"]] == [
        ("last_name", "too_long")
    ]
