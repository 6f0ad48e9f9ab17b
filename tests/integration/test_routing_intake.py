"""The contract between intake and routing: a lead posted to the real collector app is routed
and reaches the buyer with the fields intake stored (phone, consent, page URL)."""

from __future__ import annotations

import sqlite3

import pytest
from litestar.testing import TestClient

from hub.settings import Settings
from ingest.app import create_app
from leadhub.demo.seed import DemoWorld
from routing.worker import run_until_idle
from tests.integration.test_routing_support import fake_crm, fast_policy, point_buyers, received

pytestmark = pytest.mark.integration

LEAD = {
    "form_key": "fm_solaire_demo",
    "prenom": "Jeanne",
    "nom": "Dupont",
    "email": "jeanne.dupont@exemple.fr",
    "telephone": "06 12 34 56 79",
    "code_postal": "13001",
    "city": "Marseille",
    "consent": True,
    "page_url": "http://127.0.0.1:8102/solaire/formulaire/",
}


def test_a_lead_posted_to_intake_reaches_the_buyer(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:
            answer = client.post("/v1/leads", json=LEAD)
        assert answer.status_code == 201, answer.text
        lead_id = answer.json()["lead_id"]
        stats = run_until_idle(settings, policy=fast_policy())
        got = received(crm)
    assert stats == {"route:routed": 1, "deliver:delivered": 1}
    assert [e["signature_valid"] for e in got["leads"]] == [True]
    body = got["leads"][0]["body"]
    assert body["lead_id"] == lead_id
    assert (body["first_name"], body["last_name"]) == ("Jeanne", "Dupont")
    assert body["phone"] == "0612345679" and body["departement"] == "13"
    assert body["consent"]["given"] is True
    assert body["consent"]["text"].startswith("J'accepte d'être recontacté(e)")
    assert body["consent"]["page_url"] == LEAD["page_url"]
    status = hub_con.execute("SELECT status FROM leads WHERE id = ?", (lead_id,)).fetchone()[0]
    assert status == "sold"
