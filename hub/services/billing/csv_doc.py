"""The CSV of a document (semicolon-separated, UTF-8 with BOM, as French spreadsheets open
it): one row per line with the document's number, kind, dates, parties, then the amounts in
euros with a decimal point; the totals HT, TVA and TTC repeated on each row."""

from __future__ import annotations

import csv
import io

from hub.services.billing.amounts import decimal
from hub.services.billing.model import Document

HEADER = (
    "number",
    "kind",
    "issue_date",
    "due_date",
    "period",
    "refers_to",
    "seller",
    "seller_siren",
    "seller_vat_number",
    "buyer",
    "buyer_siren",
    "buyer_vat_number",
    "line_no",
    "line_kind",
    "product_code",
    "label",
    "quantity",
    "unit_price_ht_eur",
    "amount_ht_eur",
    "total_ht_eur",
    "vat_rate",
    "total_vat_eur",
    "total_ttc_eur",
)


def document_csv(doc: Document) -> str:
    d, t = doc.draft, doc.totals
    out = io.StringIO()
    out.write("\ufeff")
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    w.writerow(HEADER)
    for no, line in enumerate(d.lines, start=1):
        w.writerow(
            (
                doc.number,
                d.kind,
                doc.issue_date,
                doc.due_date,
                d.period,
                doc.refers_to_number or "",
                d.seller.display_name,
                d.seller.siren or "",
                d.seller.vat_number or "",
                d.buyer.display_name,
                d.buyer.siren or "",
                d.buyer.vat_number or "",
                no,
                line.kind,
                line.product_code or "",
                line.label,
                line.quantity,
                decimal(line.unit_price_cents),
                decimal(line.amount_cents),
                decimal(t.ht),
                decimal(t.rate_bp),
                decimal(t.vat),
                decimal(t.ttc),
            )
        )
    return out.getvalue()
