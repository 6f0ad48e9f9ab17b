"""The Leads page through the real app entry point, hub and services (Streamlit AppTest): ops
search a lead by a part of its phone, read its timeline and French decision log, return it
(confirmed, credited once) and mark it as test; a viewer reads the same page with no action;
another tenant never sees the lead."""

from __future__ import annotations

import os
import sqlite3

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from hub.db import transaction
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from routing.worker import run_until_idle
from tests.integration import apptest
from tests.integration.apptest import click, make_users, use_data_dir
from tests.integration.test_routing_support import (
    add_lead,
    fake_crm,
    fast_policy,
    only_commandes,
    phone,
    point_buyers,
)
from warehouse.sql import load

pytestmark = pytest.mark.integration

ACTIONS = ("Relancer", "Réaffecter", "Marquer comme test", "Retourner le lead")


@pytest.fixture
def env(
    settings: Settings,
    hub_con: sqlite3.Connection,
    world: DemoWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> str:
    """Users ops and viewer of Soleil, admin of Eco; one PV lead sold and delivered (its id)."""
    use_data_dir(settings, monkeypatch)
    make_users(
        hub_con,
        [
            ("ops@soleil-habitat.fr", "ops", "acc_soleil"),
            ("viewer@soleil-habitat.fr", "viewer", "acc_soleil"),
            ("admin@eco-renov.fr", "admin", "acc_eco"),
        ],
    )
    only_commandes(hub_con, "cmd_soleil_pv")
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        lead_id = add_lead(hub_con, phone_e164=phone(3))
        run_until_idle(settings, policy=fast_policy())
    with transaction(hub_con):
        hub_con.execute("UPDATE leads SET is_test = 0, first_name = 'Éloïse'")
    return lead_id


def signed_in(email: str) -> AppTest:
    return apptest.signed_in(email, "leads.py")


def texts(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_ops_find_a_lead_read_its_story_return_it_once_and_mark_it_test(
    env: str, hub_con: sqlite3.Connection
) -> None:
    at = signed_in("ops@soleil-habitat.fr")
    assert [t.value for t in at.title] == ["Leads"]
    national = "0" + phone(3)[3:]
    at.text_input(key="leads_q").input(f"{national[:2]} {national[2:4]} {national[4:6]}").run()
    assert at.caption[0].value == "1 lead(s) trouvé(s)."
    at.selectbox(key="lead_pick").select(env).run()
    assert at.subheader[0].value == "Lead Éloïse Martin"
    story = texts(at)
    assert "commande PV Soleil toute France : retenue — priorité 10, première éligible" in story
    assert "Version du texte" in story and "2026-11-v1" in story
    timeline = [str(v) for v in at.table[0].value["Étape"]]
    assert timeline[0] == "Envoi" and "Envoi à l'acheteur" in timeline and "Livré" in timeline
    assert {b.label for b in at.button} >= set(ACTIONS)

    at.text_input(key="lead_return_reason").input("Numéro erroné")
    click(at, "Retourner le lead")
    assert "Numéro erroné" in at.warning[0].value
    assert credits(hub_con) == 0  # nothing before it is confirmed
    click(at, "Confirmer")
    assert at.success[0].value == "Lead retourné : CRM Soleil Habitat crédité de 35,00 €."
    assert credits(hub_con) == 1
    assert "Retourner le lead" not in {b.label for b in at.button}  # nothing left to return
    assert "Avoir" in [str(v) for v in at.table[0].value["Étape"]]

    click(at, "Marquer comme test")
    click(at, "Annuler")
    assert not hub_con.execute("SELECT is_test FROM leads").fetchone()[0]
    click(at, "Marquer comme test")
    click(at, "Confirmer")
    assert at.success[0].value == "Lead marqué comme test."
    assert hub_con.execute("SELECT is_test FROM leads").fetchone()[0] == 1
    log = hub_con.execute("SELECT actor, action FROM activity_log WHERE subject = ?", (env,))
    assert [tuple(r) for r in log] == [
        (f"user:{user_id(hub_con, 'ops')}", "lead.returned"),
        (f"user:{user_id(hub_con, 'ops')}", "lead.marked_test"),
    ]


def test_a_second_return_is_refused_and_credits_nothing(
    env: str, hub_con: sqlite3.Connection
) -> None:
    first, second = signed_in("ops@soleil-habitat.fr"), signed_in("ops@soleil-habitat.fr")
    first.selectbox(key="lead_pick").select(env).run()
    click(first, "Retourner le lead")  # no reason given
    click(first, "Confirmer")
    assert first.error[0].value.startswith("Action refusée : corrigez les champs suivants.")
    assert "**reason** : Motif requis" in first.error[0].value and credits(hub_con) == 0
    for at in (first, second):  # two tabs open on the same delivered lead
        at.selectbox(key="lead_pick").select(env).run()
        at.text_input(key="lead_return_reason").input("Doublon")
        click(at, "Retourner le lead")
    click(first, "Confirmer")
    click(second, "Confirmer")
    assert second.error[0].value == "Action refusée : ce lead a déjà été retourné."
    assert credits(hub_con) == 1


def test_a_viewer_reads_the_lead_with_no_action_and_other_tenants_see_nothing(
    env: str,
) -> None:
    at = signed_in("viewer@soleil-habitat.fr")
    at.selectbox(key="lead_pick").select(env).run()
    assert "commande PV Soleil toute France" in texts(at)
    assert not {b.label for b in at.button} & {*ACTIONS, "Confirmer"}
    assert not [t for t in at.text_input if t.key == "lead_return_reason"]
    eco = signed_in("admin@eco-renov.fr")
    assert eco.caption[0].value == "0 lead(s) trouvé(s)."
    assert not [s for s in eco.selectbox if s.key == "lead_pick"]


def credits(con: sqlite3.Connection) -> int:
    return int(con.execute("SELECT count(*) FROM credits").fetchone()[0])


def user_id(con: sqlite3.Connection, role: str) -> str:
    row = con.execute("SELECT id FROM users WHERE email = ?", (f"{role}@soleil-habitat.fr",))
    return str(row.fetchone()[0])


def publish_events(settings: Settings, session_id: str) -> None:
    """A published snapshot (the warehouse schema) holding the visit's events: two of the
    lead's account, and one with the same session id in another tenant's account."""
    work = settings.warehouse_db.with_suffix(".tmp")
    con = duckdb.connect(str(work))
    con.execute(load("schema"))
    for event_id, kind, account, at in (
        ("ev1", "page_view", "acc_soleil", "2026-12-01 09:00:00+00"),
        ("ev2", "form_start", "acc_soleil", "2026-12-01 09:01:00+00"),
        ("ev3", "cta_click", "acc_eco", "2026-12-01 09:02:00+00"),
    ):
        con.execute(
            "INSERT INTO events (event_id, type, account_id, session_id, ts, received_at, url,"
            " date, lake_date, source_file) VALUES (?, ?, ?, ?, ?, ?, ?, DATE '2026-12-01',"
            " DATE '2026-12-01', 'f.parquet')",
            [event_id, kind, account, session_id, at, at, f"https://lp.example.fr/{kind}"],
        )
    con.close()
    os.replace(work, settings.warehouse_db)


def test_the_visit_events_come_before_the_submission_from_the_snapshot(
    env: str, settings: Settings, hub_con: sqlite3.Connection
) -> None:
    with transaction(hub_con):
        hub_con.execute("UPDATE leads SET session_id = 'ses_visit'")
    at = signed_in("viewer@soleil-habitat.fr")
    at.selectbox(key="lead_pick").select(env).run()
    assert "aucun instantané de l'entrepôt publié" in " ".join(c.value for c in at.caption)
    publish_events(settings, "ses_visit")
    at.run()
    steps = [str(v) for v in at.table[0].value["Étape"]]
    details = [str(v) for v in at.table[0].value["Détail"]]
    assert steps[:3] == ["Visite", "Visite", "Envoi"]
    assert details[:2] == [
        "page_view — https://lp.example.fr/page_view",
        "form_start — https://lp.example.fr/form_start",
    ]
    assert not any("cta_click" in d for d in details)  # another tenant's event


def test_a_link_opens_the_lead_only_in_its_tenant(env: str) -> None:
    at = signed_in("viewer@soleil-habitat.fr")
    assert at.query_params["lead"] == env  # the open lead is in the URL
    linked = signed_in("viewer@soleil-habitat.fr")
    del linked.query_params["lead"]
    linked.text_input(key="leads_q").input("aucun-resultat@nulle-part.fr").run()
    assert linked.caption[0].value == "0 lead(s) trouvé(s)." and not linked.subheader
    linked.query_params["lead"] = env
    linked.run()
    assert linked.subheader[0].value == "Lead Éloïse Martin"
    eco = signed_in("admin@eco-renov.fr")
    eco.query_params["lead"] = env
    eco.run()
    assert not eco.subheader
    assert eco.error[0].value.startswith("Introuvable dans vos comptes.")
