"""The Leads page's requeue and reroute (Streamlit AppTest, real router, fake CRM on loopback):
ops requeue a lead whose delivery died once the buyer is back (asked to confirm; delivered
once), reroute a lead whose buyer is down to another buyer; each change is logged with the
user, before → after. A requeue or reroute the lead's state refuses is said in French."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from streamlit.testing.v1 import AppTest

from hub.db import transaction
from hub.settings import Settings
from leadhub.demo.fake_crm import FakeCrmServer
from leadhub.demo.seed import DemoWorld
from routing.worker import run_until_idle
from tests.integration import apptest
from tests.integration.apptest import click, make_users, use_data_dir
from tests.integration.test_delivery_queue import NEVER_OPEN, down, up
from tests.integration.test_routing_support import (
    add_lead,
    fake_crm,
    fast_policy,
    only_commandes,
    point_buyers,
    received,
)

pytestmark = pytest.mark.integration

OPS = "ops@soleil-habitat.fr"


@dataclass
class Dead:
    crm: FakeCrmServer
    lead_id: str
    delivery_id: str
    ops_id: str


@pytest.fixture
def dead(
    settings: Settings,
    hub_con: sqlite3.Connection,
    world: DemoWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Dead]:
    """Soleil's CRM down: one real PV lead routed to it, its delivery a dead letter."""
    use_data_dir(settings, monkeypatch)
    made = make_users(hub_con, [(OPS, "ops", "acc_soleil")])
    settings.delivery_give_up_seconds = 0.3
    only_commandes(hub_con, "cmd_soleil_pv")
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        down(crm)
        lead_id = add_lead(hub_con)
        with transaction(hub_con):
            hub_con.execute("UPDATE leads SET is_test = 0")
        run_until_idle(settings, breakers=NEVER_OPEN, horizon=1.0)
        [(delivery_id, status)] = hub_con.execute("SELECT id, status FROM deliveries")
        assert status == "dead"
        yield Dead(crm, lead_id, delivery_id, made[OPS])


def lead_page(lead_id: str) -> AppTest:
    at = apptest.signed_in(OPS, "leads.py")
    at.selectbox(key="lead_pick").select(lead_id).run()
    return at


def logged(con: sqlite3.Connection, action: str) -> list[tuple[str, dict[str, object]]]:
    rows = con.execute("SELECT actor, detail FROM activity_log WHERE action = ?", (action,))
    return [(r[0], json.loads(r[1])) for r in rows]


def test_ops_requeue_a_dead_letter_from_the_lead_page_delivered_once(
    settings: Settings, hub_con: sqlite3.Connection, dead: Dead
) -> None:
    up(dead.crm)
    at = lead_page(dead.lead_id)
    details = [str(v) for v in at.table[0].value["Détail"]]
    assert any("HTTP 503" in d for d in details), details  # the buyer's answers, in the timeline
    click(at, "Relancer")
    assert at.warning[0].value.startswith("Relancer ce lead ?")
    assert hub_con.execute("SELECT status FROM deliveries").fetchone()[0] == "dead"  # asked only
    click(at, "Confirmer")
    assert at.success[0].value == "Lead relancé."
    run_until_idle(settings, policy=fast_policy())
    got = received(dead.crm)
    assert [lead["idempotency_key"] for lead in got["leads"]] == [dead.delivery_id]
    assert hub_con.execute("SELECT status FROM deliveries").fetchone()[0] == "delivered"
    [(actor, detail)] = logged(hub_con, "lead.requeue")
    assert actor == f"user:{dead.ops_id}"
    assert detail["before"] == {"status": "routed", "deliveries": {dead.delivery_id: "dead"}}
    assert detail["after"] == {"status": "routed", "deliveries": {dead.delivery_id: "pending"}}


def test_ops_reroute_a_lead_whose_buyer_is_down_to_another_buyer(
    settings: Settings, hub_con: sqlite3.Connection, dead: Dead
) -> None:
    only_commandes(hub_con, "cmd_soleil_pv", "cmd_eco_pv")
    at = lead_page(dead.lead_id)
    click(at, "Réaffecter")
    assert at.warning[0].value.startswith("Réaffecter ce lead ?")
    click(at, "Confirmer")
    assert at.success[0].value == "Lead réaffecté : il va être routé à nouveau."
    up(dead.crm)
    run_until_idle(settings, policy=fast_policy())
    rows = hub_con.execute("SELECT buyer_id, status FROM deliveries ORDER BY created_at")
    assert [tuple(r) for r in rows] == [
        ("buy_soleil_crm", "rejected"),
        ("buy_eco_crm", "delivered"),
    ]
    [(actor, detail)] = logged(hub_con, "lead.reroute")
    assert actor == f"user:{dead.ops_id}" and detail["taken_back"] == [dead.delivery_id]
    assert detail["before"] == {"status": "routed", "deliveries": {dead.delivery_id: "dead"}}
    assert detail["after"] == {"status": "unrouted", "deliveries": {dead.delivery_id: "rejected"}}


def test_a_refused_requeue_or_reroute_is_said_in_french(
    settings: Settings, hub_con: sqlite3.Connection, dead: Dead
) -> None:
    up(dead.crm)
    with transaction(hub_con):  # the buyer has it: nothing to requeue, return before rerouting
        hub_con.execute("UPDATE deliveries SET status = 'delivered'")
        hub_con.execute("UPDATE leads SET status = 'sold'")
    at = lead_page(dead.lead_id)
    click(at, "Relancer")
    click(at, "Confirmer")
    assert at.error[0].value == (
        "Action refusée : rien à relancer (aucune livraison en lettre morte, lead ni en attente"
        " ni non routé)."
    )
    click(at, "Réaffecter")
    click(at, "Confirmer")
    assert at.error[0].value == (
        "Action refusée : ce lead a été livré ; retournez-le avant de le réaffecter."
    )
    assert logged(hub_con, "lead.requeue") == logged(hub_con, "lead.reroute") == []
