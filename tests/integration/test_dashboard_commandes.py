"""The commandes editor through the real app entry point, hub and services (Streamlit AppTest):
ops create and edit a commande, see the simulate preview (its figures are the simulate
service's on the same data) before saving; a bad field is named and nothing is written; a
deactivation is confirmed first; a viewer reads without any edit control; tenants stay apart."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import i18n
from hub.db import utcnow
from hub.rules.commande import DEFAULTS, REQUIRED
from hub.services import activity
from hub.services import commandes as ops
from hub.services.actor import CLI, user
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from tests.integration import apptest
from tests.integration.apptest import click
from tests.integration.test_dashboard_admin import env, people
from tests.integration.test_routing_commandes import lead_at, route_at
from tests.integration.test_test_buyers import TEST_COMMANDES as TEST_CMDS

pytestmark = pytest.mark.integration
__all__ = ["env", "people"]  # fixtures used here

NBSP = "\u202f"


@pytest.fixture
def history(hub_con: sqlite3.Connection, world: DemoWorld) -> int:
    """36 PV leads over the last 6 days (south and Paris), routed for real when they came."""
    start = utcnow() - timedelta(days=6)
    for i in range(36):
        when = start + timedelta(hours=4 * i, minutes=3 * i)
        dep, postal = ("13", "13001") if i % 3 else ("75", "75011")
        lead = lead_at(hub_con, when, i, postal_code=postal, departement=dep)
        route_at(hub_con, lead, when)
    return 36


def signed_in(email: str) -> AppTest:
    return apptest.signed_in(email, "commandes.py", timeout=60)


def money(cents: int) -> str:
    sign = "+" if cents > 0 else "-" if cents < 0 else ""
    return f"{sign}{i18n.fmt_money(abs(cents) / 100, 'fr')} € HT"


def assert_preview_is(at: AppTest, result: dict[str, Any]) -> None:
    """The page's metrics are the service's summary, in French."""
    summary = result["summary"]
    sold, revenue = at.metric
    assert sold.label == "Leads vendus"
    assert sold.value == i18n.fmt_int(summary["sales_simulated"], "fr")
    assert sold.delta == f"{summary['sales_delta']:+d}".replace("+0", "0")
    assert revenue.value == money(summary["cents_simulated"]).lstrip("+")
    assert revenue.delta == money(summary["cents_delta"])


def test_ops_create_a_commande_simulate_it_then_save(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str], history: int
) -> None:
    at = signed_in("ops@soleil-habitat.fr")
    assert [t.value for t in at.title] == ["Commandes"]
    assert set(at.dataframe[0].value["Identifiant"]) == {
        "cmd_soleil_pv",
        "cmd_soleil_pac",
        *TEST_CMDS,
    }
    at.text_input(key="cmd_new_name").input("PV Soleil Provence")
    at.selectbox(key="cmd_new_buyer").select("buy_soleil_crm")
    at.selectbox(key="cmd_new_product").select("PV")
    at.number_input(key="cmd_new_price").set_value(41.5)
    at.text_input(key="cmd_new_deps").input("13, 84")
    at.number_input(key="cmd_new_daily_cap").set_value(2)
    at.number_input(key="cmd_new_priority").set_value(5)
    at.multiselect(key="cmd_new_days").set_value([1, 2, 3, 4, 5, 6])
    at.text_input(key="cmd_new_from").input("08:00")
    at.text_input(key="cmd_new_to").input("20:00")
    at.checkbox(key="cmd_new_holidays").check()
    click(at, "Simuler")

    payload = {
        "name": "PV Soleil Provence",
        "buyer_id": "buy_soleil_crm",
        "product_code": "PV",
        "price_cents": 4150,
        "departements": ["13", "84"],
        "daily_cap": 2,
        "priority": 5,
        "delivery_days": [1, 2, 3, 4, 5, 6],
        "hours_from": "08:00",
        "hours_to": "20:00",
        "closed_on_holidays": True,
    }
    actor = user(people["ops"], "ops", ["acc_soleil"])
    expected = ops.simulate_commande(hub_con, actor, None, payload, 30, utcnow())
    summary = expected["summary"]
    assert summary["sales_delta"] != 0 or summary["cents_delta"] != 0, "a change to preview"
    assert_preview_is(at, expected)
    text = at.info[0].value
    new = next(r for r in summary["commandes"] if r["commande_id"] == "cmd_simulated")
    assert new["simulated"] > 0
    assert f"Cette commande : 0 → {new['simulated']} leads ({money(new['cents_delta'])})" in text
    old = next(r for r in summary["commandes"] if r["commande_id"] == "cmd_soleil_pv")
    assert old["delta"] < 0
    loses = f"« PV Soleil toute France » perd {-old['delta']} lead(s) ({money(old['cents_delta'])})"
    assert loses in text
    count = hub_con.execute("SELECT count(*) FROM commandes").fetchone()[0]
    assert count == 4 + len(TEST_CMDS), "simulating saves nothing"
    sent = at.session_state["cmd_preview"]["payload"]  # what "Enregistrer" will save
    assert set(sent) == {*REQUIRED, *DEFAULTS}, "the form has every field of a commande"
    assert {k: sent[k] for k in payload} == payload

    click(at, "Enregistrer")
    assert at.success[0].value == "Commande « PV Soleil Provence » créée."
    row = hub_con.execute("SELECT * FROM commandes WHERE name = 'PV Soleil Provence'").fetchone()
    assert (row["daily_cap"], row["price_cents"], row["departements"]) == (2, 4150, '["13", "84"]')
    assert (row["hours_from"], row["closed_on_holidays"]) == ("08:00", 1)
    assert "PV Soleil Provence" in list(at.dataframe[0].value["Nom"])
    log = activity.list_activity(hub_con, CLI, {"actor": f"user:{people['ops']}"}, 0, 50)
    assert [e["action"] for e in log["items"]] == ["commande.created"]


def test_ops_edit_a_cap_see_the_preview_and_save(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str], history: int
) -> None:
    at = signed_in("ops@soleil-habitat.fr")
    at.selectbox(key="cmd_pick").select("cmd_soleil_pv").run()
    assert at.number_input(key="cmd_cmd_soleil_pv_daily_cap").value == 50
    assert not [b for b in at.button if b.label == "Enregistrer"], "simulate first"
    at.number_input(key="cmd_cmd_soleil_pv_daily_cap").set_value(1)
    click(at, "Simuler")
    actor = user(people["ops"], "ops", ["acc_soleil"])
    expected = ops.simulate_commande(
        hub_con, actor, "cmd_soleil_pv", {"daily_cap": 1}, 30, utcnow()
    )
    assert expected["summary"]["sales_delta"] < 0
    assert_preview_is(at, expected)
    this = next(r for r in expected["summary"]["commandes"] if r["commande_id"] == "cmd_soleil_pv")
    assert f"Cette commande : {this['actual']} → {this['simulated']} leads" in at.info[0].value
    assert (
        hub_con.execute("SELECT daily_cap FROM commandes WHERE id = 'cmd_soleil_pv'").fetchone()[0]
        == 50
    )

    click(at, "Enregistrer")
    assert at.success[0].value == "Commande « PV Soleil toute France » enregistrée."
    saved = hub_con.execute("SELECT daily_cap FROM commandes WHERE id = 'cmd_soleil_pv'")
    assert saved.fetchone()[0] == 1
    log = activity.list_activity(hub_con, CLI, {"actor": f"user:{people['ops']}"}, 0, 50)
    [entry] = log["items"]
    assert entry["action"] == "commande.updated" and entry["subject"] == "cmd_soleil_pv"
    assert entry["detail"] == {"before": {"daily_cap": 50}, "after": {"daily_cap": 1}}
    assert at.number_input(key="cmd_cmd_soleil_pv_daily_cap").value == 1  # as stored
    click(at, "Simuler")
    assert at.info[0].value == "Aucun champ n'a changé : rien à simuler."


def test_bad_fields_are_named_and_nothing_is_simulated_or_written(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = signed_in("ops@soleil-habitat.fr")
    at.text_input(key="cmd_new_name").input("Mauvaise commande")
    at.number_input(key="cmd_new_price").set_value(30.0)
    at.text_input(key="cmd_new_deps").input("13, 99")
    at.text_input(key="cmd_new_from").input("25:00")
    at.text_area(key="cmd_new_closed").input("2026-12-25\n31/12/2026")
    click(at, "Simuler")
    error = at.error[0].value
    assert error.startswith("Corrigez les champs suivants :")
    for field in ("departements", "hours_from", "closed_dates"):
        assert f"**{field}**" in error
    assert "heure HH:MM" in error
    assert not at.metric and not [b for b in at.button if b.label == "Enregistrer"]
    assert hub_con.execute("SELECT count(*) FROM commandes").fetchone()[0] == 4 + len(TEST_CMDS)


def test_deactivation_is_confirmed_first(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = signed_in("ops@soleil-habitat.fr")
    at.selectbox(key="cmd_pick").select("cmd_soleil_pac").run()
    click(at, "Désactiver la commande…")
    assert at.warning[0].value.startswith("Désactiver « PAC Soleil IDF » ?")
    assert hub_con.execute("SELECT active FROM commandes WHERE id = 'cmd_soleil_pac'").fetchone()[0]
    assert [m.label for m in at.metric] == ["Leads vendus", "Chiffre d'affaires HT"]
    click(at, "Annuler")
    assert not at.warning
    click(at, "Désactiver la commande…")
    click(at, "Confirmer la désactivation")
    assert at.success[0].value == "Commande « PAC Soleil IDF » désactivée."
    active = hub_con.execute("SELECT active FROM commandes WHERE id = 'cmd_soleil_pac'")
    assert active.fetchone()[0] == 0
    assert at.checkbox(key="cmd_cmd_soleil_pac_on").value is False  # the form shows it stored
    assert "Cette commande est inactive" in at.caption[0].value
    assert not [b for b in at.button if b.label == "Désactiver la commande…"]


def test_a_viewer_reads_without_edit_controls_and_tenants_stay_apart(
    env: Settings, people: dict[str, str]
) -> None:
    at = signed_in("viewer@soleil-habitat.fr")
    table = at.dataframe[0].value
    assert set(table["Identifiant"]) == {"cmd_soleil_pv", "cmd_soleil_pac", *TEST_CMDS}
    pv = list(table["Identifiant"]).index("cmd_soleil_pv")
    assert table["Prix HT"][pv] == "35,00 € HT"
    assert table["Plafond jour"][pv] == "50" and table["Plafond semaine"][pv] == "250"
    assert table["Calendrier"][pv] == "tous les jours"
    labels = {b.label for b in at.button}
    assert not labels & {"Simuler", "Enregistrer", "Désactiver la commande…"}
    assert not at.number_input and not [s for s in at.selectbox if s.key == "cmd_pick"]

    eco = signed_in("admin@eco-renov.fr")
    assert set(eco.dataframe[0].value["Identifiant"]) == {"cmd_eco_pv", "cmd_eco_ite"}
