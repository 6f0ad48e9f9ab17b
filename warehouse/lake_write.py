"""Write raw event files in the lake layout (contract schema, temp name, fsync, rename).

The collector has its own writer; this one serves tests, benchmarks and imports.
"""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from hub.calendar import PARIS
from hub.settings import Settings
from warehouse.lake_schema import EVENT_SCHEMA


def paris_date(ts: datetime) -> str:
    if ts.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    return ts.astimezone(PARIS).date().isoformat()


def write_events(
    settings: Settings, rows: Iterable[Mapping[str, object]], name: str | None = None
) -> list[Path]:
    """Write rows into their Paris-date partitions (one new file per partition touched)."""
    by_day: dict[str, list[Mapping[str, object]]] = defaultdict(list)
    for row in rows:
        received = row["received_at"]
        if not isinstance(received, datetime):
            raise ValueError("received_at must be a datetime")
        by_day[paris_date(received)].append(row)
    written = []
    for day, day_rows in sorted(by_day.items()):
        table = pa.Table.from_pylist(
            [{f.name: r.get(f.name) for f in EVENT_SCHEMA} for r in day_rows], schema=EVENT_SCHEMA
        )
        written.append(write_table(settings, day, table, name))
    return written


def write_table(settings: Settings, day: str, table: pa.Table, name: str | None = None) -> Path:
    directory = settings.raw_dir / f"date={day}"
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / (name or f"{uuid.uuid4().hex}.parquet")
    tmp = directory / f".{final.name}.tmp"
    with tmp.open("wb") as handle:
        pq.write_table(table, handle)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(final)
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return final
