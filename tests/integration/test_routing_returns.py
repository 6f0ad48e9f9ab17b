"""Returns within the buyer's window, with a reason, credited at the frozen price; manual
credits; every refusal a clear 4xx."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from hub.db import transaction
from hub.errors import ApiError
from hub.services.actor import CLI
from hub.services.returns import grant_credit, return_lead
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from routing.worker import run_until_idle
from tests.integration.test_routing_support import (
    add_lead,
    fake_crm,
    fast_policy,
    only_commandes,
    phone,
    point_buyers,
    rows,
)

pytestmark = pytest.mark.integration


def sold_leads(con: sqlite3.Connection, settings: Settings, n: int) -> list[str]:
    with fake_crm() as crm:
        point_buyers(con, f"{crm.url}/leads")
        leads = [add_lead(con, phone_e164=phone(i)) for i in range(n)]
        run_until_idle(settings, policy=fast_policy())
    return leads


def delivered_at(con: sqlite3.Connection, lead_id: str) -> datetime:
    row = con.execute("SELECT delivered_at FROM deliveries WHERE lead_id = ?", (lead_id,))
    return datetime.fromisoformat(row.fetchone()[0])


def code_of(call: object) -> tuple[int, str]:
    assert isinstance(call, ApiError)
    return call.status_code, call.code


def test_a_return_within_the_window_credits_the_frozen_price_once(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    (lead,) = sold_leads(hub_con, settings, 1)
    with transaction(hub_con):  # a price change after the sale changes nothing
        hub_con.execute("UPDATE commandes SET price_cents = 9999")
    at = delivered_at(hub_con, lead) + timedelta(days=7)  # the last moment of a 7-day window
    credit = return_lead(hub_con, CLI, lead, "  numéro injoignable ", at)
    assert (credit.amount_cents, credit.reason, credit.buyer_id) == (
        3500,
        "numéro injoignable",
        "buy_soleil_crm",
    )
    stored = rows(hub_con, "SELECT kind, lead_id, amount_cents, transfer_cents FROM credits")
    assert stored == [
        {"kind": "return", "lead_id": lead, "amount_cents": 3500, "transfer_cents": None}
    ]
    with pytest.raises(ApiError) as again:
        return_lead(hub_con, CLI, lead, "encore", at)
    assert code_of(again.value) == (409, "already_returned")
    log = rows(hub_con, "SELECT action, subject FROM activity_log WHERE action = 'lead.returned'")
    assert log == [{"action": "lead.returned", "subject": lead}]


def test_returns_are_refused_after_the_window_and_for_undelivered_leads(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    lead, other = sold_leads(hub_con, settings, 2)
    with transaction(hub_con):
        hub_con.execute("UPDATE buyers SET return_window_days = 3")
    late = delivered_at(hub_con, lead) + timedelta(days=3, seconds=1)
    with pytest.raises(ApiError) as expired:
        return_lead(hub_con, CLI, lead, "trop tard", late)
    assert code_of(expired.value) == (409, "return_window_expired")
    with pytest.raises(ApiError) as wrong_buyer:
        return_lead(hub_con, CLI, other, "pas à nous", late, buyer_id="buy_eco_crm")
    assert code_of(wrong_buyer.value) == (409, "not_delivered")
    unsold = add_lead(hub_con, status="suspicious")
    with pytest.raises(ApiError) as not_sold:
        return_lead(hub_con, CLI, unsold, "jamais livré", late)
    assert code_of(not_sold.value) == (409, "not_delivered")
    with pytest.raises(ApiError) as missing:
        return_lead(hub_con, CLI, "lead_nope", "?", late)
    assert code_of(missing.value) == (404, "lead_not_found")
    for bad, reason in (("", "required"), ("x" * 501, "too_long")):
        with pytest.raises(ApiError) as invalid:
            return_lead(hub_con, CLI, lead, bad, late)
        assert invalid.value.status_code == 422
        assert [(f.field, f.reason) for f in invalid.value.fields] == [("reason", reason)]
    assert rows(hub_con, "SELECT * FROM credits") == []


def test_returning_an_intercompany_sale_reverses_its_transfer_price(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    only_commandes(hub_con, "cmd_eco_pv")  # a Soleil lead sold by Eco Renov
    (lead,) = sold_leads(hub_con, settings, 1)
    transfer = hub_con.execute("SELECT transfer_cents FROM deliveries").fetchone()[0]
    assert transfer == 2500
    credit = return_lead(hub_con, CLI, lead, "hors zone", delivered_at(hub_con, lead))
    assert credit.amount_cents == 3000
    stored = rows(hub_con, "SELECT amount_cents, transfer_cents FROM credits")
    assert stored == [{"amount_cents": 3000, "transfer_cents": 2500}]


def test_manual_credit_needs_a_reason_a_positive_amount_and_a_known_buyer(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    now = datetime.fromisoformat("2026-11-22T10:00:00+00:00")
    credit = grant_credit(
        hub_con, CLI, "buy_eco_crm", 7000, "2 leads offerts (geste commercial)", now
    )
    assert credit.delivery_id is None and credit.amount_cents == 7000
    for args, expected in (
        (("buy_eco_crm", 0, "rien"), (422, "invalid_credit")),
        (("buy_eco_crm", 100, " "), (422, "invalid_return")),
        (("buy_nobody", 100, "x"), (404, "buyer_not_found")),
    ):
        with pytest.raises(ApiError) as err:
            grant_credit(hub_con, CLI, *args, now)  # type: ignore[arg-type]
        assert code_of(err.value) == expected
    assert rows(hub_con, "SELECT kind, amount_cents FROM credits") == [
        {"kind": "manual", "amount_cents": 7000}
    ]
