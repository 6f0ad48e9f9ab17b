"""Issuing one document: its number taken, its content frozen (JSON), its Factur-X PDF and CSV
made and stored, its lines written, the sales and credits it carries marked, and the activity
log entry — all in the caller's transaction, so a failure leaves nothing and gives the number
back. Nothing here ever updates an issued document but its status (:mod:`.invoices`)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta

from hub.calendar import paris_date
from hub.db import iso, new_id, sql
from hub.services.actor import Actor, log_change
from hub.services.billing.csv_doc import document_csv
from hub.services.billing.model import KIND_CREDIT_NOTE, Document, Draft
from hub.services.billing.numbering import next_ic_number, next_number


def issue(
    con: sqlite3.Connection,
    actor: Actor,
    draft: Draft,
    entity_id: str,
    now: datetime,
) -> Document:
    entity = con.execute(sql("billing/party_entity"), {"id": entity_id}).fetchone()
    today = paris_date(now)
    paid_now = draft.prepaid and draft.kind != KIND_CREDIT_NOTE
    due = today if paid_now else today + timedelta(days=draft.payment_days)
    ref = None
    if draft.refers_to is not None:
        ref = con.execute(sql("billing/invoice_get"), {"id": draft.refers_to}).fetchone()
    ic = draft.intercompany
    doc = Document(
        new_id("inv"),
        next_ic_number(con, entity, draft.period) if ic else next_number(con, entity, today),
        draft,
        today.isoformat(),
        due.isoformat(),
        ref["number"] if ref else None,
        ref["issue_date"] if ref else None,
    )
    t = doc.totals
    con.execute(
        sql("billing/invoice_insert"),
        {
            "id": doc.id,
            "number": doc.number,
            "kind": draft.kind,
            "entity_id": entity_id,
            "buyer_id": None if ic else draft.buyer.id,
            "customer_entity_id": draft.buyer.id if ic else None,
            "account_id": draft.account_id,
            "period": draft.period,
            "period_start": draft.period_start,
            "period_end": draft.period_end,
            "issue_date": doc.issue_date,
            "due_date": doc.due_date,
            "refers_to": draft.refers_to,
            "vat_rate_bp": t.rate_bp,
            "total_ht_cents": t.ht,
            "vat_cents": t.vat,
            "total_ttc_cents": t.ttc,
            "prepaid": int(draft.prepaid),
            "status": "paid" if paid_now else "issued",
            "document": json.dumps(doc.as_json(), ensure_ascii=False, sort_keys=True),
            "pdf": _facturx_pdf(doc),
            "csv": document_csv(doc),
            "issued_at": iso(now),
            "paid_at": iso(now) if paid_now else None,
        },
    )
    for no, line in enumerate(draft.lines, start=1):
        con.execute(
            sql("billing/invoice_line_insert"),
            {
                "invoice_id": doc.id,
                "line_no": no,
                "kind": line.kind,
                "product_code": line.product_code,
                "label": line.label,
                "quantity": line.quantity,
                "unit_price_cents": line.unit_price_cents,
                "amount_cents": line.amount_cents,
            },
        )
    ids = {"invoice_id": doc.id}
    marks = (
        ("billing/deliveries_ic_billed", "billing/credits_ic_billed")
        if ic
        else (
            "billing/deliveries_billed",
            "billing/credits_billed",
        )
    )
    con.execute(sql(marks[0]), {**ids, "ids": json.dumps(draft.sale_ids)})
    con.execute(sql(marks[1]), {**ids, "ids": json.dumps(draft.credit_ids)})
    detail = {
        "number": doc.number,
        "kind": draft.kind,
        "buyer_id": draft.buyer.id,
        "period": draft.period,
        "total_ht_cents": t.ht,
        "total_ttc_cents": t.ttc,
        "refers_to": doc.refers_to_number,
    }
    action = f"intercompany_{draft.kind}.issued" if ic else f"{draft.kind}.issued"
    log_change(con, actor, action, doc.id, draft.account_id, detail, now)
    return doc


def _facturx_pdf(doc: Document) -> bytes:
    """fpdf2, numpy and factur-x load with the first document, not with every process."""
    from hub.services.billing.documents.facturx import facturx_pdf

    return facturx_pdf(doc)
