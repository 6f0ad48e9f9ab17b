"""The roller: sealed or orphaned spool segments → immutable Parquet in the lake.

For a segment ``<stem>``: accepted events go to ``raw_dir/date=<Paris date>/<stem>.parquet``,
refused ones to ``quarantine_dir/events/date=<Paris date>/<stem>.parquet`` (with ``reason``);
a segment over ``PART_BYTES`` is rolled piece by piece (``<stem>.1.parquet``...: the pieces are
cut after the same newlines every time);
each file is written as ``.<name>.tmp``, fsynced, renamed and its directory fsynced; then the
segment is deleted. The order makes a crash anywhere safe to replay:

1. event ids are *claimed* for the segment in the dedupe index (one SQLite transaction shared by
   every worker process); an id already claimed by another segment is a repeat and is dropped;
2. files are written under names derived from the segment: a replay rewrites the same content;
3. the segment is deleted.

Torn lines (a ``kill -9`` in the middle of an unacknowledged write) are skipped and counted.
Ids are remembered for 7 days. Quarantined records are kept as they come (not deduplicated).
"""

from __future__ import annotations

import fcntl
import io
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import duckdb
import msgspec
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from hub.calendar import PARIS
from hub.settings import Settings
from ingest.collect.agents import parse_agent
from ingest.collect.schema import SpoolRecord
from ingest.collect.spool import candidates, drop_stale_new, fsync_dir
from ingest.queries import q
from warehouse.lake_schema import LAKE_SCHEMA, QUARANTINE_SCHEMA, TIMESTAMP

_LOCK = threading.Lock()
DEDUPE_DAYS = 7
PART_BYTES = 8 * 1024 * 1024  # a segment is rolled in pieces: the roller's memory stays bounded
# A spool line as the JSON reader reads it: times are integer microseconds.
_LINE_SCHEMA = pa.schema(
    [
        pa.field(f.name, pa.int64() if f.type == TIMESTAMP else f.type)
        for f in QUARANTINE_SCHEMA
        if f.name != "collector_id"
    ]
)


@dataclass
class RollStats:
    segments: int = 0
    events: int = 0
    quarantined: int = 0
    duplicates: int = 0
    torn_lines: int = 0
    files: int = 0

    def add(self, other: RollStats) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


class DedupeIndex:
    """Event ids already rolled, and by which segment (``spool/dedupe.sqlite3``, WAL)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.con = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self.con.execute("PRAGMA journal_mode=WAL")
        self.con.execute("PRAGMA synchronous=FULL")
        self.con.execute("PRAGMA busy_timeout=30000")
        self.con.execute("PRAGMA cache_size=-65536")  # 64 MiB: random-key inserts stay in memory
        self.con.executescript(q("dedupe_schema"))

    def claim(self, segment: str, event_ids: list[str]) -> set[str]:
        """Claim ids for ``segment``; return those another segment claimed first."""
        if not event_ids:
            return set()
        ids = msgspec.json.encode(event_ids).decode()
        self.con.execute("BEGIN IMMEDIATE")
        try:
            added = self.con.execute(q("dedupe_claim"), (segment, time.time(), ids)).rowcount
            foreign: set[str] = set()
            if added < len(event_ids):  # some were there already: a replay or repeats
                rows = self.con.execute(q("dedupe_foreign"), (segment, ids)).fetchall()
                foreign = {row[0] for row in rows}
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")
        return foreign

    def prune(self, days: float = DEDUPE_DAYS) -> int:
        cur = self.con.execute(q("dedupe_prune"), (time.time() - days * 86_400,))
        return cur.rowcount

    def close(self) -> None:
        self.con.close()


def read_records(data: bytes) -> tuple[list[SpoolRecord], int]:
    """The slow, line by line reader: every line that does not decode is skipped and counted."""
    decoder = msgspec.json.Decoder(SpoolRecord)
    records: list[SpoolRecord] = []
    torn = 0
    for line in data.split(b"\n"):
        if not line.strip():
            continue
        try:
            records.append(decoder.decode(line))
        except msgspec.DecodeError:
            torn += 1
    return records, torn


def _duckdb() -> duckdb.DuckDBPyConnection:
    """This process's DuckDB (one thread: the roller runs niced beside the workers)."""
    global _CONNECTION
    if _CONNECTION is None:
        _CONNECTION = duckdb.connect(config={"threads": 1, "memory_limit": "512MB"})
    return _CONNECTION


