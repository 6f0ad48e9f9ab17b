"""A lead's page from the hub, after real routing and delivery to a fake CRM on loopback: the
timeline (submit → decisions → sale → attempts with the buyer's answer → delivered → credit →
actions), the decision log in plain French, the consent record; the same through API v1 and
``leadhub leads list|show|test``."""

from __future__ import annotations

import json
import sqlite3
import textwrap
from typing import Any

import pytest
from litestar.testing import TestClient
from typer.testing import CliRunner

from hub.db import transaction, utcnow
from hub.security import create_api_key
from hub.services import leadops, leads
from hub.services.actor import user
from hub.settings import Settings
from ingest.app import create_app
from leadhub.cli import app
from leadhub.demo.seed import DemoWorld
from routing.worker import run_until_idle
from tests.integration.test_routing_support import (
    add_lead,
    fake_crm,
    fast_policy,
    only_commandes,
    phone,
    point_buyers,
)

pytestmark = pytest.mark.integration

OPS = user("usr_ops", "ops", ["acc_soleil", "acc_soleil_solaire"])


@pytest.fixture
def two_leads(hub_con: sqlite3.Connection, settings: Settings, world: DemoWorld) -> list[str]:
    """Two PV leads for one commande with a daily cap of 1: one sold, one left unrouted."""
    only_commandes(hub_con, "cmd_soleil_pv")
    with transaction(hub_con):
        hub_con.execute("UPDATE commandes SET daily_cap = 1 WHERE id = 'cmd_soleil_pv'")
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        made = [add_lead(hub_con, phone_e164=phone(i)) for i in range(2)]
        run_until_idle(settings, policy=fast_policy())
    with transaction(hub_con):  # flagged test once sold (test leads go to test buyers only)
        hub_con.execute("UPDATE leads SET is_test = 1")
    status = dict(hub_con.execute("SELECT id, status FROM leads").fetchall())
    return sorted(made, key=lambda i: status[i] != "sold")


def test_a_sold_then_returned_lead_tells_its_story(
    hub_con: sqlite3.Connection, two_leads: list[str]
) -> None:
    sold, waiting = two_leads
    with transaction(hub_con):  # as a real lead (tests post test leads)
        hub_con.execute("UPDATE leads SET is_test = 0")
    leadops.return_lead(hub_con, OPS, sold, "numéro erroné", utcnow())
    leads.set_test(hub_con, OPS, sold, True, utcnow())
    lead = leads.get_lead(hub_con, OPS, sold)
    kinds = [e["kind"] for e in lead["timeline"]]
    kinds = [k for i, k in enumerate(kinds) if i == 0 or k != kinds[i - 1]]  # one per step
    assert kinds == [
        "submitted",
        "decision",
        "sale",
        "attempt",
        "delivered",
        "credit",
        "action",
    ]
    [decision] = [d for d in lead["routing_decisions"] if d["outcome"] == "selected"]
    assert decision["line_fr"] == (
        "commande PV Soleil toute France : retenue — priorité 10, première éligible"
    )
    [sale] = lead["deliveries"]
    assert (sale["buyer_name"], sale["status"], sale["returned"]) == (
        "CRM Soleil Habitat",
        "delivered",
        True,
    )
    [attempt] = sale["attempts"]
    assert (attempt["status_code"], attempt["outcome"]) == (200, "delivered")
    [credit] = lead["credits"]
    assert (credit["kind"], credit["amount_cents"], credit["reason"]) == (
        "return",
        3500,
        "numéro erroné",
    )
    assert [a["action"] for a in lead["actions"]] == ["lead.returned", "lead.marked_test"]
    assert lead["consent"]["version"] and lead["consent"]["page_url"] and lead["consent"]["at"]

    other = leads.get_lead(hub_con, OPS, waiting)
    assert other["status"] == "unrouted"
    assert [d["line_fr"] for d in other["routing_decisions"] if d["reason"] != "inactive"] == [
        "commande PV Soleil toute France : cap du jour atteint (1/1)",
        "non routé : aucune commande éligible",
    ]
    assert all(d["reason_fr_known"] for d in other["routing_decisions"])


