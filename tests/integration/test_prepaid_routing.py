"""Prepaid buyers in routing: a sale draws the balance with the cap reservation, a buyer whose
balance cannot pay is skipped (the lead goes elsewhere or waits), a top-up wakes the waiting
leads, and concurrent routers never drive a balance below zero."""

from __future__ import annotations

import sqlite3

import pytest

from hub.db import transaction, utcnow
from hub.errors import ApiError
from hub.services import leadops, returns
from hub.services import prepaid as prepaid_svc
from hub.services.actor import CLI
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from routing.worker import run_until_idle
from tests.integration.test_routing_concurrency import run_workers
from tests.integration.test_routing_support import (
    add_lead,
    fake_crm,
    fast_policy,
    only_commandes,
    phone,
    point_buyers,
    received,
    script,
)

pytestmark = pytest.mark.integration

PRICE = 3000  # cmd_eco_pv, buy_eco_crm


def prepaid_eco(con: sqlite3.Connection, balance_cents: int) -> None:
    """buy_eco_crm turns prepaid with this balance; cmd_eco_pv (uncapped) is tried first."""
    with transaction(con):
        con.execute("UPDATE buyers SET billing_cycle = 'prepaid' WHERE id = 'buy_eco_crm'")
        con.execute("UPDATE commandes SET priority = 5, daily_cap = NULL WHERE id = 'cmd_eco_pv'")
    if balance_cents:
        prepaid_svc.top_up(
            con, CLI, "buy_eco_crm", {"amount_cents": balance_cents, "note": "VIR 1"}, utcnow()
        )


def balance(con: sqlite3.Connection) -> int:
    return int(prepaid_svc.balance(con, CLI, "buy_eco_crm")["balance_cents"])


