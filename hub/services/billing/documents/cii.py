"""The EN 16931 (Factur-X profile EN16931) Cross Industry Invoice XML of a document, from the
Jinja2 template ``hub/templates/facturx_cii.xml.j2`` (values XML-escaped).

An invoice is type 380, a credit note 381 with positive amounts and its invoice referenced
(BT-25/26). An invoice's netted returns and credits are lines with a negative quantity at a
positive net price (BR-27). Dates are ``YYYYMMDD`` (format 102), amounts ``1234.50``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from hub.services.billing import legal
from hub.services.billing.amounts import decimal, rate_percent
from hub.services.billing.model import KIND_CREDIT_NOTE, Document

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
TYPE_CODES = {"invoice": "380", "credit_note": "381"}


@cache
def _template() -> Template:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template("facturx_cii.xml.j2")


def _day(iso_date: str | None) -> str:
    return (iso_date or "").replace("-", "")


def terms(doc: Document) -> str:
    if doc.draft.prepaid and doc.draft.kind != KIND_CREDIT_NOTE:
        return legal.PREPAID
    year, month, day = doc.due_date.split("-")
    if doc.draft.kind == KIND_CREDIT_NOTE:
        return (
            f"Avoir à déduire de vos prochains règlements ou remboursable au {day}/{month}/{year}."
        )
    return f"Paiement à {doc.draft.payment_days} jours, échéance le {day}/{month}/{year}."


def cii_xml(doc: Document) -> bytes:
    t = doc.totals
    paid = doc.draft.prepaid and doc.draft.kind != KIND_CREDIT_NOTE
    text = _template().render(
        number=doc.number,
        type_code=TYPE_CODES[doc.draft.kind],
        issue_date=_day(doc.issue_date),
        notes=legal.notes(doc),
        lines=[
            {
                "product_code": line.product_code,
                "label": line.label,
                "unit": decimal(line.unit_price_cents),
                "quantity": line.quantity,
                "amount": decimal(line.amount_cents),
            }
            for line in doc.draft.lines
        ],
        rate=rate_percent(t.rate_bp),
        seller=doc.draft.seller,
        buyer=doc.draft.buyer,
        ht=decimal(t.ht),
        vat=decimal(t.vat),
        ttc=decimal(t.ttc),
        prepaid=decimal(t.ttc if paid else 0),
        due=decimal(0 if paid else t.ttc),
        period_start=_day(doc.draft.period_start),
        period_end=_day(doc.draft.period_end),
        terms=terms(doc),
        due_date=_day(doc.due_date),
        refers_to=doc.refers_to_number,
        refers_to_date=_day(doc.refers_to_date),
    )
    return text.encode("utf-8")
