"""Closing a period: ``close_period(con, actor, "2026-11", now)`` issues, for each buyer of the
period's cycle (``2026-11``: monthly and prepaid buyers; ``2026-W48``: weekly ones) that the
actor sees, its invoice of the period (:mod:`.drafts`) and the credit notes due, each buyer in
its own write transaction; a week also closes the intercompany invoices (:mod:`.intercompany`).

Idempotent: a buyer whose invoice of the period exists gets no second one, and what is billed
is marked, so closing again with nothing new issues nothing. Two closes at once are
serialised per buyer by SQLite's single writer (``BEGIN IMMEDIATE``), re-reading inside the
transaction; numbers are taken there (:mod:`.numbering`), never twice, never skipped. A period
that has not ended on the Paris calendar cannot be closed (its sales are not all known). A
buyer (or entity pair) whose documents would lack a legal mention — the issuer's SIREN, VAT
number or address, the customer's SIREN or address — is reported under ``blocked`` and issues
nothing; the others are issued, and closing again once the identity is set issues it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import datetime
from typing import Any

from hub.db import iso, sql, transaction
from hub.errors import ApiError, FieldError
from hub.services.actor import Actor
from hub.services.billing.drafts import drafts_for, parties
from hub.services.billing.intercompany import close_week
from hub.services.billing.issue import issue
from hub.services.billing.legal import Incomplete, require_mentions
from hub.services.billing.model import Document
from hub.services.billing.periods import Period, parse_period
from hub.services.fields import Fields, not_found


def _bad_period(reason: str, fr: str, en: str) -> ApiError:
    return ApiError(422, "invalid_period", f"period: {en}", [FieldError("period", reason, fr, en)])


def closable(text: str, now: datetime) -> Period:
    try:
        period = parse_period(text)
    except ValueError as exc:
        raise _bad_period(
            "invalid", "Période attendue : AAAA-MM ou AAAA-Wss (ex. 2026-11, 2026-W48).", str(exc)
        ) from None
    if not period.ended(now):
        raise _bad_period(
            "not_ended",
            f"La période {period.key} n'est pas terminée (fin le {period.last}).",
            f"period {period.key} has not ended (last day {period.last})",
        )
    return period


def _summary(doc: Document) -> dict[str, Any]:
    t = doc.totals
    return {
        "id": doc.id,
        "number": doc.number,
        "kind": doc.draft.kind,
        "buyer_id": None if doc.draft.intercompany else doc.draft.buyer.id,
        "customer_entity_id": doc.draft.buyer.id if doc.draft.intercompany else None,
        "refers_to": doc.refers_to_number,
        "total_ht_cents": t.ht,
        "vat_cents": t.vat,
        "total_ttc_cents": t.ttc,
    }


def _close_buyer(
    con: sqlite3.Connection, actor: Actor, period: Period, buyer: sqlite3.Row, now: datetime
) -> list[Document]:
    issued: list[Document] = []
    with transaction(con):
        params = {"buyer_id": buyer["buyer_id"], "period": period.key}
        existing = con.execute(sql("billing/invoice_of_period"), params).fetchone()
        who = parties(con, buyer["entity_id"], buyer["buyer_id"], buyer["account_id"])
        invoice, notes = drafts_for(con, period, who, iso(now), invoiced=existing is not None)
        if invoice is not None or notes:
            require_mentions(buyer["buyer_id"], who.seller, who.buyer)
        if invoice is not None:
            issued.append(issue(con, actor, invoice, buyer["entity_id"], now))
        for note in notes:
            if note.refers_to is None:  # a manual credit: the buyer's latest invoice
                last = con.execute(sql("billing/last_invoice"), params).fetchone()
                note = replace(note, refers_to=last["id"] if last else None)
            issued.append(issue(con, actor, note, buyer["entity_id"], now))
    return issued


def close_period(
    con: sqlite3.Connection,
    actor: Actor,
    period_text: str,
    now: datetime,
    *,
    buyer_id: str | None = None,
) -> dict[str, Any]:
    """Issue what the period owes (see the module); returns the documents issued now."""
    actor.require("billing.write")
    period = closable(period_text, now)
    params = {"cycles": json.dumps(period.cycles), "buyer_id": buyer_id}
    buyers = [
        b
        for b in con.execute(sql("billing/buyers_of_cycles"), params)
        if actor.sees(b["account_id"])
    ]
    if buyer_id is not None and not buyers:
        raise not_found("buyer billed on this period", buyer_id)
    issued: list[Document] = []
    blocked: list[Incomplete] = []
    for buyer in buyers:
        if buyer["entity_id"] is None:
            continue  # an account tree without an entity issues nothing
        try:
            issued += _close_buyer(con, actor, period, buyer, now)
        except Incomplete as exc:
            blocked.append(exc)
    if period.kind == "week" and buyer_id is None:
        ic_issued, ic_blocked = close_week(con, actor, period, now)
        issued += ic_issued
        blocked += ic_blocked
    return {
        "period": period.key,
        "kind": period.kind,
        "buyers": len(buyers),
        "issued": [_summary(d) for d in issued],
        # What could not be issued for want of a legal mention (fix it, then close again).
        "blocked": [{"subject": b.subject, "missing": b.missing} for b in blocked],
    }


def close_request(
    con: sqlite3.Connection, actor: Actor, payload: Any, now: datetime
) -> dict[str, Any]:
    """:func:`close_period` from a request body ``{"period": …, "buyer_id": …}`` (422 naming
    each bad field)."""
    actor.require("billing.write")
    f = Fields(payload, ("period", "buyer_id"))
    period = f.text("period", required=True, max_len=10)
    buyer_id = f.text("buyer_id", max_len=64)
    f.check()
    assert period is not None
    return close_period(con, actor, period, now, buyer_id=buyer_id)
