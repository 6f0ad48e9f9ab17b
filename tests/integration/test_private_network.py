"""``allow_private_network`` and ``test_mode`` are two settings (decision 0050): the first lets
loopback/private page origins and buyer URLs in (the demo, tests), the second marks all traffic
as test. A collector with the first and not the second (``leadhub up``) accepts a loopback page
and keeps its events and leads real; with the second and not the first, loopback is refused and
everything is marked test."""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any

import pytest
from litestar.testing import TestClient

from hub.settings import Settings
from ingest.app import create_app
from leadhub.demo.seed import DemoWorld
from tests.integration.test_collector_hardening import CHROME, lake

pytestmark = pytest.mark.integration

LOOPBACK_PAGE = "http://127.0.0.1:5999"  # in no account's allowed origins


def event(**extra: Any) -> dict[str, Any]:
    return {"event_id": str(uuid.uuid4()), "type": "page_view", "key": "lp_solaire_demo", **extra}


def lead(phone: str) -> dict[str, Any]:
    return {
        "form_key": "fm_solaire_demo",
        "first_name": "Jeanne",
        "last_name": "Dupont",
        "email": "jeanne.dupont@exemple.fr",
        "phone": phone,
        "postal_code": "13001",
        "consent": True,
    }


def post(settings: Settings, origin: str, phone: str) -> tuple[Any, Any, dict[str, Any]]:
    """One beacon and one lead from ``origin``: (events answer, lead answer, the event sent)."""
    sent = event()
    with TestClient(create_app(settings)) as client:
        headers = {"origin": origin, "user-agent": CHROME}
        events = client.post("/v1/events", json=sent, headers=headers)
        answer = client.post("/v1/leads", json=lead(phone), headers=headers)
    return events, answer, sent


def test_private_network_without_test_mode_accepts_loopback_and_keeps_traffic_real(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    demo = settings.model_copy(
        update={"allow_private_network": True, "test_mode": False, "lead_min_submit_seconds": 0}
    )
    events, answer, sent = post(demo, LOOPBACK_PAGE, "06 12 34 56 70")

    assert events.status_code == 202, events.text
    assert events.headers["access-control-allow-origin"] == LOOPBACK_PAGE
    assert lake(demo.raw_dir)[sent["event_id"]]["is_test"] is False
    assert answer.status_code == 201, answer.text
    stored = hub_con.execute("SELECT is_test FROM leads WHERE id = ?", (answer.json()["lead_id"],))
    assert stored.fetchone()[0] == 0
    flagged = event(is_test=True)  # a page (or leadhub smoke) still marks its own traffic
    with TestClient(create_app(demo)) as client:
        client.post("/v1/events", json=flagged, headers={"origin": LOOPBACK_PAGE})
    assert lake(demo.raw_dir)[flagged["event_id"]]["is_test"] is True


def test_test_mode_without_private_network_marks_traffic_and_refuses_loopback(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    marking = settings.model_copy(
        update={"allow_private_network": False, "test_mode": True, "lead_min_submit_seconds": 0}
    )
    refused, _, _ = post(marking, LOOPBACK_PAGE, "06 12 34 56 71")
    assert refused.status_code == 422
    assert refused.json()["rejected"][0]["reason"] == "origin_not_allowed"

    allowed = f"http://127.0.0.1:{marking.demo_lp_port}"  # listed for the account by the seed
    events, answer, sent = post(marking, allowed, "06 12 34 56 72")
    assert events.status_code == 202, events.text
    assert lake(marking.raw_dir)[sent["event_id"]]["is_test"] is True
    assert answer.status_code == 201, answer.text
    stored = hub_con.execute("SELECT is_test FROM leads WHERE id = ?", (answer.json()["lead_id"],))
    assert stored.fetchone()[0] == 1

    with TestClient(create_app(marking)) as client:
        body = {"account_id": "acc_soleil", "name": "Local", "webhook_url": "http://127.0.0.1/h"}
        made = client.post(
            "/v1/buyers", json=body, headers={"Authorization": f"Token {world.api_key}"}
        )
    assert made.status_code == 422  # test mode alone no longer lets a loopback buyer in
    assert [f["field"] for f in made.json()["error"]["fields"]] == ["webhook_url"]