_CONNECTION: duckdb.DuckDBPyConnection | None = None
_DUCK_TYPES = {pa.int64(): "BIGINT", pa.bool_(): "BOOLEAN", pa.string(): "VARCHAR"}
_DUCK_COLUMNS = {f.name: _DUCK_TYPES[f.type] for f in _LINE_SCHEMA}


def read_table(data: bytes) -> tuple[pa.Table, int]:
    """A segment as a table of spool columns (``_LINE_SCHEMA``), and the torn lines skipped.

    Fast path: DuckDB's JSON reader on every complete line (a torn write can only be the tail:
    a writer never appends after a failed write); ~1.7 µs an event against ~5 for pyarrow's
    (decision 0067). Anything it cannot read falls back to :func:`read_records`, which skips
    bad lines one by one.
    """
    end = data.rfind(b"\n") + 1
    torn = 1 if data[end:].strip() else 0
    lines = data if end == len(data) else data[:end]  # a piece mostly ends a line: no copy
    if not lines or lines.isspace():
        return pa.Table.from_batches([], _LINE_SCHEMA), torn
    try:
        with _LOCK:  # one DuckDB connection per process; a roll at a time uses it anyway
            relation = _duckdb().read_json(
                io.BytesIO(lines),
                format="newline_delimited",
                columns=_DUCK_COLUMNS,
                maximum_object_size=1 << 24,
            )
            table = relation.to_arrow_table()
        return table.cast(_LINE_SCHEMA), torn
    except (duckdb.Error, pa.ArrowException):
        records, torn = read_records(data)
        columns = {f.name: [getattr(r, f.name) for r in records] for f in _LINE_SCHEMA}
        return pa.table(columns, schema=_LINE_SCHEMA), torn


