"""Builders shared by the invoicing tests (this module holds no tests): sales inserted into the
real seeded hub at chosen times, the stored invoices read back."""

from __future__ import annotations

import itertools
import sqlite3
from datetime import UTC, datetime
from typing import Any

from hub.db import iso, transaction
from tests.integration.test_warehouse_helpers import demo_page, insert_delivery, insert_lead

CLOSE_NOV = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)  # 10:00 in Paris, November has ended
_seq = itertools.count(1)

SOLEIL_IDENTITY = {
    "legal_name": "Soleil Habitat SAS",
    "siren": "552100554",
    "vat_number": "FR40552100554",
    "address": "3 place Bellecour, 69002 Lyon",
}


def sell(
    con: sqlite3.Connection,
    at: datetime,
    *,
    commande: str = "cmd_soleil_pv",
    price: int = 3500,
    lp_key: str = "lp_solaire_demo",
    is_test: bool = False,
) -> tuple[str, str]:
    """One lead sold and delivered at ``at`` through ``commande``: (lead id, delivery id)."""
    n = next(_seq)
    lp, form = demo_page(con, lp_key)
    lead_id, delivery_id = f"led_bill_{n}", f"dlv_bill_{n}"
    insert_lead(con, lead_id, lp, form, at, is_test=int(is_test), phone_e164=f"+336{n:08d}")
    insert_delivery(con, delivery_id, lead_id, commande, price, "delivered", at)
    return lead_id, delivery_id


def set_identity(con: sqlite3.Connection, account_id: str, values: dict[str, str]) -> None:
    sets = ", ".join(f"{k} = :{k}" for k in values)
    with transaction(con):
        con.execute(f"UPDATE accounts SET {sets} WHERE id = :id", {**values, "id": account_id})


def set_cycle(con: sqlite3.Connection, buyer_id: str, cycle: str) -> None:
    with transaction(con):
        con.execute("UPDATE buyers SET billing_cycle = ? WHERE id = ?", (cycle, buyer_id))


def backdate_credit(con: sqlite3.Connection, credit_id: str, at: datetime) -> None:
    with transaction(con):
        con.execute("UPDATE credits SET created_at = ? WHERE id = ?", (iso(at), credit_id))


def invoices(con: sqlite3.Connection, **where: Any) -> list[dict[str, Any]]:
    cond = " AND ".join(f"{k} = :{k}" for k in where) or "1"
    rows = con.execute(f"SELECT * FROM invoices WHERE {cond} ORDER BY number", where)
    return [dict(r) for r in rows]


def lines(con: sqlite3.Connection, invoice_id: str) -> list[tuple[str, str | None, int, int]]:
    rows = con.execute(
        "SELECT kind, product_code, quantity, unit_price_cents FROM invoice_lines"
        " WHERE invoice_id = ? ORDER BY line_no",
        (invoice_id,),
    )
    return [tuple(r) for r in rows]  # type: ignore[misc]
