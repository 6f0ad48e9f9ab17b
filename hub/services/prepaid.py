"""Prepaid balances — for API v1, the CLI and the dashboard: top up a prepaid buyer, read its
balance and its history (top-ups, sales, refunds, credits), list the balances an actor sees.

Finance tops up (``billing.write``: finance, admin, super_admin), with an amount in cents and a
note (the payment's reference); readers need ``billing.read``. Another tenant's buyer is a 404;
a buyer that is not prepaid is a 409 (its cycle is changed on the buyer first). A top-up is logged
in its transaction and wakes the leads waiting for that buyer's commandes. The money rules
(draw, refund, credit) are :mod:`hub.rules.prepaid`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.db import sql, transaction
from hub.errors import ApiError
from hub.rules import prepaid
from hub.rules.delivery_config import wake_buyer
from hub.services.actor import Actor, log_change
from hub.services.fields import Fields, page, visible

MAX_TOP_UP_CENTS = 100_000_000  # 1 000 000 € HT in one payment
MAX_NOTE = 200


def _buyer(con: sqlite3.Connection, actor: Actor, buyer_id: str) -> sqlite3.Row:
    row: sqlite3.Row | None = con.execute(
        sql("prepaid_balance_get"), {"buyer_id": buyer_id}
    ).fetchone()
    return visible(actor, row, "buyer", buyer_id)


def _item(row: sqlite3.Row) -> dict[str, Any]:
    out = dict(row)
    out["active"] = bool(out["active"])
    out["prepaid"] = out["billing_cycle"] == "prepaid"
    return out


def _amount(f: Fields) -> int | None:
    value = f.payload.get("amount_cents")
    if value is None:
        f.add("amount_cents", "required", "Montant obligatoire.", "amount_cents is required.")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_TOP_UP_CENTS:
        f.add(
            "amount_cents",
            "out_of_range",
            f"Un montant en centimes, de 1 à {MAX_TOP_UP_CENTS}.",
            f"An amount in cents from 1 to {MAX_TOP_UP_CENTS}.",
        )
        return None
    return value


def balance(con: sqlite3.Connection, actor: Actor, buyer_id: str) -> dict[str, Any]:
    """A buyer's cycle and prepaid balance (cents HT)."""
    actor.require("billing.read")
    return _item(_buyer(con, actor, buyer_id))


def history(
    con: sqlite3.Connection, actor: Actor, buyer_id: str, offset: int = 0, limit: int = 50
) -> dict[str, Any]:
    """A buyer's balance movements, newest first (paginated, with ``total``)."""
    actor.require("billing.read")
    _buyer(con, actor, buyer_id)
    rows = [dict(r) for r in con.execute(sql("prepaid_movements_of"), {"buyer_id": buyer_id})]
    return page(rows, offset, limit)


def balances(
    con: sqlite3.Connection, actor: Actor, offset: int = 0, limit: int = 50
) -> dict[str, Any]:
    """Every prepaid buyer the actor sees (or one still holding a balance), with its balance."""
    actor.require("billing.read")
    rows = [
        _item(r) for r in con.execute(sql("prepaid_balances_all")) if actor.sees(r["account_id"])
    ]
    return page(rows, offset, limit)


def top_up(
    con: sqlite3.Connection,
    actor: Actor,
    buyer_id: str,
    payload: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """Add ``amount_cents`` (> 0) to a prepaid buyer's balance, with a ``note`` (the payment's
    reference); the answer is the balance after it, with the movement."""
    actor.require("billing.write")
    current = _buyer(con, actor, buyer_id)
    f = Fields(payload, ("amount_cents", "note"))
    amount = _amount(f)
    note = f.text("note", required=True, max_len=MAX_NOTE)
    f.check()
    assert amount is not None and note is not None
    if current["billing_cycle"] != "prepaid":
        raise ApiError(
            409,
            "not_prepaid",
            f"Buyer {buyer_id!r} is billed {current['billing_cycle']}, not prepaid:"
            " set its billing_cycle to prepaid first.",
        )
    with transaction(con):
        after = prepaid.top_up(con, buyer_id, amount, note, now, actor.label)
        detail = {
            "amount_cents": amount,
            "note": note,
            "balance_cents": after,
            "before": {"balance_cents": after - amount},
            "after": {"balance_cents": after},
        }
        log_change(con, actor, "buyer.topped_up", buyer_id, current["account_id"], detail, now)
        woken = wake_buyer(con, buyer_id, now)
    out = balance(con, actor, buyer_id)
    out["top_up"] = {"amount_cents": amount, "note": note}
    out["leads_woken"] = woken
    return out
