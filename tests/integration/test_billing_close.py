"""Closing a billing period on the real seeded hub: one invoice per buyer and Paris period,
numbered per entity without gaps, returns and credits made before the close netted, closing
again changes nothing, a return after issue becomes a credit note (the invoice's bytes
unchanged), prepaid buyers' invoices paid by the prepayment, and two closes at once."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from hub.db import connect, transaction
from hub.errors import ApiError
from hub.services.actor import CLI
from hub.services.billing.close import close_period
from hub.services.billing.prefix import set_prefix
from hub.services.returns import grant_credit, return_lead
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from tests.integration.test_billing_support import (
    CLOSE_NOV,
    SOLEIL_IDENTITY,
    backdate_credit,
    invoices,
    lines,
    sell,
    set_cycle,
    set_identity,
)

pytestmark = pytest.mark.integration

NOV = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def sha(blob: Any) -> str:
    return hashlib.sha256(bytes(blob)).hexdigest()


def test_close_bills_the_period_nets_returns_and_credits_and_is_idempotent(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    set_identity(hub_con, "acc_soleil", SOLEIL_IDENTITY)
    pv = [sell(hub_con, NOV + timedelta(days=i)) for i in range(3)]
    sell(hub_con, NOV, commande="cmd_soleil_pac", price=4200, lp_key="lp_pac_demo")
    sell(hub_con, NOV, is_test=True)  # test traffic is never billed
    sell(hub_con, datetime(2026, 11, 30, 23, 30, tzinfo=UTC))  # 1 December in Paris
    late = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    returned = sell(hub_con, late)
    return_lead(hub_con, CLI, returned[0], "numéro erroné", late + timedelta(days=3))
    credit = grant_credit(hub_con, CLI, "buy_soleil_crm", 1000, "geste commercial", NOV)
    backdate_credit(hub_con, credit.id, NOV)

    done = close_period(hub_con, CLI, "2026-11", CLOSE_NOV)

    assert [d["number"] for d in done["issued"]] == ["SOLEIL-202612-0001"]
    [inv] = invoices(hub_con, buyer_id="buy_soleil_crm")
    assert (inv["kind"], inv["period"], inv["status"]) == ("invoice", "2026-11", "issued")
    assert lines(hub_con, inv["id"]) == [
        ("sale", "PAC", 1, 4200),
        ("sale", "PV", 4, 3500),
        ("return", "PV", -1, 3500),
        ("credit", None, -1, 1000),
    ]
    ht = 4200 + 4 * 3500 - 3500 - 1000
    assert (inv["total_ht_cents"], inv["vat_cents"], inv["total_ttc_cents"]) == (
        ht,
        ht // 5,
        ht + ht // 5,
    )
    assert (inv["issue_date"], inv["due_date"]) == ("2026-12-03", "2027-01-02")
    assert not invoices(hub_con, buyer_id="buy_eco_crm")  # weekly: not on a month
    billed = hub_con.execute("SELECT count(*) FROM deliveries WHERE invoice_id = ?", (inv["id"],))
    assert billed.fetchone()[0] == 5 and pv
    logged = hub_con.execute("SELECT actor FROM activity_log WHERE action = 'invoice.issued'")
    assert [r[0] for r in logged] == ["cli"]

    before = {k: inv[k] for k in ("pdf", "csv", "document", "total_ttc_cents")}
    again = close_period(hub_con, CLI, "2026-11", CLOSE_NOV + timedelta(hours=2))
    assert again["issued"] == []
    [same] = invoices(hub_con, buyer_id="buy_soleil_crm")
    assert {k: same[k] for k in before} == before


def test_a_return_after_issue_is_a_credit_note_and_the_invoice_never_changes(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    sold = [sell(hub_con, datetime(2026, 11, 29, 10, 0, tzinfo=UTC)) for _ in range(2)]
    close_period(hub_con, CLI, "2026-11", CLOSE_NOV)
    [inv] = invoices(hub_con, kind="invoice")
    pdf_before = sha(inv["pdf"])

    return_lead(hub_con, CLI, sold[0][0], "doublon", CLOSE_NOV + timedelta(days=1))
    done = close_period(hub_con, CLI, "2026-11", CLOSE_NOV + timedelta(days=2))

    [note] = done["issued"]
    assert (note["kind"], note["number"], note["refers_to"]) == (
        "credit_note",
        "SOLEIL-202612-0002",
        inv["number"],
    )
    [stored] = invoices(hub_con, kind="credit_note")
    assert stored["refers_to"] == inv["id"] and stored["total_ht_cents"] == 3500
    assert lines(hub_con, stored["id"]) == [("return", "PV", 1, 3500)]
    [after] = invoices(hub_con, kind="invoice")
    assert sha(after["pdf"]) == pdf_before and after["total_ht_cents"] == 7000
    assert close_period(hub_con, CLI, "2026-11", CLOSE_NOV + timedelta(days=3))["issued"] == []


def test_weekly_buyers_close_on_paris_iso_weeks(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    eco = {"commande": "cmd_eco_ite", "price": 2500, "lp_key": "lp_ite_demo"}
    sell(hub_con, datetime(2026, 11, 23, 0, 30, tzinfo=UTC), **eco)  # Monday W48, Paris
    sell(hub_con, datetime(2026, 11, 29, 22, 59, tzinfo=UTC), **eco)  # Sunday 23:59 Paris
    sell(hub_con, datetime(2026, 11, 29, 23, 0, tzinfo=UTC), **eco)  # Monday W49 00:00 Paris
    done = close_period(hub_con, CLI, "2026-W48", CLOSE_NOV)
    assert [d["number"] for d in done["issued"]] == ["ECO-202612-0001"]
    [inv] = invoices(hub_con)
    assert inv["period"] == "2026-W48" and lines(hub_con, inv["id"]) == [("sale", "ITE", 2, 2500)]
    assert (inv["period_start"], inv["period_end"]) == ("2026-11-23", "2026-11-29")


def test_prepaid_buyers_get_a_monthly_invoice_paid_by_the_prepayment(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    set_cycle(hub_con, "buy_soleil_crm", "prepaid")
    sell(hub_con, NOV)
    close_period(hub_con, CLI, "2026-11", CLOSE_NOV)
    [inv] = invoices(hub_con)
    assert (inv["status"], inv["prepaid"], inv["due_date"]) == ("paid", 1, inv["issue_date"])
    assert inv["paid_at"] is not None


@pytest.mark.parametrize(
    ("period", "reason"),
    [
        ("2026-13", "invalid"),
        ("2026-W54", "invalid"),
        ("novembre", "invalid"),
        ("2026-12", "not_ended"),
    ],
)
def test_a_bad_or_open_period_is_a_422_naming_it(
    hub_con: sqlite3.Connection, world: DemoWorld, period: str, reason: str
) -> None:
    with pytest.raises(ApiError) as caught:
        close_period(hub_con, CLI, period, CLOSE_NOV)
    assert caught.value.status_code == 422
    assert [(f.field, f.reason) for f in caught.value.fields] == [("period", reason)]


def test_two_closes_at_once_number_without_gap_or_duplicate(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with transaction(hub_con):
        for n in range(6):
            hub_con.execute(
                "INSERT INTO buyers (id, account_id, name, webhook_url, secret_enc, created_at,"
                " legal_name, siren, vat_number, address)"
                " SELECT ?, account_id, ?, webhook_url, secret_enc, created_at, legal_name, siren,"
                " vat_number, address FROM buyers WHERE id = 'buy_soleil_crm'",
                (f"buy_conc_{n}", f"Acheteur {n}"),
            )
            hub_con.execute(
                "INSERT INTO commandes (id, buyer_id, name, product_code, price_cents, created_at)"
                " VALUES (?, ?, 'PV', 'PV', 3000, '2026-11-01T00:00:00+00:00')",
                (f"cmd_conc_{n}", f"buy_conc_{n}"),
            )
    for n in range(6):
        for _ in range(2):
            sell(hub_con, NOV, commande=f"cmd_conc_{n}", price=3000)
    sell(hub_con, NOV)
    barrier = threading.Barrier(2)
    results: list[dict[str, Any]] = []
    errors: list[BaseException] = []

    def run() -> None:
        con = connect(settings.hub_db)
        try:
            barrier.wait()
            results.append(close_period(con, CLI, "2026-11", CLOSE_NOV))
        except BaseException as exc:
            errors.append(exc)
        finally:
            con.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    numbers = [i["number"] for i in invoices(hub_con)]
    assert numbers == [f"SOLEIL-202612-{n:04d}" for n in range(1, 8)]
    issued = sorted(d["number"] for r in results for d in r["issued"])
    assert issued == numbers  # each issued once, by one of the two closes
    per_buyer = hub_con.execute("SELECT buyer_id, count(*) FROM invoices GROUP BY buyer_id")
    assert all(count == 1 for _, count in per_buyer)


def test_an_entity_prefix_is_set_once_before_its_first_document(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    with pytest.raises(ApiError) as taken:
        set_prefix(hub_con, CLI, "acc_soleil", {"invoice_prefix": "eco"}, CLOSE_NOV)
    assert taken.value.status_code == 409
    with pytest.raises(ApiError) as bad:
        set_prefix(hub_con, CLI, "acc_soleil", {"invoice_prefix": "S-1"}, CLOSE_NOV)
    assert [f.field for f in bad.value.fields] == ["invoice_prefix"]
    assert set_prefix(hub_con, CLI, "acc_soleil", {"invoice_prefix": "sol"}, CLOSE_NOV) == {
        "id": "acc_soleil",
        "invoice_prefix": "SOL",
    }
    sell(hub_con, NOV)
    [doc] = close_period(hub_con, CLI, "2026-11", CLOSE_NOV)["issued"]
    assert doc["number"] == "SOL-202612-0001"
    with pytest.raises(ApiError) as used:
        set_prefix(hub_con, CLI, "acc_soleil", {"invoice_prefix": "SOLEIL"}, CLOSE_NOV)
    assert used.value.status_code == 409
    with pytest.raises(ApiError) as brand:
        set_prefix(hub_con, CLI, "acc_soleil_solaire", {"invoice_prefix": "SD"}, CLOSE_NOV)
    assert brand.value.status_code == 404


def test_a_missing_legal_mention_blocks_only_that_buyer_until_it_is_set(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    set_cycle(hub_con, "buy_eco_crm", "monthly")
    sell(hub_con, NOV)
    sell(hub_con, NOV, commande="cmd_eco_ite", price=2500, lp_key="lp_ite_demo")
    with transaction(hub_con):
        hub_con.execute("UPDATE buyers SET siren = NULL WHERE id = 'buy_soleil_crm'")
        hub_con.execute("UPDATE accounts SET vat_number = NULL WHERE id = 'acc_eco'")
    done = close_period(hub_con, CLI, "2026-11", CLOSE_NOV)
    assert done["issued"] == []
    assert sorted(done["blocked"], key=lambda b: b["subject"]) == [
        {"subject": "buy_eco_crm", "missing": {"acc_eco": ["vat_number"]}},
        {"subject": "buy_soleil_crm", "missing": {"buy_soleil_crm": ["siren"]}},
    ]
    set_identity(hub_con, "acc_eco", {"vat_number": "FR00732829320"})
    again = close_period(hub_con, CLI, "2026-11", CLOSE_NOV)
    assert [d["number"] for d in again["issued"]] == ["ECO-202612-0001"]
    assert [b["subject"] for b in again["blocked"]] == ["buy_soleil_crm"]
