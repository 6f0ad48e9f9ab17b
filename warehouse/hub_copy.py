"""Copy the hub's tables (SQLite, read-only, one consistent read) into the warehouse.

DuckDB's sqlite extension cannot be installed here: rows move through Python ``sqlite3``
and pyarrow. Only the columns listed in ``sql/hub/*.sql`` are read: no secrets, no hashes,
no personal data; ``sql/staging/copy_*.sql`` (``rows_leads``, ``rows_deliveries``) then type
them in DuckDB.

``leads`` and ``deliveries`` (the big ones) are copied by changed rows (decision 0063): the hub
logs every insert, update and delete of theirs in ``row_changes`` (hub migration 0032, an
ever-growing ``seq``); ``hub_copy_state`` keeps the last ``seq`` copied and a digest of the
lookup table each copy joins (forms, buyers). Only the rows changed since are read, deleted
and inserted again (a deleted row is deleted). The copy is whole when there is no state yet,
the hub has no log or went back (a restore), the lookup changed, or the row counts then
disagree with the hub's. ``lead_attribution`` is told which leads to redo.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from hub.db import connect, migrate
from hub.settings import Settings
from warehouse.sql import load
from warehouse.store import count, table_exists

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
# Copied by changed rows: table → the lookup table its copy joins.
KEYED = {"leads": "forms", "deliveries": "buyers"}


@dataclass
class HubRead:
    """One snapshot of the hub: every copied table, whole or (``changed``) its changed rows."""

    tables: dict[str, pa.Table]
    changed: dict[str, list[str]] = field(default_factory=dict)  # ids changed since the copy
    rows: dict[str, int] = field(default_factory=dict)  # the hub's row count of KEYED tables
    seq: int | None = None  # the hub's last row change (None: no change log)
    digests: dict[str, str] = field(default_factory=dict)  # KEYED table → its lookup's digest


def _open(hub_db: Path) -> sqlite3.Connection:
    if hub_db.exists():
        return connect(hub_db, readonly=True)
    con = sqlite3.connect(":memory:", isolation_level=None)  # no hub yet: empty tables
    migrate(con)
    return con


def _table(cur: sqlite3.Cursor) -> pa.Table:
    columns = [d[0] for d in cur.description]
    rows = cur.fetchall()
    values = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    return pa.table({col: pa.array(column) for col, column in zip(columns, values, strict=True)})


def _digest(table: pa.Table) -> str:
    return hashlib.sha256(repr(sorted(map(repr, table.to_pylist()))).encode()).hexdigest()


def read_hub(hub_db: Path, since: dict[str, tuple[int, str]] | None = None) -> HubRead:
    """One snapshot of every copied hub table (a single SQLite read transaction); of a KEYED
    table whose ``since`` (last seq copied, lookup digest) still holds, only the changed rows."""
    read = HubRead(tables={})
    with closing(_open(hub_db)) as con:
        con.execute("BEGIN")
        try:
            if con.execute(load("hub/change_log")).fetchone()[0] == 1:
                read.seq = int(con.execute(load("hub/changes_seq")).fetchone()[0])
                read.rows = dict(
                    zip(KEYED, con.execute(load("hub/row_count")).fetchone(), strict=True)
                )
            for name in HUB_TABLES:
                sql = load(f"hub/{name}")
                lookup = KEYED.get(name)
                if lookup is None:
                    read.tables[name] = _table(con.execute(sql))
                    continue
                read.digests[name] = _digest(read.tables[lookup])
                last = (since or {}).get(name)
                if (
                    read.seq is None
                    or last is None
                    or not 0 <= last[0] <= read.seq
                    or (last[1] != read.digests[name])
                ):
                    read.tables[name] = _table(con.execute(sql))
                    continue
                args = {"tbl": name, "since": last[0]}
                ids = [str(r[0]) for r in con.execute(load("hub/changed_ids"), args)]
                read.changed[name] = ids
                read.tables[name] = _table(
                    con.execute(
                        f"SELECT * FROM ({sql}) WHERE id IN ({load('hub/changed_ids')})", args
                    )
                )
        finally:
            con.execute("COMMIT")
    return read


def hub_fingerprint(hub_db: Path) -> str:
    """Cheap summary of the hub's state; changes when anything the warehouse copies changes."""
    if not hub_db.exists():
        return ""
    with closing(connect(hub_db, readonly=True)) as con:
        row = con.execute(load("hub/fingerprint")).fetchone()
        # the change log's last seq: also moved by the writes that keep updated_at (a delivery
        # finalised, a transfer price frozen)
        if con.execute(load("hub/change_log")).fetchone()[0] == 1:
            row = (f"{row[0] if row else ''}|{con.execute(load('hub/changes_seq')).fetchone()[0]}",)
    return str(row[0]) if row else ""


def _state(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, str]]:
    rows = con.execute("SELECT tbl, seq, lookup FROM hub_copy_state").fetchall()
    return {str(t): (int(s), str(d)) for t, s, d in rows}


def copy_hub(con: duckdb.DuckDBPyConnection, settings: Settings) -> dict[str, int]:
    """Update the warehouse copies of the hub tables in one transaction; row count per table."""
    read = read_hub(settings.hub_db, _state(con))
    if not _copy(con, read):  # the changed rows left a count unlike the hub's: copy whole
        read = read_hub(settings.hub_db)
        _copy(con, read)
    return {name: count(con, f'SELECT count(*) FROM "{name}"') for name in HUB_TABLES}


def _copy(con: duckdb.DuckDBPyConnection, read: HubRead) -> bool:
    """Apply one read in one transaction; False (rolled back) when a changed-rows copy does
    not end with the hub's row counts."""
    for name, table in read.tables.items():
        con.register(f"hub_{name}", table)
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            redo = table_exists(con, "lead_attribution")
            for name in HUB_TABLES:
                if name not in KEYED:
                    con.execute(load(f"staging/copy_{name}"))
                elif name in read.changed:
                    if not _apply_changes(con, name, read.changed[name], read.rows[name], redo):
                        con.execute("ROLLBACK")
                        return False
                else:
                    con.execute(
                        f'CREATE OR REPLACE TABLE "{name}" AS {load(f"staging/rows_{name}")}'
                    )
                    if redo:
                        con.execute(load("incremental/lead_attribution_redo_all"))
                if name in KEYED and read.seq is not None:
                    con.execute(
                        "INSERT OR REPLACE INTO hub_copy_state VALUES (?, ?, ?)",
                        [name, read.seq, read.digests[name]],
                    )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        for name in read.tables:
            con.unregister(f"hub_{name}")
    return True


def _apply_changes(
    con: duckdb.DuckDBPyConnection, name: str, ids: list[str], rows: int, redo: bool
) -> bool:
    """Delete the changed ids' rows and insert their current ones; whether the count matches."""
    if ids:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE hub_changed_ids AS SELECT unnest($ids) AS id",
            {"ids": ids},
        )
        if redo:
            con.execute(load(f"incremental/lead_attribution_redo_{name}"))
        con.execute(f'DELETE FROM "{name}" WHERE id IN (SELECT id FROM hub_changed_ids)')
        con.execute(f'INSERT INTO "{name}" BY NAME {load(f"staging/rows_{name}")}')
        if redo:
            con.execute(load(f"incremental/lead_attribution_redo_{name}"))
        con.execute("DROP TABLE hub_changed_ids")
    return count(con, f'SELECT count(*) FROM "{name}"') == rows
