"""The "Prépaiements" page through the real app entry point (Streamlit AppTest): finance tops up
a prepaid buyer after a confirmation naming the amount and reference (logged with the user as
its actor); cancelling writes nothing; a bad amount is refused naming the field; a viewer reads
without a form; ops does not have the page; a brand never sees another tenant's balance."""

from __future__ import annotations

import json
import sqlite3

import pytest
from streamlit.testing.v1 import AppTest

from hub.db import transaction, utcnow
from hub.services import prepaid
from hub.services.actor import CLI
from hub.settings import Settings
from tests.integration.apptest import APP, click, open_page, signed_in
from tests.integration.test_dashboard_admin import env, people, table_column

__all__ = ["env", "people"]  # the administration tests' fixtures, used here
pytestmark = pytest.mark.integration

SOLEIL = "buy_soleil_crm"


@pytest.fixture
def prepaid_soleil(hub_con: sqlite3.Connection, people: dict[str, str]) -> dict[str, str]:
    with transaction(hub_con):
        hub_con.execute(
            "UPDATE buyers SET billing_cycle = 'prepaid' WHERE id IN (?, 'buy_eco_crm')",
            (SOLEIL,),
        )
    prepaid.top_up(hub_con, CLI, SOLEIL, {"amount_cents": 10000, "note": "VIR-A"}, utcnow())
    return people


def history_column(at: AppTest, header: str) -> list[str]:
    """A column of the page's second table, the balance history."""
    return [str(v) for v in at.dataframe[1].value[header]]


def balance(con: sqlite3.Connection) -> int:
    return int(prepaid.balance(con, CLI, SOLEIL)["balance_cents"])


def test_finance_tops_up_after_confirming(
    env: Settings, hub_con: sqlite3.Connection, prepaid_soleil: dict[str, str]
) -> None:
    at = open_page(signed_in("finance@soleil-habitat.fr"), "prepaid.py")
    assert [t.value for t in at.title] == ["Prépaiements"]
    assert table_column(at, "Identifiant") == [SOLEIL]
    assert table_column(at, "Solde (€ HT)") == ["100,00"]
    at.number_input(key="prepaid_amount").set_value(250.5)
    at.text_input(key="prepaid_note").input("VIR-2026-77")
    click(at, "Recharger…")
    assert balance(hub_con) == 10000  # nothing before the confirmation
    assert at.warning[0].value == (
        "Confirmer le rechargement de 250,50 € HT pour « CRM Soleil Habitat »"
        " (référence : VIR-2026-77) ?"
    )
    click(at, "Confirmer le rechargement")
    assert at.success[0].value == "Solde de « CRM Soleil Habitat » rechargé de 250,50 € HT."
    assert balance(hub_con) == 35050
    assert history_column(at, "Mouvement") == ["Rechargement", "Rechargement"]
    assert history_column(at, "Note / référence") == ["VIR-2026-77", "VIR-A"]
    assert history_column(at, "Solde après (€ HT)") == ["350,50", "100,00"]
    row = hub_con.execute(
        "SELECT actor, detail FROM activity_log WHERE action = 'buyer.topped_up' ORDER BY id DESC"
    ).fetchone()
    assert row["actor"] == f"user:{prepaid_soleil['finance']}"
    assert json.loads(row["detail"])["amount_cents"] == 25050


def test_cancel_writes_nothing_and_a_bad_amount_names_the_field(
    env: Settings, hub_con: sqlite3.Connection, prepaid_soleil: dict[str, str]
) -> None:
    at = open_page(signed_in("admin@soleil-habitat.fr"), "prepaid.py")
    at.number_input(key="prepaid_amount").set_value(40.0)
    at.text_input(key="prepaid_note").input("VIR-X")
    click(at, "Recharger…")
    click(at, "Annuler")
    assert not at.warning and balance(hub_con) == 10000
    at.text_input(key="prepaid_note").input("VIR-Y")
    click(at, "Recharger…")  # amount 0
    click(at, "Confirmer le rechargement")
    assert "**amount_cents**" in at.error[0].value
    assert balance(hub_con) == 10000


def test_viewer_reads_ops_has_no_page_and_tenants_stay_apart(
    env: Settings, prepaid_soleil: dict[str, str]
) -> None:
    viewer = open_page(signed_in("viewer@soleil-habitat.fr"), "prepaid.py")
    assert table_column(viewer, "Identifiant") == [SOLEIL]
    assert not [b for b in viewer.button if b.label == "Recharger…"]
    assert any("permet de consulter les soldes" in c.value for c in viewer.caption)
    ops = signed_in("ops@soleil-habitat.fr")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        ops.switch_page("views/prepaid.py")
    page = AppTest.from_file(APP.parent / "views" / "prepaid.py", default_timeout=30)
    page.session_state["user_id"] = prepaid_soleil["ops"]
    page.run()
    assert page.error[0].value == "Votre rôle ne permet pas cette action."
    assert not page.dataframe
    eco = open_page(signed_in("admin@eco-renov.fr"), "prepaid.py")
    assert table_column(eco, "Identifiant") == ["buy_eco_crm"]
    assert table_column(eco, "Solde (€ HT)") == ["0,00"]
