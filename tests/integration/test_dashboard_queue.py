"""The delivery queue page through the real app entry point (Streamlit AppTest), over dead letters
left by a real router against a fake CRM that is down: an ops user sees the buyer stats and the
three tabs, selects dead letters and requeues them with one confirmed action (logged with the
user as actor); a viewer sees the queue but is not offered the requeue; neither sees another
tenant's dead letter."""

from __future__ import annotations

import sqlite3

import pytest

from dashboard.navigation import visible_pages
from hub.db import utcnow
from hub.services import users
from hub.services.actor import CLI, ROLES, user
from hub.settings import Settings
from tests.integration.apptest import PASSWORD, click, open_page, signed_in
from tests.integration.test_dashboard_admin import env
from tests.integration.test_delivery_queue import Down, dead, dead_ids
from tests.integration.test_routing_support import rows

pytestmark = pytest.mark.integration
__all__ = ["dead", "env"]  # fixtures, imported to be used here


@pytest.fixture
def people(hub_con: sqlite3.Connection, dead: Down) -> None:
    for role in ("ops", "viewer"):
        payload = {"email": f"{role}@soleil-habitat.fr", "role": role, "password": PASSWORD}
        users.create_user(hub_con, CLI, {**payload, "account_ids": ["acc_soleil"]}, utcnow())


def test_every_role_has_the_queue_in_the_operations_section() -> None:
    for role in ROLES:
        pages = {name for name, *_ in visible_pages(user("u", role, ["a"]))}
        assert "deliveries.py" in pages, role


def test_ops_requeue_selected_dead_letters_after_confirming(
    env: Settings, hub_con: sqlite3.Connection, people: None
) -> None:
    at = open_page(signed_in("ops@soleil-habitat.fr"), "deliveries.py")
    assert [t.value for t in at.title] == ["File de livraison"]
    assert [t.label for t in at.tabs] == ["En attente (0)", "En relance (0)", "Lettres mortes (3)"]
    stats = at.dataframe[0].value
    # The demo's test buyer has made no call: no rate, no p95 (the page must still draw).
    assert list(stats["Acheteur"]) == ["CRM Soleil Habitat", "CRM de test (smoke)"]
    assert list(stats["Lettres mortes"]) == [3, 0]
    assert list(stats["Taux de succès"]) == ["0%", ""]
    dead_table = at.tabs[2].dataframe[0].value
    assert len(dead_table) == 3 and set(dead_table["Acheteur"]) == {"CRM Soleil Habitat"}
    assert all("503" in e for e in dead_table["Dernière réponse de l'acheteur"])

    soleil = dead_ids(hub_con, "buy_soleil_crm")
    at.multiselect(key="queue_pick").select(soleil[0]).select(soleil[1]).run()
    click(at, "Relancer")
    assert at.warning[0].value.startswith("Relancer 2 livraison(s) ?")
    assert dead_ids(hub_con, "buy_soleil_crm") == soleil  # nothing before the confirmation
    click(at, "Annuler")
    assert not at.warning and dead_ids(hub_con, "buy_soleil_crm") == soleil

    at.multiselect(key="queue_pick").select(soleil[0]).select(soleil[1]).run()
    click(at, "Relancer")
    click(at, "Confirmer la relance")
    assert at.success[0].value == "2 livraison(s) relancée(s)."
    assert dead_ids(hub_con, "buy_soleil_crm") == soleil[2:]
    assert [t.label for t in at.tabs] == ["En attente (0)", "En relance (2)", "Lettres mortes (1)"]
    log = rows(hub_con, "SELECT actor, subject FROM activity_log WHERE action = 'delivery.requeue'")
    ops_id = hub_con.execute("SELECT id FROM users WHERE email = 'ops@soleil-habitat.fr'")
    actor = f"user:{ops_id.fetchone()[0]}"
    assert log == [{"actor": actor, "subject": i} for i in soleil[:2]]
    assert len(dead_ids(hub_con, "buy_eco_crm")) == 1  # another tenant's: untouched


def test_a_viewer_sees_the_queue_without_the_requeue(
    env: Settings, hub_con: sqlite3.Connection, people: None
) -> None:
    at = open_page(signed_in("viewer@soleil-habitat.fr"), "deliveries.py")
    assert [t.label for t in at.tabs] == ["En attente (0)", "En relance (0)", "Lettres mortes (3)"]
    assert len(at.tabs[2].dataframe[0].value) == 3
    assert not at.multiselect and "Relancer" not in [b.label for b in at.button]


def test_the_page_in_english_filters_by_buyer(
    env: Settings, hub_con: sqlite3.Connection, people: None
) -> None:
    at = signed_in("ops@soleil-habitat.fr")
    at.session_state["lang"] = "en"
    at = open_page(at, "deliveries.py")
    assert [t.value for t in at.title] == ["Delivery queue"]
    assert [t.label for t in at.tabs] == ["Pending (0)", "Retrying (0)", "Dead letters (3)"]
    at.selectbox(key="queue_buyer").select("buy_soleil_crm").run()
    assert [t.label for t in at.tabs][-1] == "Dead letters (3)"
    assert list(at.dataframe[0].value["Buyer"]) == ["CRM Soleil Habitat"]