def national(con: sqlite3.Connection, lead_id: str) -> str:
    e164 = con.execute("SELECT phone_e164 FROM leads WHERE id = ?", (lead_id,)).fetchone()[0]
    return "0" + str(e164)[3:]


def cli(settings: Settings, *args: str, code: int = 0) -> Any:
    env = {"LEADHUB_DATA_DIR": str(settings.data_dir), "LEADHUB_ALLOW_PRIVATE_NETWORK": "1"}
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == code, result.output
    return json.loads(result.stdout) if code == 0 else result


def test_the_cli_lists_shows_and_flags_leads(
    settings: Settings, hub_con: sqlite3.Connection, two_leads: list[str]
) -> None:
    sold, waiting = two_leads
    assert cli(settings, "leads", "list", "--status", "unrouted")["total"] == 1
    typed = " ".join(textwrap.wrap(national(hub_con, waiting)[:8], 2))  # "06 14 00 79"
    assert [i["id"] for i in cli(settings, "leads", "list", typed)["items"]] == [waiting]
    assert cli(settings, "leads", "list", "--buyer", "buy_soleil_crm")["items"][0]["id"] == sold
    bad = cli(settings, "leads", "list", "--departement", "999", code=1)
    assert "departement: invalid" in bad.output
    shown = cli(settings, "leads", "show", sold)
    assert shown["deliveries"][0]["attempts"][0]["status_code"] == 200
    assert cli(settings, "leads", "test", waiting, "--undo")["is_test"] is False
    assert cli(settings, "leads", "list", "--no-test")["items"][0]["id"] == waiting
    log = hub_con.execute("SELECT actor FROM activity_log WHERE subject = ?", (waiting,))
    assert [r[0] for r in log] == ["cli"]
    assert "404" in cli(settings, "leads", "show", "lead_nope", code=1).output
    eco = create_api_key(hub_con, "acc_eco", "eco ops", role="ops")
    assert cli(settings, "--key", eco, "leads", "list")["total"] == 0  # its accounts only
    assert "404" in cli(settings, "--key", eco, "leads", "show", sold, code=1).output
    viewer = create_api_key(hub_con, "acc_soleil", "viewer", role="viewer")
    assert cli(settings, "--key", viewer, "leads", "list")["total"] == 2
    assert "403" in cli(settings, "--key", viewer, "leads", "test", sold, code=1).output


def test_the_api_searches_and_flags_leads(
    settings: Settings, hub_con: sqlite3.Connection, two_leads: list[str]
) -> None:
    sold, waiting = two_leads
    key = {"Authorization": f"Token {create_api_key(hub_con, 'acc_soleil', 't', role='ops')}"}
    eco = {"Authorization": f"Token {create_api_key(hub_con, 'acc_eco', 't', role='ops')}"}
    with TestClient(create_app(settings)) as client:
        r = client.get("/v1/leads", params={"buyer": "buy_soleil_crm"}, headers=key)
        assert [i["id"] for i in r.json()["items"]] == [sold]
        r = client.get("/v1/leads", params={"q": national(hub_con, waiting)[:8]}, headers=key)
        assert [i["id"] for i in r.json()["items"]] == [waiting]
        r = client.get("/v1/leads", params={"status": "sold", "until": "x"}, headers=key)
        assert r.status_code == 422
        assert [f["field"] for f in r.json()["error"]["fields"]] == ["until"]
        r = client.get(f"/v1/leads/{sold}", headers=key)
        kinds = [e["kind"] for e in r.json()["timeline"]]
        assert kinds[0] == "submitted" and {"decision", "sale", "delivered"} <= set(kinds)
        assert client.get(f"/v1/leads/{sold}", headers=eco).status_code == 404
        assert client.get("/v1/leads", headers=eco).json()["total"] == 0
        r = client.post(f"/v1/leads/{waiting}/test", json={"is_test": False}, headers=key)
        assert r.status_code == 200 and r.json()["changed"] is True
        assert client.post(f"/v1/leads/{waiting}/test", headers=eco).status_code == 404
        r = client.post(f"/v1/leads/{waiting}/test", json={"is_test": "oui"}, headers=key)
        assert r.status_code == 422 and r.json()["error"]["fields"][0]["field"] == "is_test"
