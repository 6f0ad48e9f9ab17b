"""What closing a period bills for one buyer, read inside the closing transaction.

- The **invoice** of the period (unless already issued): the period's unbilled sales grouped
  per product and unit price; netted on it, the returns of those sales and the manual credits
  made during the period, when made before the close. If the manual credits would take the
  total below zero they are not netted (they go on a credit note instead).
- **Credit notes** (avoirs) for what an issued document can no longer carry: a return of a sale
  already invoiced (one credit note per invoice it corrects), and a manual credit of an ended
  period left off an invoice (it refers to the buyer's latest invoice).

A return of a sale not invoiced yet, of another period, waits for that period's close; a
manual credit of a period still open waits for that period's invoice.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from hub.db import sql
from hub.services.billing.model import KIND_CREDIT_NOTE, KIND_INVOICE, Draft, Line, Party
from hub.services.billing.periods import Period


@dataclass(frozen=True, slots=True)
class Parties:
    seller: Party
    buyer: Party
    account_id: str
    payment_days: int
    prepaid: bool


def party(row: sqlite3.Row) -> Party:
    return Party(
        row["id"], row["name"], row["legal_name"], row["siren"], row["vat_number"], row["address"]
    )


def parties(con: sqlite3.Connection, entity_id: str, buyer_id: str, account_id: str) -> Parties:
    entity = con.execute(sql("billing/party_entity"), {"id": entity_id}).fetchone()
    buyer = con.execute(sql("billing/party_buyer"), {"id": buyer_id}).fetchone()
    return Parties(
        party(entity),
        party(buyer),
        account_id,
        int(buyer["payment_days"]),
        buyer["billing_cycle"] == "prepaid",
    )


def _label(code: str | None, label: str | None) -> str:
    return f"Lead {label or code}" if code or label else "Lead"


def grouped(rows: Iterable[sqlite3.Row], kind: str, price: str, sign: int) -> list[Line]:
    counts: dict[tuple[str | None, str | None, int], int] = defaultdict(int)
    for r in rows:
        counts[(r["product_code"], r["product_label"], int(r[price]))] += 1
    return [
        Line(kind, code, _label(code, label), sign * n, unit)
        for (code, label, unit), n in sorted(
            counts.items(), key=lambda kv: (kv[0][0] or "", kv[0][2])
        )
    ]


def _credit_line(row: sqlite3.Row, sign: int) -> Line:
    return Line(
        "credit", None, f"Avoir commercial : {row['reason']}", sign, int(row["amount_cents"])
    )


def return_label(line: Line) -> Line:
    return Line(
        line.kind, line.product_code, f"Retour {line.label}", line.quantity, line.unit_price_cents
    )


def _in(period: Period, ts: str | None) -> bool:
    return ts is not None and period.start_utc <= ts < period.end_utc


def _draft(
    kind: str,
    period: Period,
    p: Parties,
    lines: list[Line],
    sale_ids: tuple[str, ...],
    credit_ids: set[str],
    refers_to: str | None,
) -> Draft:
    return Draft(
        kind,
        period.key,
        period.first.isoformat(),
        period.last.isoformat(),
        p.seller,
        p.buyer,
        p.account_id,
        p.payment_days,
        p.prepaid,
        tuple(lines),
        sale_ids,
        tuple(sorted(credit_ids)),
        refers_to,
    )


def drafts_for(
    con: sqlite3.Connection,
    period: Period,
    parties_: Parties,
    now_iso: str,
    *,
    invoiced: bool,
) -> tuple[Draft | None, list[Draft]]:
    """The invoice draft (None: already issued or nothing to bill) and the credit note drafts
    (whose ``refers_to`` is None when they correct the invoice being drafted)."""
    buyer_id = parties_.buyer.id
    window = {"buyer_id": buyer_id, "start": period.start_utc, "end": period.end_utc}
    pending = con.execute(sql("billing/credits_pending"), {"buyer_id": buyer_id, "now": now_iso})
    credits = pending.fetchall()
    invoice: Draft | None = None
    netted: set[str] = set()
    if not invoiced:
        sales = con.execute(sql("billing/sales_uninvoiced"), window).fetchall()
        returns = [
            c
            for c in credits
            if c["kind"] == "return" and c["sale_invoice_id"] is None and _in(period, c["sold_at"])
        ]
        manual = [c for c in credits if c["kind"] == "manual" and _in(period, c["created_at"])]
        lines = grouped(sales, "sale", "price_cents", 1)
        lines += [return_label(x) for x in grouped(returns, "return", "amount_cents", -1)]
        if sum(x.amount_cents for x in lines) - sum(int(c["amount_cents"]) for c in manual) >= 0:
            lines += [_credit_line(c, -1) for c in manual]
        else:
            manual = []
        if sales:
            netted = {c["id"] for c in (*returns, *manual)}
            sale_ids = tuple(s["id"] for s in sales)
            invoice = _draft(KIND_INVOICE, period, parties_, lines, sale_ids, netted, None)
    notes: dict[str | None, list[sqlite3.Row]] = defaultdict(list)
    for c in credits:
        if c["id"] in netted:
            continue
        if c["kind"] == "return" and c["sale_invoice_id"] is not None:
            notes[c["sale_invoice_id"]].append(c)
        elif c["kind"] == "manual" and c["created_at"] < period.end_utc:
            notes[None].append(c)
    credit_notes = []
    for refers_to, rows in sorted(notes.items(), key=lambda kv: kv[0] or ""):
        ret = [r for r in rows if r["kind"] == "return"]
        lines = [return_label(x) for x in grouped(ret, "return", "amount_cents", 1)]
        lines += [_credit_line(r, 1) for r in rows if r["kind"] == "manual"]
        ids = {r["id"] for r in rows}
        credit_notes.append(_draft(KIND_CREDIT_NOTE, period, parties_, lines, (), ids, refers_to))
    return invoice, credit_notes
