"""Returns and credits: a buyer gives a sold lead back within its window, with a reason, and is
credited the price frozen at assignment (and the intercompany transfer is reversed).

A return is a ``credits`` row of kind ``return`` — at most one per delivery (unique index) —
counted in the Europe/Paris month it is made: an invoiced month is never rewritten, the credit
lands on the next statement. ``grant_credit`` records a manual credit with a reason. A prepaid
buyer's money comes back to its balance (:mod:`hub.rules.prepaid`): a return, when the sale was
paid from the balance; a manual credit, when the buyer is prepaid.
Errors are :class:`hub.errors.ApiError` (404 unknown lead, 409 not returnable, 422 bad input).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from hub.db import iso, new_id, sql, transaction
from hub.errors import ApiError, FieldError
from hub.rules import prepaid
from hub.services.actor import Actor, log_change

MAX_REASON = 500


@dataclass(frozen=True, slots=True)
class Credit:
    id: str
    buyer_id: str
    delivery_id: str | None
    lead_id: str | None
    amount_cents: int
    reason: str
    created_at: str


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise ApiError(
            422,
            "invalid_return",
            "reason: a reason is required",
            [FieldError("reason", "required", "Motif obligatoire.", "A reason is required.")],
        )
    if len(text) > MAX_REASON:
        raise ApiError(
            422,
            "invalid_return",
            f"reason: at most {MAX_REASON} characters",
            [
                FieldError(
                    "reason",
                    "too_long",
                    f"Motif de {MAX_REASON} caractères au plus.",
                    f"At most {MAX_REASON} characters.",
                )
            ],
        )
    return text


def _delivery(
    con: sqlite3.Connection, actor: Actor, lead_id: str, buyer_id: str | None
) -> sqlite3.Row:
    lead = con.execute(sql("lead_account"), {"lead_id": lead_id}).fetchone()
    if lead is None or not actor.sees(lead["account_id"]):
        raise ApiError(404, "lead_not_found", f"no lead {lead_id!r}")
    params = {"lead_id": lead_id, "buyer_id": buyer_id}
    found = con.execute(sql("return_deliveries"), params).fetchall()
    if not found:
        raise ApiError(409, "not_delivered", "this lead was not delivered to that buyer")
    if len(found) > 1:
        raise ApiError(
            422,
            "buyer_required",
            "buyer_id: the lead was sold to several buyers, say which one returns it",
            [
                FieldError(
                    "buyer_id",
                    "required",
                    "Lead vendu à plusieurs acheteurs : préciser lequel.",
                    "Sold to several buyers: say which one.",
                )
            ],
        )
    row: sqlite3.Row = found[0]
    return row


def return_lead(
    con: sqlite3.Connection,
    actor: Actor,
    lead_id: str,
    reason: str,
    now: datetime,
    *,
    buyer_id: str | None = None,
) -> Credit:
    """Return a delivered lead within its buyer's window; the buyer is credited its price."""
    actor.require("leads.operate")
    text = _reason(reason)
    with transaction(con):
        d = _delivery(con, actor, lead_id, buyer_id)
        if d["returned"]:
            raise ApiError(409, "already_returned", "this lead was already returned")
        window = timedelta(days=int(d["return_window_days"]))
        delivered = datetime.fromisoformat(d["delivered_at"])
        if now > delivered + window:
            raise ApiError(
                409,
                "return_window_expired",
                f"returns are accepted within {d['return_window_days']} days of delivery"
                f" (delivered {d['delivered_at']})",
            )
        credit = Credit(
            new_id("crd"), d["buyer_id"], d["id"], lead_id, d["price_cents"], text, iso(now)
        )
        con.execute(
            sql("credit_return_insert"),
            {
                "id": credit.id,
                "buyer_id": credit.buyer_id,
                "delivery_id": credit.delivery_id,
                "lead_id": lead_id,
                "amount_cents": credit.amount_cents,
                "transfer_cents": d["transfer_cents"],
                "reason": text,
                "actor": actor.label,
                "created_at": credit.created_at,
            },
        )
        prepaid.give_back(con, d["id"], now, actor=actor.label, note=text, credit_id=credit.id)
        _log(con, actor, d["account_id"], "lead.returned", lead_id, credit, now)
    return credit


def grant_credit(
    con: sqlite3.Connection,
    actor: Actor,
    buyer_id: str,
    amount_cents: int,
    reason: str,
    now: datetime,
) -> Credit:
    """A manual credit (e.g. free units as a commercial gesture), with its reason."""
    actor.require("credits.write")
    text = _reason(reason)
    if not isinstance(amount_cents, int) or not 0 < amount_cents <= 10_000_000:
        raise ApiError(
            422,
            "invalid_credit",
            "amount_cents: a positive amount in cents",
            [FieldError("amount_cents", "invalid", "Montant positif.", "A positive amount.")],
        )
    with transaction(con):
        row = con.execute(sql("buyer_account"), {"buyer_id": buyer_id}).fetchone()
        if row is None or not actor.sees(row["account_id"]):
            raise ApiError(404, "buyer_not_found", f"no buyer {buyer_id!r}")
        credit = Credit(new_id("crd"), buyer_id, None, None, amount_cents, text, iso(now))
        con.execute(
            sql("credit_manual_insert"),
            {
                "id": credit.id,
                "buyer_id": buyer_id,
                "amount_cents": amount_cents,
                "reason": text,
                "actor": actor.label,
                "created_at": credit.created_at,
            },
        )
        if row["billing_cycle"] == "prepaid":
            prepaid.credit(con, buyer_id, credit.id, amount_cents, now, actor.label, text)
        _log(con, actor, row["account_id"], "buyer.credited", buyer_id, credit, now)
    return credit


def _log(
    con: sqlite3.Connection,
    actor: Actor,
    account_id: str,
    action: str,
    subject: str,
    credit: Credit,
    now: datetime,
) -> None:
    detail = {"credit_id": credit.id, "amount_cents": credit.amount_cents, "reason": credit.reason}
    log_change(con, actor, action, subject, account_id, detail, now)
