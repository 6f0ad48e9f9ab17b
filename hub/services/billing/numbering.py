"""Invoice numbers: ``{PREFIX}-{YYYYMM}-{NNNN}`` per issuing entity, one sequence for invoices
and credit notes, restarting each Paris month of issue, without gaps.

The number is taken (:sql:`billing/sequence_next`) in the transaction that inserts the
document: SQLite's single writer (``BEGIN IMMEDIATE``) serialises two closes, and a rolled back
issue gives its number back, so the sequence never skips nor repeats. The prefix is the entity's
``invoice_prefix`` or, when unset, its id without ``acc_`` in upper case (``acc_soleil`` →
``SOLEIL``). Intercompany documents have their own sequence per entity and ISO week
(:func:`next_ic_number`).
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date

from hub.db import sql

_NOT_CODE = re.compile(r"[^A-Z0-9]")
MAX_PREFIX = 12


def default_prefix(account_id: str) -> str:
    bare = account_id.removeprefix("acc_").upper()
    return _NOT_CODE.sub("", bare)[:MAX_PREFIX] or "INV"


def prefix_of(entity: sqlite3.Row) -> str:
    given = entity["invoice_prefix"]
    return str(given) if given else default_prefix(str(entity["id"]))


def next_number(con: sqlite3.Connection, entity: sqlite3.Row, issue_date: date) -> str:
    """The next number of ``entity`` for the month of ``issue_date`` (call in a transaction)."""
    assert con.in_transaction, "a number is taken in the issuing transaction"
    month = f"{issue_date.year:04d}{issue_date.month:02d}"
    row = con.execute(sql("billing/sequence_next"), {"entity_id": entity["id"], "month": month})
    (last,) = row.fetchone()
    return f"{prefix_of(entity)}-{month}-{int(last):04d}"


def next_ic_number(con: sqlite3.Connection, entity: sqlite3.Row, week: str) -> str:
    """The next intercompany number of ``entity`` for the ISO week ``week`` (``2026-W48``):
    ``IC-{PREFIX}-{2026-W48}-{NNNN}``, its own gapless sequence per entity and week."""
    assert con.in_transaction, "a number is taken in the issuing transaction"
    row = con.execute(
        sql("billing/sequence_next"), {"entity_id": entity["id"], "month": f"IC{week}"}
    )
    (last,) = row.fetchone()
    return f"IC-{prefix_of(entity)}-{week}-{int(last):04d}"
