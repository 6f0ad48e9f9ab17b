"""API v1 lead ops on the real collector app: commandes CRUD (tenant-scoped, every bad field
named), simulate, requeue, reroute, return, source blocks."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from hub.db import iso, transaction, utcnow
from hub.security import create_api_key
from hub.settings import Settings
from ingest.app import create_app
from leadhub.demo.seed import DemoWorld
from routing import claims
from routing.route import route_lead
from tests.integration.test_routing_support import add_lead, rows
from tests.integration.test_test_buyers import TEST_COMMANDES as TEST_CMDS

pytestmark = pytest.mark.integration

NEW = {
    "id": "cmd_api_pac",
    "buyer_id": "buy_soleil_crm",
    "name": "PAC Sud",
    "product_code": "PAC",
    "price_cents": 4100,
    "departements": ["13", "83"],
    "daily_cap": 5,
    "weekly_cap": 20,
    "delivery_days": [1, 2, 3, 4, 5],
    "hours_from": "08:00",
    "hours_to": "20:00",
    "closed_on_holidays": True,
}


@dataclass
class Api:
    client: TestClient[Litestar]
    con: sqlite3.Connection
    soleil: dict[str, str]
    eco: dict[str, str]

    def call(self, method: str, path: str, key: dict[str, str], **kw: Any) -> Any:
        return self.client.request(method, path, headers=key, **kw)


@pytest.fixture
def api(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> Iterator[Api]:
    eco_key = create_api_key(hub_con, "acc_eco", "ops")
    with TestClient(create_app(settings)) as client:
        yield Api(
            client,
            hub_con,
            {"Authorization": f"Token {world.api_key}"},
            {"Authorization": f"Bearer {eco_key}"},
        )


def test_commandes_crud_is_scoped_to_the_account(api: Api) -> None:
    assert api.client.get("/v1/commandes").status_code == 401
    listed = api.call("GET", "/v1/commandes", api.soleil).json()
    assert {c["id"] for c in listed["items"]} == {"cmd_soleil_pv", "cmd_soleil_pac", *TEST_CMDS}
    assert listed["total"] == 2 + len(TEST_CMDS)
    created = api.call("POST", "/v1/commandes", api.soleil, json=NEW)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["departements"] == ["13", "83"] and body["delivery_days"] == [1, 2, 3, 4, 5]
    assert body["closed_on_holidays"] is True and body["account_id"] == "acc_soleil"
    assert api.call("POST", "/v1/commandes", api.soleil, json=NEW).status_code == 409
    changed = api.call("PATCH", "/v1/commandes/cmd_api_pac", api.soleil, json={"weight": 3})
    assert changed.status_code == 200 and changed.json()["weight"] == 3
    assert api.call("GET", "/v1/commandes/cmd_api_pac", api.eco).status_code == 404
    assert api.call("PATCH", "/v1/commandes/cmd_api_pac", api.eco, json={}).status_code == 404
    stolen = {**NEW, "id": "cmd_x", "buyer_id": "buy_soleil_crm"}
    refused = api.call("POST", "/v1/commandes", api.eco, json=stolen)
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"][0]["field"] == "buyer_id"
    gone = api.call("DELETE", "/v1/commandes/cmd_api_pac", api.soleil)
    assert gone.status_code == 200 and gone.json()["active"] is False


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({**NEW, "daily_cap": -1, "hours_from": "8h"}, ["daily_cap", "hours_from"]),
        ({**NEW, "hours_from": "20:00", "hours_to": "08:00"}, ["hours_to"]),
        ({**NEW, "product_code": "XX"}, ["product_code"]),
        ({"name": "x"}, ["buyer_id", "price_cents", "product_code"]),
        ({**NEW, "surprise": 1}, ["surprise"]),
        ([1, 2], ["body"]),
    ],
)
def test_bad_commandes_are_422_naming_each_field(api: Api, payload: Any, fields: list[str]) -> None:
    r = api.call("POST", "/v1/commandes", api.soleil, json=payload)
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert sorted(f["field"] for f in error["fields"]) == fields
    assert all(f["message_fr"] and f["message_en"] and f["reason"] for f in error["fields"])


def test_simulate_through_the_api_saves_nothing(api: Api) -> None:
    for _ in range(3):
        add_lead(api.con)
    before = api.con.execute("SELECT count(*) FROM routing_decisions").fetchone()[0]
    r = api.call(
        "POST",
        "/v1/simulate",
        api.soleil,
        json={"commande_id": "cmd_soleil_pv", "changes": {"active": False}, "days": 1},
    )
    assert r.status_code == 200, r.text
    result = r.json()
    assert result["leads_replayed"] == 3
    # without cmd_soleil_pv, these southern PV leads would go to Eco Renov's commande
    assert [item["simulated"] for item in result["leads"]] == [["cmd_eco_pv"]] * 3
    assert all(item["actual"] == [] and item["changed"] for item in result["leads"])
    assert set(result["commandes"]) == set()  # Eco Renov's counts are not shown to Soleil
    assert api.con.execute("SELECT count(*) FROM routing_decisions").fetchone()[0] == before
    bad = api.call("POST", "/v1/simulate", api.soleil, json={"commande_id": 3, "days": "x"})
    assert bad.status_code == 422


def test_requeue_reroute_and_source_blocks(api: Api) -> None:
    lead = add_lead(api.con)
    with transaction(api.con):
        api.con.execute("UPDATE outbox SET done_at = available_at")
        api.con.execute("UPDATE leads SET status = 'unrouted' WHERE id = ?", (lead,))
    r = api.call("POST", f"/v1/leads/{lead}/requeue", api.soleil)
    assert r.status_code == 200 and r.json()["action"] == "route"
    assert len(rows(api.con, "SELECT id FROM outbox WHERE done_at IS NULL")) == 1
    assert api.call("POST", f"/v1/leads/{lead}/requeue", api.eco).status_code == 404
    with transaction(api.con):  # it went to a buyer whose delivery died
        api.con.execute(
            "INSERT INTO deliveries (id, lead_id, buyer_id, commande_id, price_cents, status,"
            " created_at, updated_at) VALUES ('dlv_t', ?, 'buy_soleil_crm', 'cmd_soleil_pv',"
            " 3500, 'dead', '2026-11-22T10:00:00+00:00', '2026-11-22T10:00:00+00:00')",
            (lead,),
        )
        api.con.execute("UPDATE leads SET status = 'routed' WHERE id = ?", (lead,))
    r = api.call("POST", f"/v1/leads/{lead}/reroute", api.soleil)
    assert r.status_code == 200 and r.json()["taken_back"] == ["dlv_t"]
    got = rows(api.con, "SELECT status FROM deliveries WHERE id = 'dlv_t'")
    assert got == [{"status": "rejected"}]
    with transaction(api.con):
        api.con.execute("UPDATE deliveries SET status = 'delivered'")
    again = api.call("POST", f"/v1/leads/{lead}/reroute", api.soleil)
    assert again.status_code == 409 and "return it" in again.json()["error"]["message"]

    missing = api.call("POST", "/v1/source-blocks", api.soleil, json={"source": "fb"})
    assert [f["field"] for f in missing.json()["error"]["fields"]] == ["reason"]
    ok = api.call("POST", "/v1/source-blocks", api.soleil, json={"source": "fb", "reason": "x"})
    assert ok.status_code == 201
    assert rows(api.con, "SELECT account_id, source FROM source_blocks") == [
        {"account_id": "acc_soleil", "source": "fb"}
    ]
    lifted = api.call("DELETE", "/v1/source-blocks/fb", api.soleil)
    assert lifted.json() == {"account_id": "acc_soleil", "source": "fb", "requeued_leads": 0}


def test_return_needs_a_reason(api: Api) -> None:
    lead = add_lead(api.con)
    r = api.call("POST", f"/v1/leads/{lead}/return", api.soleil, json={"reason": " "})
    assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "reason"


def test_a_returned_lead_can_be_rerouted_to_another_buyer(api: Api) -> None:
    lead = add_lead(api.con)
    now = utcnow()
    with transaction(api.con):
        api.con.execute("UPDATE outbox SET done_at = available_at")
        api.con.execute(
            "INSERT INTO deliveries (id, lead_id, buyer_id, commande_id, price_cents, status,"
            " created_at, delivered_at, updated_at) VALUES ('dlv_r', ?, 'buy_soleil_crm',"
            " 'cmd_soleil_pv', 3500, 'delivered', ?, ?, ?)",
            (lead, iso(now), iso(now), iso(now)),
        )
        api.con.execute("UPDATE leads SET status = 'sold' WHERE id = ?", (lead,))
    r = api.call("POST", f"/v1/leads/{lead}/return", api.soleil, json={"reason": "faux numéro"})
    assert r.status_code == 200, r.text
    assert r.json()["credit"]["amount_cents"] == 3500
    again = api.call("POST", f"/v1/leads/{lead}/return", api.soleil, json={"reason": "x"})
    assert again.status_code == 409
    moved = api.call("POST", f"/v1/leads/{lead}/reroute", api.soleil)
    assert moved.status_code == 200, moved.text
    job = rows(api.con, "SELECT kind FROM outbox WHERE ref_id = ? AND done_at IS NULL", lead)
    with transaction(api.con):
        claimed = claims.enqueue_claimed(api.con, "route", lead, "t", now, 60)
    result = route_lead(api.con, claimed, "t", now)
    assert job == [{"kind": "route"}]
    assert result.outcome == "routed" and result.commande_id == "cmd_eco_pv"
