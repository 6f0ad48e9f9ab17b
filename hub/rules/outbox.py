"""The outbox the router works from: a job is added in the same transaction as the change that
makes it necessary (a lead stored, a commande saved, a lead requeued). Claiming and leasing jobs
is the router's (``routing.claims``)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from hub.db import iso, sql


def enqueue(con: sqlite3.Connection, kind: str, ref_id: str, now: datetime) -> int:
    """Add a job (call inside the transaction that makes it necessary)."""
    cur = con.execute(sql("outbox_enqueue"), {"kind": kind, "ref_id": ref_id, "now": iso(now)})
    return int(cur.lastrowid or 0)
