"""Copy the hub's tables (SQLite, read-only, one consistent read) into the warehouse.

DuckDB's sqlite extension cannot be installed here: rows move through Python ``sqlite3``
and pyarrow. Only the columns listed in ``sql/hub/*.sql`` are read: no secrets, no hashes,
no personal data; ``sql/staging/copy_*.sql`` then type them in DuckDB.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import duckdb
import pyarrow as pa

from hub.db import connect, migrate
from hub.settings import Settings
from warehouse.sql import load
from warehouse.store import count

# Order matters: copies may join tables registered before them (leads → forms).
HUB_TABLES = (
    "accounts",
    "products",
    "landing_pages",
    "forms",
    "buyers",
    "commandes",
    "leads",
    "deliveries",
    "credits",
    "invoices",
    "invoice_lines",
    "ad_costs",
)


def _open(hub_db: Path) -> sqlite3.Connection:
    if hub_db.exists():
        return connect(hub_db, readonly=True)
    con = sqlite3.connect(":memory:", isolation_level=None)  # no hub yet: empty tables
    migrate(con)
    return con


def read_hub(hub_db: Path) -> dict[str, pa.Table]:
    """One snapshot of every copied hub table (a single SQLite read transaction)."""
    tables: dict[str, pa.Table] = {}
    with closing(_open(hub_db)) as con:
        con.execute("BEGIN")
        try:
            for name in HUB_TABLES:
                cur = con.execute(load(f"hub/{name}"))
                columns = [d[0] for d in cur.description]
                rows = cur.fetchall()
                values = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
                tables[name] = pa.table(
                    {col: pa.array(column) for col, column in zip(columns, values, strict=True)}
                )
        finally:
            con.execute("COMMIT")
    return tables


def hub_fingerprint(hub_db: Path) -> str:
    """Cheap summary of the hub's state; changes when anything the warehouse copies changes."""
    if not hub_db.exists():
        return ""
    with closing(connect(hub_db, readonly=True)) as con:
        row = con.execute(load("hub/fingerprint")).fetchone()
    return str(row[0]) if row else ""


def copy_hub(con: duckdb.DuckDBPyConnection, settings: Settings) -> dict[str, int]:
    """Replace the warehouse copies of the hub tables in one transaction; row count per table."""
    tables = read_hub(settings.hub_db)
    for name, table in tables.items():
        con.register(f"hub_{name}", table)
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            for name in HUB_TABLES:
                con.execute(load(f"staging/copy_{name}"))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        for name in tables:
            con.unregister(f"hub_{name}")
    return {name: count(con, f'SELECT count(*) FROM "{name}"') for name in HUB_TABLES}