def sold_to(con: sqlite3.Connection) -> dict[str, int]:
    rows = con.execute(
        "SELECT commande_id, count(*) FROM deliveries WHERE status = 'delivered'"
        " GROUP BY commande_id"
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def ledger_matches(con: sqlite3.Connection) -> None:
    """The balance is the sum of its movements, and each row's running balance adds up."""
    moves = con.execute(
        "SELECT amount_cents, balance_after_cents FROM prepaid_movements"
        " WHERE buyer_id = 'buy_eco_crm' ORDER BY id"
    ).fetchall()
    running = 0
    for amount, after in moves:
        running += amount
        assert after == running >= 0
    assert running == balance(con)


def test_a_balance_for_two_leads_buys_exactly_two_the_third_goes_elsewhere(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    prepaid_eco(hub_con, 2 * PRICE)
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        leads = [add_lead(hub_con, phone_e164=phone(i)) for i in range(3)]
        run_until_idle(settings, policy=fast_policy(), threads=1)
        assert received(crm)["requests"] == 3
    assert sold_to(hub_con) == {"cmd_eco_pv": 2, "cmd_soleil_pv": 1}
    assert balance(hub_con) == 0
    third = hub_con.execute(
        "SELECT lead_id FROM deliveries WHERE commande_id = 'cmd_soleil_pv'"
    ).fetchone()[0]
    assert third in leads
    reason = hub_con.execute(
        "SELECT reason FROM routing_decisions WHERE lead_id = ? AND commande_id = 'cmd_eco_pv'",
        (third,),
    ).fetchone()[0]
    assert reason == "prepaid balance 0.00 € cannot pay 30.00 €"
    kinds = [r[0] for r in hub_con.execute("SELECT kind FROM prepaid_movements ORDER BY id")]
    assert kinds == ["top_up", "sale", "sale"]
    ledger_matches(hub_con)


def test_no_other_commande_the_lead_waits_and_a_top_up_resumes_routing(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    prepaid_eco(hub_con, 2 * PRICE)
    only_commandes(hub_con, "cmd_eco_pv")
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        for i in range(3):
            add_lead(hub_con, phone_e164=phone(i))
        run_until_idle(settings, policy=fast_policy(), threads=1)
        statuses = dict(
            hub_con.execute("SELECT status, count(*) FROM leads GROUP BY status").fetchall()
        )
        assert statuses == {"sold": 2, "unrouted": 1}
        waiting = hub_con.execute(
            "SELECT id, status_reason FROM leads WHERE status = 'unrouted'"
        ).fetchone()
        assert waiting["status_reason"] == "no eligible commande"
        due = hub_con.execute(
            "SELECT available_at > ? FROM outbox WHERE ref_id = ? AND done_at IS NULL",
            (utcnow().isoformat(), waiting["id"]),
        ).fetchone()[0]
        assert due == 1  # waits (retried later), never dropped

        answer = prepaid_svc.top_up(
            hub_con, CLI, "buy_eco_crm", {"amount_cents": PRICE, "note": "VIR 2"}, utcnow()
        )
        assert answer["leads_woken"] == 1 and answer["balance_cents"] == PRICE
        run_until_idle(settings, policy=fast_policy(), threads=1)
        assert received(crm)["requests"] == 3
    assert sold_to(hub_con) == {"cmd_eco_pv": 3}
    assert balance(hub_con) == 0
    ledger_matches(hub_con)


def test_concurrent_routers_never_overdraw_a_balance(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    prepaid_eco(hub_con, 7 * PRICE)
    with transaction(hub_con):  # room elsewhere for every other lead
        hub_con.execute("UPDATE commandes SET daily_cap = NULL WHERE id = 'cmd_soleil_pv'")
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        leads = [add_lead(hub_con, phone_e164=phone(i)) for i in range(100)]
        stats = run_workers(settings, 4, threads=3)
        got = received(crm)
    assert stats["route:routed"] == 100 and got["requests"] == 100
    assert {lead["body"]["lead_id"] for lead in got["leads"]} == set(leads)
    assert sold_to(hub_con) == {"cmd_eco_pv": 7, "cmd_soleil_pv": 93}
    assert balance(hub_con) == 0
    ledger_matches(hub_con)
    claimed_by = {r[0] for r in hub_con.execute("SELECT claimed_by FROM outbox")}
    assert len(claimed_by) > 1  # the work really was shared


def test_the_balance_cannot_go_negative_even_by_hand(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    prepaid_eco(hub_con, PRICE)
    with pytest.raises(sqlite3.IntegrityError), transaction(hub_con):
        hub_con.execute(
            "UPDATE prepaid_balances SET balance_cents = balance_cents - 3001"
            " WHERE buyer_id = 'buy_eco_crm'"
        )
    assert balance(hub_con) == PRICE


def movements(con: sqlite3.Connection) -> list[tuple[str, int]]:
    return [
        (r[0], r[1])
        for r in con.execute("SELECT kind, amount_cents FROM prepaid_movements ORDER BY id")
    ]


def test_a_rejected_delivery_is_refunded_and_the_lead_goes_elsewhere(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    prepaid_eco(hub_con, PRICE)
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        script(crm, {"status": 400})
        add_lead(hub_con, phone_e164=phone(1))
        run_until_idle(settings, policy=fast_policy(), threads=1)
    statuses = dict(hub_con.execute("SELECT commande_id, status FROM deliveries").fetchall())
    assert statuses == {"cmd_eco_pv": "rejected", "cmd_soleil_pv": "delivered"}
    assert balance(hub_con) == PRICE
    assert movements(hub_con) == [("top_up", PRICE), ("sale", -PRICE), ("refund", PRICE)]
    ledger_matches(hub_con)


def test_a_return_credits_the_balance_once_and_a_manual_credit_lands_on_it(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    prepaid_eco(hub_con, PRICE)
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        lead = add_lead(hub_con, phone_e164=phone(1))
        run_until_idle(settings, policy=fast_policy(), threads=1)
    assert balance(hub_con) == 0
    credit = returns.return_lead(hub_con, CLI, lead, "faux numéro", utcnow())
    assert balance(hub_con) == PRICE
    with pytest.raises(ApiError):
        returns.return_lead(hub_con, CLI, lead, "encore", utcnow())
    returns.grant_credit(hub_con, CLI, "buy_eco_crm", 500, "geste commercial", utcnow())
    assert balance(hub_con) == PRICE + 500
    given = hub_con.execute(
        "SELECT kind, amount_cents, credit_id FROM prepaid_movements WHERE kind = 'credit'"
        " ORDER BY id"
    ).fetchall()
    assert [tuple(r)[:2] for r in given] == [("credit", PRICE), ("credit", 500)]
    assert given[0]["credit_id"] == credit.id
    # A buyer billed monthly keeps its credits for its invoice: nothing on a balance.
    returns.grant_credit(hub_con, CLI, "buy_soleil_crm", 700, "geste", utcnow())
    assert (
        hub_con.execute(
            "SELECT count(*) FROM prepaid_movements WHERE buyer_id = 'buy_soleil_crm'"
        ).fetchone()[0]
        == 0
    )
    ledger_matches(hub_con)


def test_lead_ops_taking_a_lead_back_refunds_its_price(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    prepaid_eco(hub_con, 2 * PRICE)
    only_commandes(hub_con, "cmd_eco_pv")
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        script(crm, *[{"status": 503}] * 50)
        lead = add_lead(hub_con, phone_e164=phone(1))
        run_until_idle(settings, policy=fast_policy(give_up_after=0.2), threads=1)
    assert hub_con.execute("SELECT status FROM deliveries").fetchone()[0] == "dead"
    assert balance(hub_con) == PRICE  # a dead letter keeps its money, like its cap unit
    leadops.lead_op(hub_con, CLI, lead, "reroute", utcnow())
    assert balance(hub_con) == 2 * PRICE
    assert movements(hub_con)[-1] == ("refund", PRICE)
    ledger_matches(hub_con)
