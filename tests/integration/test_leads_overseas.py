"""Overseas leads through POST /v1/leads on the real collector app and a real hub DB."""

from __future__ import annotations

import sqlite3
import uuid

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from hub.rules.payload import national_phone
from tests.integration.test_leads_intake import client, data_dir, hub_con, world

pytestmark = pytest.mark.integration
__all__ = ["client", "data_dir", "hub_con", "world"]  # the intake tests' fixtures, used here

LEAD = {
    "form_key": "fm_solaire_demo",
    "first_name": "Mélissa",
    "last_name": "Payet",
    "email": "melissa.payet@exemple.re",
    "city": "Saint-Pierre",
    "consent": True,
    "page_url": "http://127.0.0.1:8102/solaire/formulaire/",
}


@pytest.mark.parametrize(
    ("phone", "postal", "e164", "national", "dep"),
    [
        ("+262 693 41 27 58", "97410", "+262693412758", "0693412758", "974"),  # Réunion mobile
        ("0262.41.27.59", "97400", "+262262412759", "0262412759", "974"),  # Réunion fixed
        ("00590 690 41 27 58", "97100", "+590690412758", "0690412758", "971"),  # Guadeloupe
        ("0596-41-27-58", "97200", "+596596412758", "0596412758", "972"),  # Martinique
        ("594694412758", "97300", "+594694412758", "0694412758", "973"),  # Guyane
        ("0639 20 41 27", "97600", "+262639204127", "0639204127", "976"),  # Mayotte
    ],
)
def test_overseas_lead_is_accepted_and_stored_normalised(
    client: TestClient[Litestar],
    hub_con: sqlite3.Connection,
    phone: str,
    postal: str,
    e164: str,
    national: str,
    dep: str,
) -> None:
    marker = uuid.uuid4().hex
    r = client.post(
        "/v1/leads", json={**LEAD, "phone": phone, "postal_code": postal, "session_id": marker}
    )
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "new"
    lead = hub_con.execute("SELECT * FROM leads WHERE id = ?", (r.json()["lead_id"],)).fetchone()
    assert (lead["phone_e164"], lead["phone_class"], lead["postal_code"], lead["departement"]) == (
        e164,
        "valid",
        postal,
        dep,
    )
    assert national_phone(lead["phone_e164"]) == national  # what the buyer receives


def test_fake_overseas_number_is_stored_invalid_and_answered_422(
    client: TestClient[Litestar], hub_con: sqlite3.Connection
) -> None:
    marker = uuid.uuid4().hex
    r = client.post(
        "/v1/leads",
        json={**LEAD, "phone": "0693 12 34 56", "postal_code": "97410", "session_id": marker},
    )
    assert r.status_code == 422, r.text
    assert [f["field"] for f in r.json()["error"]["fields"]] == ["phone"]
    lead = hub_con.execute("SELECT * FROM leads WHERE session_id = ?", (marker,)).fetchone()
    assert (lead["status"], lead["phone_e164"], lead["departement"]) == (
        "invalid",
        "+262693123456",
        "974",
    )
    assert lead["status_reason"] == "phone: sequential digits"
