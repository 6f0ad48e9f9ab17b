"""Intercompany invoices: per Paris ISO week, the entity that produced leads (the lead's
account, or its entity for a brand) bills the entity that sold them (the buyer's account's
entity) at the transfer prices frozen on the sales (decision 0021), numbered
``IC-{PREFIX}-{YYYY-Www}-{NNNN}`` in the producer's own sequence for that week.

The same rules as the buyers' invoices: one invoice per entity pair and week (closing again
issues nothing new); reversals (a return reverses the transfer) made before the close and of
that week's sales are netted; a reversal of a sale already billed becomes an intercompany
credit note referring to its invoice. Issued by :func:`close_week`, which ``close_period``
runs for a week, for the producing entities the actor sees.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import datetime

from hub.db import iso, sql, transaction
from hub.services.actor import Actor
from hub.services.billing.drafts import grouped, party, return_label
from hub.services.billing.issue import issue
from hub.services.billing.legal import Incomplete, require_mentions
from hub.services.billing.model import KIND_CREDIT_NOTE, KIND_INVOICE, Document, Draft, Line
from hub.services.billing.periods import Period

PAYMENT_DAYS = 30
Pair = tuple[str, str]  # producer entity, seller entity


def _pair(row: sqlite3.Row) -> Pair:
    return str(row["producer_id"]), str(row["seller_id"])


def _draft(
    con: sqlite3.Connection,
    period: Period,
    pair: Pair,
    kind: str,
    lines: list[Line],
    sale_ids: tuple[str, ...],
    credit_ids: set[str],
    refers_to: str | None,
) -> Draft:
    seller, customer = (
        party(con.execute(sql("billing/party_entity"), {"id": i}).fetchone()) for i in pair
    )
    return Draft(
        kind,
        period.key,
        period.first.isoformat(),
        period.last.isoformat(),
        seller,
        customer,
        pair[0],
        PAYMENT_DAYS,
        False,
        tuple(lines),
        sale_ids,
        tuple(sorted(credit_ids)),
        refers_to,
        intercompany=True,
    )


def _close_pair(
    con: sqlite3.Connection, actor: Actor, period: Period, pair: Pair, now: datetime
) -> list[Document]:
    window = {"start": period.start_utc, "end": period.end_utc}
    issued: list[Document] = []
    with transaction(con):
        sales = [r for r in con.execute(sql("billing/ic_sales"), window) if _pair(r) == pair]
        reversals = [
            r
            for r in con.execute(sql("billing/ic_reversals"), {"now": iso(now)})
            if _pair(r) == pair
        ]
        params = {"producer_id": pair[0], "seller_id": pair[1], "period": period.key}
        exists = con.execute(sql("billing/ic_invoice_of_week"), params).fetchone() is not None
        netted: set[str] = set()
        seller, customer = (
            party(con.execute(sql("billing/party_entity"), {"id": i}).fetchone()) for i in pair
        )
        if (sales and not exists) or any(r["sale_invoice_id"] for r in reversals):
            require_mentions(f"{pair[0]}→{pair[1]}", seller, customer)
        if sales and not exists:
            ours = [
                r
                for r in reversals
                if r["sale_invoice_id"] is None
                and period.start_utc <= r["sold_at"] < period.end_utc
            ]
            lines = grouped(sales, "transfer", "transfer_cents", 1)
            lines += [return_label(x) for x in grouped(ours, "return", "transfer_cents", -1)]
            netted = {r["id"] for r in ours}
            ids = tuple(r["id"] for r in sales)
            draft = _draft(con, period, pair, KIND_INVOICE, lines, ids, netted, None)
            issued.append(issue(con, actor, draft, pair[0], now))
        late: dict[str, list[sqlite3.Row]] = defaultdict(list)
        for r in reversals:
            if r["id"] not in netted and r["sale_invoice_id"] is not None:
                late[str(r["sale_invoice_id"])].append(r)
        for refers_to, rows in sorted(late.items()):
            lines = [return_label(x) for x in grouped(rows, "return", "transfer_cents", 1)]
            ids_ = {r["id"] for r in rows}
            note = _draft(con, period, pair, KIND_CREDIT_NOTE, lines, (), ids_, refers_to)
            issued.append(issue(con, actor, note, pair[0], now))
    return issued


def close_week(
    con: sqlite3.Connection, actor: Actor, period: Period, now: datetime
) -> tuple[list[Document], list[Incomplete]]:
    """Issue the week's intercompany invoices and the credit notes due (actor checked by the
    caller), one transaction per entity pair; a pair lacking a legal mention is reported."""
    window = {"start": period.start_utc, "end": period.end_utc}
    pairs = {_pair(r) for r in con.execute(sql("billing/ic_sales"), window)}
    pairs |= {_pair(r) for r in con.execute(sql("billing/ic_reversals"), {"now": iso(now)})}
    issued: list[Document] = []
    blocked: list[Incomplete] = []
    for pair in sorted(pairs):
        if pair[0] != pair[1] and actor.sees(pair[0]):
            try:
                issued += _close_pair(con, actor, period, pair, now)
            except Incomplete as exc:
                blocked.append(exc)
    return issued, blocked
