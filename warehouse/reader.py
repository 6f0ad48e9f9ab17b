"""Read the published warehouse snapshot: short-lived read-only connections, closed after use.

The pipeline never opens ``leadhub.duckdb``; it swaps a new file in with ``os.replace``. A
reader therefore never blocks a run and sees one whole snapshot: the one it opened.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from hub.settings import Settings
from warehouse.store import DUCKDB_CONFIG

Params = Sequence[object] | Mapping[str, object] | None


class SnapshotMissing(FileNotFoundError):
    """No snapshot has been published yet (run ``leadhub pipelines run``)."""


@contextmanager
def open_read_only(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-only connection to a DuckDB file, always closed on exit.

    Every reader uses the same config: DuckDB refuses a second connection to a file already
    open in the same process with a different one."""
    con = duckdb.connect(str(path), read_only=True, config=DUCKDB_CONFIG)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def open_snapshot(settings: Settings) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the published snapshot, closed when the block ends."""
    path = settings.warehouse_db
    if not path.exists():
        raise SnapshotMissing(f"no warehouse snapshot published yet at {path}")
    with open_read_only(path) as con:
        yield con


def query(settings: Settings, sql: str, params: Params = None) -> list[dict[str, Any]]:
    """Rows of a query on the published snapshot, as dicts."""
    with open_snapshot(settings) as con:
        cur = con.execute(sql, params)
        names = [d[0] for d in cur.description or []]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def query_df(settings: Settings, sql: str, params: Params = None) -> pl.DataFrame:
    """A query on the published snapshot as a polars DataFrame (DuckDB's Arrow result)."""
    with open_snapshot(settings) as con:
        frame: pl.DataFrame = con.sql(sql, params=params).pl()
    return frame
