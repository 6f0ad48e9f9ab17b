"""Intercompany invoices on the real seeded hub: Soleil produced PV leads that Eco's buyer
bought; closing the ISO week bills Eco from Soleil at the frozen transfer price (returns before
the close netted), numbered IC-SOLEIL-2026-W48-NNNN; closing again issues nothing; a reversal
after issue becomes an intercompany credit note; both entities see the documents, the
XML read back from the PDF validates."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import facturx
import pytest

from hub.db import transaction
from hub.errors import ApiError
from hub.services.actor import CLI, user
from hub.services.billing.close import close_period
from hub.services.billing.documents.facturx import xml_from_pdf
from hub.services.billing.invoices import get_invoice, list_invoices, set_status
from hub.services.returns import return_lead
from leadhub.demo.seed import DemoWorld
from tests.integration.test_billing_support import CLOSE_NOV, invoices, lines, sell

pytestmark = pytest.mark.integration

W48 = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)  # a Saturday of 2026-W48


def crossed(con: sqlite3.Connection, at: datetime) -> tuple[str, str]:
    """A Soleil PV lead sold to Eco's buyer, its PV transfer price frozen (25 €)."""
    lead, delivery = sell(con, at, commande="cmd_eco_pv", price=4000)
    with transaction(con):
        con.execute("UPDATE deliveries SET transfer_cents = 2500 WHERE id = ?", (delivery,))
    return lead, delivery


def test_a_week_bills_the_selling_entity_at_transfer_prices(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    sold = [crossed(hub_con, W48 + timedelta(hours=i)) for i in range(3)]
    sell(hub_con, W48)  # Soleil's own buyer: no transfer
    return_lead(hub_con, CLI, sold[0][0], "hors zone", W48 + timedelta(days=1))

    done = close_period(hub_con, CLI, "2026-W48", CLOSE_NOV)

    numbers = {d["number"] for d in done["issued"]}
    assert numbers == {"ECO-202612-0001", "IC-SOLEIL-2026-W48-0001"}
    [ic] = invoices(hub_con, entity_id="acc_soleil")
    assert (ic["customer_entity_id"], ic["buyer_id"], ic["period"]) == ("acc_eco", None, "2026-W48")
    assert lines(hub_con, ic["id"]) == [("transfer", "PV", 3, 2500), ("return", "PV", -1, 2500)]
    assert (ic["total_ht_cents"], ic["vat_cents"], ic["total_ttc_cents"]) == (5000, 1000, 6000)
    raw = xml_from_pdf(bytes(ic["pdf"]))
    assert facturx.xml_check_xsd(raw, flavor="factur-x", level="en16931")
    xml = raw.decode()
    assert "IC-SOLEIL-2026-W48-0001" in xml and "<ram:GrandTotalAmount>60.00" in xml
    assert close_period(hub_con, CLI, "2026-W48", CLOSE_NOV + timedelta(hours=1))["issued"] == []

    return_lead(hub_con, CLI, sold[1][0], "injoignable", CLOSE_NOV + timedelta(hours=2))
    late = close_period(hub_con, CLI, "2026-W48", CLOSE_NOV + timedelta(hours=3))["issued"]
    ic_note = [d for d in late if d["number"].startswith("IC-")]
    assert [(d["kind"], d["number"], d["refers_to"]) for d in ic_note] == [
        ("credit_note", "IC-SOLEIL-2026-W48-0002", "IC-SOLEIL-2026-W48-0001")
    ]
    [again] = invoices(hub_con, id=ic["id"])
    assert again["pdf"] == ic["pdf"]
    [note] = invoices(hub_con, number="IC-SOLEIL-2026-W48-0002")
    note_xml = xml_from_pdf(bytes(note["pdf"]))
    assert facturx.xml_check_xsd(note_xml, flavor="factur-x", level="en16931")
    assert b"<ram:TypeCode>381</ram:TypeCode>" in note_xml
    assert b"IC-SOLEIL-2026-W48-0001" in note_xml  # the invoice it corrects

    eco = user("usr_eco", "finance", ["acc_eco"])
    seen = list_invoices(hub_con, eco, {"intercompany": "true"})
    assert {i["number"] for i in seen["items"]} == {
        "IC-SOLEIL-2026-W48-0001",
        "IC-SOLEIL-2026-W48-0002",
    }
    assert get_invoice(hub_con, eco, ic["id"])["buyer_name"] == "Eco Renov"
    with pytest.raises(ApiError) as refused:  # the billed entity reads; the issuer marks paid
        set_status(hub_con, eco, ic["id"], {"status": "paid"}, CLOSE_NOV)
    assert refused.value.status_code == 403
    soleil = user("usr_soleil", "finance", ["acc_soleil"])
    assert set_status(hub_con, soleil, ic["id"], {"status": "paid"}, CLOSE_NOV)["status"] == "paid"
    to_buyers = list_invoices(hub_con, eco, {"intercompany": "false"})
    assert {i["number"][:4] for i in to_buyers["items"]} == {"ECO-"}


def test_a_month_issues_no_intercompany_invoice(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    crossed(hub_con, W48)
    done = close_period(hub_con, CLI, "2026-11", CLOSE_NOV)
    assert not [d for d in done["issued"] if d["number"].startswith("IC-")]
