"""Prepaid balances: what the router, the delivery settlement, lead ops and the returns all do
to a prepaid buyer's money (call inside the caller's transaction).

A balance is in euro cents HT and never negative: a sale draws its frozen price with a
conditional update inside the routing transaction that reserves the caps (all or none), so two
routers can never both spend the last euros. Every movement is a ledger row
(``prepaid_movements``) with the balance after it. A delivery the buyer did not take (rejected,
duplicate, taken back by lead ops) is refunded, a returned one credited — each at most once.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from hub.db import iso, sql

ROUTER = "router"


def _add(
    con: sqlite3.Connection,
    buyer_id: str,
    kind: str,
    amount_cents: int,
    now: datetime,
    actor: str,
    *,
    delivery_id: str | None = None,
    credit_id: str | None = None,
    note: str | None = None,
) -> int:
    """Apply a movement to the balance and write its ledger row; the balance after it."""
    if kind != "sale":
        con.execute(
            sql("prepaid_add"), {"buyer_id": buyer_id, "amount": amount_cents, "now": iso(now)}
        )
    con.execute(
        sql("prepaid_movement_insert"),
        {
            "buyer_id": buyer_id,
            "kind": kind,
            "amount": amount_cents,
            "delivery_id": delivery_id,
            "credit_id": credit_id,
            "note": note,
            "actor": actor,
            "now": iso(now),
        },
    )
    return balance(con, buyer_id)


def balance(con: sqlite3.Connection, buyer_id: str) -> int:
    row = con.execute(sql("prepaid_balance_get"), {"buyer_id": buyer_id}).fetchone()
    return 0 if row is None else int(row["balance_cents"])


def draw(con: sqlite3.Connection, buyer_id: str, amount_cents: int, now: datetime) -> bool:
    """Take ``amount_cents`` from the balance if it can pay them (False: it cannot; nothing
    changed). The ledger row follows with the delivery id (:func:`record_sale`)."""
    params = {"buyer_id": buyer_id, "amount": amount_cents, "now": iso(now)}
    return con.execute(sql("prepaid_draw"), params).rowcount == 1


def record_sale(
    con: sqlite3.Connection, buyer_id: str, delivery_id: str, amount_cents: int, now: datetime
) -> None:
    """The ledger row of a sale whose price :func:`draw` took, in the same transaction."""
    _add(con, buyer_id, "sale", -amount_cents, now, ROUTER, delivery_id=delivery_id)


def give_back(
    con: sqlite3.Connection,
    delivery_id: str,
    now: datetime,
    *,
    actor: str = ROUTER,
    note: str | None = None,
    credit_id: str | None = None,
) -> int:
    """Give back what a delivery's sale drew from a prepaid balance (a ``credit`` when
    ``credit_id`` names the return's credit, else a ``refund``); once. The amount given back
    (0: the delivery was not paid from a balance, or was already given back)."""
    row = con.execute(sql("prepaid_sale_open"), {"delivery_id": delivery_id}).fetchone()
    if row is None:
        return 0
    amount = int(row["amount_cents"])
    kind = "credit" if credit_id else "refund"
    _add(
        con,
        row["buyer_id"],
        kind,
        amount,
        now,
        actor,
        delivery_id=delivery_id,
        credit_id=credit_id,
        note=note,
    )
    return amount


def credit(
    con: sqlite3.Connection,
    buyer_id: str,
    credit_id: str,
    amount_cents: int,
    now: datetime,
    actor: str,
    note: str,
) -> int:
    """A manual credit of a prepaid buyer lands on its balance; the balance after it."""
    return _add(con, buyer_id, "credit", amount_cents, now, actor, credit_id=credit_id, note=note)


def top_up(
    con: sqlite3.Connection,
    buyer_id: str,
    amount_cents: int,
    note: str,
    now: datetime,
    actor: str,
) -> int:
    """Money paid in advance by the buyer; the balance after it."""
    return _add(con, buyer_id, "top_up", amount_cents, now, actor, note=note)
