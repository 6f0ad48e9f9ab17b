"""The Billing page through the real app entry point, hub and services (Streamlit AppTest):
finance sees the open period to date, closes a period (only once confirmed), downloads the
Factur-X PDF and CSV as issued and marks the invoice sent then paid (each logged with the user
as actor); a viewer reads the same but is offered no action; ops and marketers have no Billing
page; a user of another entity sees none of Soleil's invoices."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.navigation import visible_pages
from hub.db import utcnow
from hub.services import users
from hub.services.actor import CLI, user
from hub.services.billing.close import close_period
from hub.services.billing.periods import period_of, previous
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from tests.integration.apptest import PASSWORD, click, open_page, signed_in
from tests.integration.test_billing_support import invoices, sell
from tests.integration.test_dashboard_admin import env

pytestmark = pytest.mark.integration
__all__ = ["env"]  # fixture used here

OCT = datetime(2026, 10, 14, 10, 0, tzinfo=UTC)


@pytest.fixture
def people(hub_con: sqlite3.Connection, world: DemoWorld) -> None:
    for role, account in (
        ("finance", "acc_soleil"),
        ("viewer", "acc_soleil"),
        ("ops", "acc_soleil"),
        ("finance", "acc_eco"),
    ):
        email = f"{role}@{account.removeprefix('acc_')}-billing.fr"
        payload = {"email": email, "role": role, "account_ids": [account], "password": PASSWORD}
        users.create_user(hub_con, CLI, payload, utcnow())


def column(at: AppTest, header: str) -> list[str]:
    """The values under ``header`` in the page's one table that has it."""
    [frame] = [d.value for d in at.dataframe if header in d.value.columns]
    return [str(v) for v in frame[header]]


def test_finance_closes_a_period_downloads_and_marks_paid(
    env: Settings,
    hub_con: sqlite3.Connection,
    people: None,
) -> None:
    sell(hub_con, OCT)
    sell(hub_con, OCT)
    sell(hub_con, utcnow())  # the open month, to date
    at = open_page(signed_in("finance@soleil-billing.fr"), "billing.py")
    assert [t.value for t in at.title] == ["Facturation"]
    assert column(at, "Acheteur") == ["CRM Soleil Habitat"]
    assert column(at, "Leads vendus") == ["1"]
    at.text_input(key="billing_period").input("2026-10")
    click(at, "Clôturer")
    assert at.warning[0].value == "Cochez la confirmation avant de clôturer."
    assert invoices(hub_con) == []
    at.checkbox(key="billing_confirm").check()
    click(at, "Clôturer")
    assert at.success[0].value == "Période 2026-10 clôturée : 1 document(s) émis."
    [inv] = invoices(hub_con)
    assert column(at, "Numéro") == [inv["number"]]
    downloads = at.get("download_button")
    assert len(downloads) == 2
    click(at, "Marquer envoyée")
    click(at, "Marquer payée")
    [paid] = invoices(hub_con)
    assert paid["status"] == "paid" and paid["pdf"] == inv["pdf"]
    actions = hub_con.execute(
        "SELECT action, actor FROM activity_log WHERE subject = ? ORDER BY id", (inv["id"],)
    ).fetchall()
    assert [a for a, _ in actions] == ["invoice.issued", "invoice.sent", "invoice.paid"]
    assert {who for _, who in actions[1:]} == {actions[1][1]} and actions[1][1].startswith("user:")


def test_a_viewer_reads_but_is_offered_no_action(
    env: Settings,
    hub_con: sqlite3.Connection,
    people: None,
) -> None:
    sell(hub_con, OCT)
    close_period(hub_con, CLI, "2026-10", utcnow())
    at = open_page(signed_in("viewer@soleil-billing.fr"), "billing.py")
    assert column(at, "Statut") == ["Émise"]
    assert len(at.get("download_button")) == 2
    labels = {b.label for b in at.button}
    assert not labels & {"Marquer envoyée", "Marquer payée", "Clôturer"}
    assert not [t for t in at.text_input if t.key == "billing_period"]


def test_ops_has_no_billing_page_and_another_entity_sees_nothing(
    env: Settings,
    hub_con: sqlite3.Connection,
    people: None,
) -> None:
    sell(hub_con, OCT)
    close_period(hub_con, CLI, "2026-10", utcnow())
    with pytest.raises(ValueError, match=r"billing\.py"):  # not in an ops user's navigation
        signed_in("ops@soleil-billing.fr").switch_page("views/billing.py")
    for role in ("ops", "marketer"):
        assert "billing.py" not in {n for n, *_ in visible_pages(user("u", role, ["a"]))}
    at = open_page(signed_in("finance@eco-billing.fr"), "billing.py")
    assert not [d for d in at.dataframe if "Numéro" in d.value.columns]
    assert at.info  # "nothing yet"


def test_the_suggested_period_is_the_last_one_ended() -> None:
    now = datetime(2027, 1, 2, 12, 0, tzinfo=UTC)
    assert previous(now, "month").key == "2026-12"
    assert previous(now, "week").key == "2026-W52"
    assert period_of(now, "week").key == "2026-W53"
