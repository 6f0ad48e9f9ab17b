"""The catalogue's finer settings through API v1, on the real collector app: a form's field
aliases (a page's own field names mapped to lead fields, applied at intake), the consent text
history with the buyers each version names (leads keep the version they saw; routing offers a
lead only to those buyers), and an LP's A/B variant labels; each bad value a 422 naming it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from hub.settings import Settings
from ingest.app import create_app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration


@pytest.fixture
def client(settings: Settings, world: DemoWorld) -> Iterator[TestClient[Litestar]]:
    with TestClient(create_app(settings)) as c:
        c.headers["Authorization"] = f"Token {world.api_key}"
        yield c


@pytest.fixture
def lp_id(hub_con: sqlite3.Connection) -> str:
    row = hub_con.execute("SELECT id FROM landing_pages WHERE key = 'lp_solaire_demo'").fetchone()
    return str(row[0])


def bad(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {f["field"]: f["reason"] for f in response.json()["error"]["fields"]}


def new_form(client: TestClient[Litestar], lp_id: str, **extra: Any) -> dict[str, Any]:
    body = {
        "lp_id": lp_id,
        "name": "Devis express",
        "url": "https://devis.soleil-habitat.fr/express/",
        "thank_you_url": "https://devis.soleil-habitat.fr/merci/",
        "consent_text": "J'accepte d'être rappelé par CRM Soleil Habitat.",
        **extra,
    }
    made = client.post("/v1/forms", json=body)
    assert made.status_code == 201, made.text
    return dict(made.json())


def test_field_aliases_map_a_pages_own_names_at_intake(
    client: TestClient[Litestar], hub_con: sqlite3.Connection, lp_id: str
) -> None:
    refused = client.post(
        "/v1/forms",
        json={"name": "x", "lp_id": lp_id, "field_aliases": {"Mobile": "fax"}},
    )
    assert bad(refused)["field_aliases"] == "invalid"
    form = new_form(client, lp_id, field_aliases={"Mobile": "phone", "Ton prénom": "first_name"})
    assert form["field_aliases"] == {"mobile": "phone", "ton_prenom": "first_name"}
    lead = {
        "form_key": form["key"],
        "Ton prénom": "Léa",
        "nom": "Martin",
        "Mobile": "06 71 84 29 53",
        "code_postal": "69003",
        "consentement": "on",
    }
    answer = client.post("/v1/leads", json=lead)
    assert answer.status_code == 201, answer.text
    row = hub_con.execute(
        "SELECT first_name, phone_e164 FROM leads WHERE id = ?", (answer.json()["lead_id"],)
    ).fetchone()
    assert tuple(row) == ("Léa", "+33671842953")


def test_consent_versions_keep_their_text_and_named_buyers(
    client: TestClient[Litestar], hub_con: sqlite3.Connection, lp_id: str
) -> None:
    refused = client.post(
        "/v1/forms", json={"name": "x", "lp_id": lp_id, "consent_buyers": ["buy_nope"]}
    )
    assert bad(refused)["consent_buyers"] == "unknown"
    partner = {"account_id": "acc_soleil", "name": "Partenaire", "webhook_url": "https://p.fr/h"}
    other = client.post("/v1/buyers", json=partner).json()["id"]
    form = new_form(client, lp_id, consent_buyers=["buy_soleil_crm"])
    assert form["consent_version"] == "v1" and form["consent_buyers"] == ["buy_soleil_crm"]
    path = f"/v1/forms/{form['id']}"
    # new buyers named: a new version, the old one kept as it was
    changed = client.patch(path, json={"consent_buyers": ["buy_soleil_crm", other]})
    assert changed.status_code == 200, changed.text
    assert changed.json()["consent_version"] == "v2"
    text = "J'accepte d'être rappelé par les installateurs partenaires."
    again = client.patch(path, json={"consent_text": text}).json()
    assert again["consent_version"] == "v3"
    assert again["consent_buyers"] == sorted([other, "buy_soleil_crm"])  # carried over
    history = client.get(f"{path}/consent").json()["items"]
    assert [(v["consent_version"], v["consent_buyers"]) for v in history] == [
        ("v1", ["buy_soleil_crm"]),
        ("v2", sorted([other, "buy_soleil_crm"])),
        ("v3", sorted([other, "buy_soleil_crm"])),
    ]
    assert history[0]["consent_text"] == "J'accepte d'être rappelé par CRM Soleil Habitat."
    assert history[2]["consent_text"] == text
    named = sorted([other, "buy_soleil_crm"])
    same = client.patch(path, json={"consent_text": text, "consent_buyers": named})
    assert same.json()["consent_version"] == "v3"  # nothing changed: no new version
    counts = hub_con.execute(
        "SELECT consent_version, count(*) FROM consent_buyers WHERE form_id = ?"
        " GROUP BY consent_version ORDER BY 1",
        (form["id"],),
    ).fetchall()
    assert [tuple(r) for r in counts] == [("v1", 1), ("v2", 2), ("v3", 2)]
    seen_by_eco = client.patch(path, json={"consent_buyers": ["buy_eco_crm"]})
    assert bad(seen_by_eco) == {"consent_buyers": "unknown"}  # another tenant's buyer


def test_lp_variant_labels(client: TestClient[Litestar], lp_id: str) -> None:
    path = f"/v1/landing-pages/{lp_id}"
    assert bad(client.patch(path, json={"variants": ["A", "A"]}))["variants"] == "invalid"
    assert bad(client.patch(path, json={"variants": ["a b"]}))["variants"] == "invalid"
    changed = client.patch(path, json={"variants": ["control", "hero-video"]})
    assert changed.status_code == 200, changed.text
    assert client.get(path).json()["variants"] == ["control", "hero-video"]
    brief = client.get(f"{path}/brief?format=md").text
    assert "hero-video" in brief
