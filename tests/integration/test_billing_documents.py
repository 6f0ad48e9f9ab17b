"""The stored documents read back: the CII XML extracted from each Factur-X PDF validates
against the Factur-X EN16931 XSD (the ``factur-x`` library's own check), and its totals, type,
number, parties and legal mentions are the invoice's; the CSV adds up to the same totals."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import facturx
import pytest
from lxml import etree
from pypdf import PdfReader

from hub.services.actor import CLI
from hub.services.billing.amounts import decimal
from hub.services.billing.close import close_period
from hub.services.billing.documents.facturx import xml_from_pdf
from hub.services.returns import return_lead
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from tests.integration.test_billing_support import (
    CLOSE_NOV,
    SOLEIL_IDENTITY,
    invoices,
    sell,
    set_identity,
)
from tests.integration.test_warehouse_helpers import build_warehouse, work_query

pytestmark = pytest.mark.integration

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}


def text(tree: etree._Element, path: str) -> list[str]:
    return [str(x.text) for x in tree.iterfind(path, NS)]


def summation(tree: etree._Element, name: str) -> str:
    path = f".//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:{name}"
    [value] = text(tree, path)
    return value


def test_factur_x_pdfs_carry_a_valid_cii_xml_with_the_invoice_totals(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    set_identity(hub_con, "acc_soleil", SOLEIL_IDENTITY)
    sold = [sell(hub_con, datetime(2026, 11, 27, 9, 0, tzinfo=UTC)) for _ in range(3)]
    sell(
        hub_con,
        datetime(2026, 11, 27, 9, 0, tzinfo=UTC),
        commande="cmd_soleil_pac",
        price=4199,
        lp_key="lp_pac_demo",
    )
    return_lead(hub_con, CLI, sold[0][0], "hors zone", datetime(2026, 11, 29, 9, 0, tzinfo=UTC))
    close_period(hub_con, CLI, "2026-11", CLOSE_NOV)
    return_lead(hub_con, CLI, sold[1][0], "injoignable", CLOSE_NOV + timedelta(hours=1))
    close_period(hub_con, CLI, "2026-11", CLOSE_NOV + timedelta(hours=2))
    docs = invoices(hub_con)
    assert [d["kind"] for d in docs] == ["invoice", "credit_note"]
    for doc in docs:
        pdf = bytes(doc["pdf"])
        assert pdf.startswith(b"%PDF-")
        reader = PdfReader(io.BytesIO(pdf))
        assert list(reader.attachments) == ["factur-x.xml"]
        [intent] = reader.trailer["/Root"]["/OutputIntents"]
        assert intent.get_object()["/S"] == "/GTS_PDFA1" and b"/FontFile2" in pdf
        xml = xml_from_pdf(pdf)
        assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
        assert facturx.get_level(etree.fromstring(xml)) == "en16931"
        tree = etree.fromstring(xml)
        assert text(tree, "rsm:ExchangedDocument/ram:ID") == [doc["number"]]
        type_code = {"invoice": "380", "credit_note": "381"}[doc["kind"]]
        assert text(tree, "rsm:ExchangedDocument/ram:TypeCode") == [type_code]
        assert summation(tree, "TaxBasisTotalAmount") == decimal(doc["total_ht_cents"])
        assert summation(tree, "TaxTotalAmount") == decimal(doc["vat_cents"])
        assert summation(tree, "GrandTotalAmount") == decimal(doc["total_ttc_cents"])
        assert summation(tree, "DuePayableAmount") == decimal(doc["total_ttc_cents"])
        line_sum = sum(Decimal(v) for v in text(tree, ".//ram:LineTotalAmount")[:-1])
        assert line_sum == Decimal(decimal(doc["total_ht_cents"]))
        seller = ".//ram:SellerTradeParty"
        assert text(tree, f"{seller}/ram:Name") == ["Soleil Habitat SAS"]
        assert text(tree, f"{seller}/ram:SpecifiedLegalOrganization/ram:ID") == ["552100554"]
        assert text(tree, f"{seller}/ram:SpecifiedTaxRegistration/ram:ID") == ["FR40552100554"]
        buyer = ".//ram:BuyerTradeParty"
        assert text(tree, f"{buyer}/ram:SpecifiedLegalOrganization/ram:ID") == ["443061841"]
        assert text(tree, f"{buyer}/ram:SpecifiedTaxRegistration/ram:ID") == ["FR64443061841"]
        assert text(tree, f"{seller}/ram:PostalTradeAddress/ram:LineOne") == [
            SOLEIL_IDENTITY["address"]
        ]
        assert text(tree, f"{buyer}/ram:PostalTradeAddress/ram:LineOne") == [
            "12 rue des Artisans, Lyon"
        ]
        due = text(tree, ".//ram:DueDateDateTime/udt:DateTimeString")
        assert due == [doc["due_date"].replace("-", "")]
        notes = " ".join(text(tree, ".//ram:IncludedNote/ram:Content"))
        assert "40 €" in notes and "majoré de 10 points" in notes
        printed = " ".join(page.extract_text() for page in reader.pages)
        for mention in ("552100554", "FR40552100554", "443061841", "FR64443061841", "40 €"):
            assert mention in printed, mention  # on the page a person reads, too
        rows = list(csv.DictReader(io.StringIO(doc["csv"].lstrip("\ufeff")), delimiter=";"))
        assert sum(Decimal(r["amount_ht_eur"]) for r in rows) == Decimal(
            decimal(doc["total_ht_cents"])
        )
        assert {r["total_ttc_eur"] for r in rows} == {decimal(doc["total_ttc_cents"])}
    invoice, note = docs
    assert text(
        etree.fromstring(xml_from_pdf(bytes(note["pdf"]))),
        ".//ram:InvoiceReferencedDocument/ram:IssuerAssignedID",
    ) == [invoice["number"]]
    # 3 × 35 € + 41,99 € − 35 € returned before the close; TVA on the total, half up.
    assert invoice["total_ht_cents"] == 11199 and invoice["vat_cents"] == 2240
    assert (note["total_ht_cents"], note["vat_cents"], note["total_ttc_cents"]) == (3500, 700, 4200)


def test_the_warehouse_holds_the_issued_documents_for_analysts(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    for _ in range(3):
        sell(hub_con, datetime(2026, 11, 12, 9, 0, tzinfo=UTC))
    sold = sell(hub_con, datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    close_period(hub_con, CLI, "2026-11", CLOSE_NOV)
    return_lead(hub_con, CLI, sold[0], "faux numéro", CLOSE_NOV + timedelta(days=1))
    close_period(hub_con, CLI, "2026-11", CLOSE_NOV + timedelta(days=2))
    build_warehouse(settings)
    got = work_query(
        settings,
        "SELECT i.number, i.kind, i.total_ht_eur, i.vat_eur, i.total_ttc_eur, i.status,"
        " sum(l.amount_eur) AS lines_eur FROM invoices AS i"
        " JOIN invoice_lines AS l ON l.invoice_id = i.id GROUP BY ALL ORDER BY i.number",
    )
    hub = invoices(hub_con)
    assert [g["number"] for g in got] == [h["number"] for h in hub]
    for g, h in zip(got, hub, strict=True):
        assert g["total_ht_eur"] == Decimal(decimal(h["total_ht_cents"])) == g["lines_eur"]
        assert g["vat_eur"] == Decimal(decimal(h["vat_cents"]))
        assert g["total_ttc_eur"] == Decimal(decimal(h["total_ttc_cents"]))
        # The Factur-X PDF read back (its XML valid) states the warehouse's totals.
        xml = xml_from_pdf(bytes(h["pdf"]))
        assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
        tree = etree.fromstring(xml)
        assert text(tree, "rsm:ExchangedDocument/ram:ID") == [g["number"]]
        assert Decimal(summation(tree, "TaxBasisTotalAmount")) == g["total_ht_eur"]
        assert Decimal(summation(tree, "TaxTotalAmount")) == g["vat_eur"]
        assert Decimal(summation(tree, "GrandTotalAmount")) == g["total_ttc_eur"]
    assert [(g["kind"], g["total_ht_eur"]) for g in got] == [
        ("invoice", Decimal("140.00")),
        ("credit_note", Decimal("35.00")),
    ]
    # The analysts' monthly mart agrees: November's sales are the invoice, December's credit
    # (the return made after issue) is the credit note.
    monthly = work_query(
        settings,
        "SELECT strftime(month, '%Y-%m') AS m, sum(amount_eur) AS sold, sum(credit_eur) AS credit"
        " FROM billing_monthly WHERE buyer_id = 'buy_soleil_crm' GROUP BY m ORDER BY m",
    )
    assert [(r["m"], r["sold"], r["credit"]) for r in monthly] == [
        ("2026-11", Decimal("140.00"), Decimal("0.00")),
        ("2026-12", Decimal("0.00"), Decimal("35.00")),
    ]