def lake_table(table: pa.Table, collector_id: str, schema: pa.Schema) -> pa.Table:
    """Spool columns to the lake's (typed times, ``is_test`` never null, ``collector_id``)."""
    columns: list[pa.Array | pa.ChunkedArray] = []
    for field in schema:
        if field.name == "collector_id":
            columns.append(_constant(collector_id, table.num_rows))
        elif field.name == "is_test":
            no = _bools([False] * table.num_rows)
            columns.append(pc.fill_null(table.column("is_test"), no))
        else:
            columns.append(table.column(field.name).cast(field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _bools(values: list[bool]) -> pa.Array:
    """A boolean array built from its bitmap (``pa.array`` would make pyarrow import pandas:
    seconds of CPU and ~55 MB in every worker)."""
    bits = np.packbits(np.fromiter(values, dtype=np.uint8, count=len(values)), bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(bits.tobytes())])


def _constant(text: str, count: int) -> pa.Array:
    """``count`` times the same string, built from buffers (``pa.scalar`` and ``pa.array``
    would import pandas); the offsets by numpy, not a Python loop."""
    raw = text.encode()
    offsets = np.arange(count + 1, dtype=np.int32) * len(raw)
    buffers = [None, pa.py_buffer(offsets.tobytes()), pa.py_buffer(raw * count)]
    return pa.Array.from_buffers(pa.string(), count, buffers)


def _strings(values: list[str | None]) -> pa.Array:
    """A string array built from its buffers (``pa.array`` would import pandas)."""
    raw = [v.encode() if v is not None else b"" for v in values]
    offsets = np.zeros(len(raw) + 1, dtype=np.int32)
    np.cumsum(np.fromiter(map(len, raw), dtype=np.int32, count=len(raw)), out=offsets[1:])
    valid = np.fromiter((v is not None for v in values), dtype=np.uint8, count=len(values))
    bits = np.packbits(valid, bitorder="little")
    buffers = [
        pa.py_buffer(bits.tobytes()),
        pa.py_buffer(offsets.tobytes()),
        pa.py_buffer(b"".join(raw)),
    ]
    return pa.Array.from_buffers(pa.string(), len(values), buffers)


AGENT_COLUMNS = ("device", "browser", "os")


def with_agents(table: pa.Table) -> pa.Table:
    """``device``, ``browser`` and ``os`` parsed from ``user_agent`` (the request workers leave
    them out, decision 0068): one :func:`parse_agent` per distinct string, cached."""
    if not table.num_rows:
        return table
    encoded = pc.dictionary_encode(table.column("user_agent").combine_chunks())
    agents = [parse_agent(text) for text in encoded.dictionary.to_pylist()]
    for name in AGENT_COLUMNS:
        values = _strings([getattr(agent, name) for agent in agents])
        index = table.schema.get_field_index(name)
        table = table.set_column(index, table.schema.field(index), pc.take(values, encoded.indices))
    return table


def day_groups(received_at: pa.ChunkedArray) -> dict[str, pa.Array]:
    """A row mask per Europe/Paris date of ``received_at`` (µs; Paris offsets are whole hours)."""
    hours = [us // 3_600_000_000 for us in received_at.to_pylist()]
    days = {h: datetime.fromtimestamp(h * 3600, PARIS).date().isoformat() for h in set(hours)}
    return {day: _bools([days[h] == day for h in hours]) for day in set(days.values())}


def write_atomic(table: pa.Table, final: Path) -> None:
    """``.<name>.tmp`` + fsync + rename + fsync of the directory (created durably if new)."""
    if not final.parent.exists():
        final.parent.mkdir(parents=True, exist_ok=True)
        fsync_dir(final.parent.parent)
    tmp = final.parent / f".{final.name}.tmp"
    with tmp.open("wb") as fh:
        pq.write_table(table, fh, compression="zstd")
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(final)
    fsync_dir(final.parent)


def parts(fh: BinaryIO, size: int = PART_BYTES) -> Iterator[bytes]:
    """A segment in pieces of about ``size`` bytes cut after a newline (the same pieces every
    time: a replay writes the same files); a torn last line comes last, alone or not."""
    rest = b""
    while block := fh.read(size):
        data = rest + block
        cut = data.rfind(b"\n") + 1
        if cut:
            yield data[:cut]
        rest = data[cut:]
    if rest:
        yield rest


def roll_records(
    data: bytes,
    stem: str,
    settings: Settings,
    dedupe: DedupeIndex,
    part: int = 0,
    seen: set[str] | None = None,
) -> RollStats:
    """Roll one piece of a segment: files ``<stem>.parquet`` (piece 0) or ``<stem>.<part>
    .parquet``; ``seen``: the ids of the segment's earlier pieces (a repeat is dropped)."""
    seen = set() if seen is None else seen
    table, torn = read_table(data)
    table = with_agents(table)
    stats = RollStats(segments=1 if part == 0 else 0, torn_lines=torn)
    is_refused = pc.is_valid(table.column("reason"))
    refused = table.filter(is_refused)
    accepted = table.filter(pc.invert(is_refused))
    ids = accepted.column("event_id").to_pylist()
    first: dict[str, int] = {}
    for row, event_id in enumerate(ids):
        if event_id not in seen:
            first.setdefault(event_id, row)
    foreign = dedupe.claim(stem, list(first))
    seen.update(first)
    keep = [False] * len(ids)
    for event_id, row in first.items():
        keep[row] = event_id not in foreign
    accepted = accepted.filter(_bools(keep))
    name = stem if part == 0 else f"{stem}.{part}"
    stats.duplicates = len(ids) - accepted.num_rows
    targets = (
        (accepted, settings.raw_dir, LAKE_SCHEMA),
        (refused, settings.quarantine_dir / "events", QUARANTINE_SCHEMA),
    )
    for group, root, schema in targets:
        if not group.num_rows:
            continue
        for day, rows in sorted(day_groups(group.column("received_at")).items()):
            rolled = lake_table(group.filter(rows), stem, schema)
            write_atomic(rolled, root / f"date={day}" / f"{name}.parquet")
            stats.files += 1
    stats.events, stats.quarantined = accepted.num_rows, refused.num_rows
    return stats


def roll_segment(path: Path, settings: Settings, dedupe: DedupeIndex) -> RollStats | None:
    """Roll one segment if nobody holds it (a live writer or another roller); else ``None``."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return None
        try:
            if path.stat().st_ino != os.fstat(fd).st_ino:
                return None
        except FileNotFoundError:
            return None  # renamed (sealed) or already rolled by someone else
        stem, seen, stats = path.name.rsplit(".", 1)[0], set[str](), RollStats()
        with open(fd, "rb", closefd=False) as fh:
            for part, data in enumerate(parts(fh, PART_BYTES)):
                stats.add(roll_records(data, stem, settings, dedupe, part, seen))
        stats.segments = 1
        path.unlink()
        fsync_dir(path.parent)
        return stats
    finally:
        os.close(fd)


def roll_pending(
    settings: Settings, dedupe: DedupeIndex, stop: Callable[[], bool] | None = None
) -> RollStats:
    """Roll every free segment, oldest first; between two segments, end early if ``stop()``."""
    total = RollStats()
    for path in candidates(settings.spool_dir):
        if stop is not None and stop():
            break  # the rest stays durable in the spool for the next pass
        stats = roll_segment(path, settings, dedupe)
        if stats is not None:
            total.add(stats)
    drop_stale_new(settings.spool_dir)
    return total
