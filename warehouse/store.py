"""The pipeline's private DuckDB (``work.duckdb``): one writer at a time, schema, settings.

Only the pipeline opens the work DB. Readers use the published snapshot (``reader.py``).
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from hub.settings import Settings
from warehouse.sql import load

# Only parquet/json/icu/core_functions are built in; nothing may be downloaded.
DUCKDB_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": True,
    "TimeZone": "UTC",
}


class WriterBusy(RuntimeError):
    """Another process held the warehouse writer lock for longer than the timeout."""


@contextmanager
def writer_lock(settings: Settings, timeout_s: float = 900.0) -> Iterator[None]:
    """Hold the one-writer lock of the warehouse (released by the kernel if the process dies)."""
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    path = settings.warehouse_dir / ".writer.lock"
    deadline = time.monotonic() + timeout_s
    with path.open("a+b") as handle:
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WriterBusy(
                        f"warehouse writer lock {path} busy for {timeout_s:.0f}s"
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextmanager
def open_work(settings: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the work DB read-write with the schema in place; closed (and checkpointed) after."""
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(settings.warehouse_work_db), config=DUCKDB_CONFIG)
    try:
        con.execute(load("schema"))
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One DuckDB transaction around the block: committed at its end, rolled back on any
    exception (which is raised again)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def count(con: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> int:
    """Run a query returning one integer (fetched to the end, as DuckDB 2.0 requires)."""
    rows = con.execute(sql, params).fetchall()
    return int(rows[0][0] or 0) if rows else 0


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """A base table (not a view, not a temp table) of that name in the open database."""
    sql = "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND NOT temporary"
    return count(con, sql, [name]) > 0


def stored_version(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """The version ``model_versions`` holds for ``name`` (a model, or ``ab_tests:p_best``)."""
    rows = con.execute("SELECT version FROM model_versions WHERE model = ?", [name]).fetchall()
    return str(rows[0][0]) if rows else None


def store_version(con: duckdb.DuckDBPyConnection, name: str, version: str) -> None:
    con.execute("INSERT OR REPLACE INTO model_versions VALUES (?, ?)", [name, version])
