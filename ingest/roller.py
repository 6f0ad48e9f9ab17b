"""The roller: sealed or orphaned spool segments → immutable Parquet in the lake.

For a segment ``<stem>``: accepted events go to ``raw_dir/date=<Paris date>/<stem>.parquet``,
refused ones to ``quarantine_dir/events/date=<Paris date>/<stem>.parquet`` (with ``reason``);
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

import asyncio
import contextlib
import fcntl
import os
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import msgspec
import pyarrow as pa
import pyarrow.parquet as pq
import structlog

from hub.settings import Settings
from ingest.schema import SpoolRecord
from ingest.spool import candidates, drop_stale_new, fsync_dir

log = structlog.get_logger("ingest.roller")
PARIS = ZoneInfo("Europe/Paris")
DEDUPE_DAYS = 7
_TS = pa.timestamp("us", tz="UTC")
# fmt: off
_COLUMNS = [
    "event_id", "type", "key", "account_id", "lp_id", "form_id", "visitor_id", "session_id",
    "ts", "received_at", "url", "referrer", "utm_source", "utm_medium", "utm_campaign",
    "utm_term", "utm_content", "gclid", "fbclid", "variant", "props", "ip", "user_agent",
    "is_test", "collector_id",
]
# fmt: on
_TYPES = {"ts": _TS, "received_at": _TS, "is_test": pa.bool_()}
_NOT_NULL = {"event_id", "type", "received_at"}
LAKE_SCHEMA = pa.schema(
    [pa.field(n, _TYPES.get(n, pa.string()), nullable=n not in _NOT_NULL) for n in _COLUMNS]
)
QUARANTINE_SCHEMA = LAKE_SCHEMA.append(pa.field("reason", pa.string(), nullable=False))


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
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS rolled (event_id TEXT PRIMARY KEY, segment TEXT NOT NULL,"
            " rolled_at REAL NOT NULL) WITHOUT ROWID"
        )
        self.con.execute("CREATE INDEX IF NOT EXISTS rolled_at ON rolled(rolled_at)")

    def claim(self, segment: str, event_ids: list[str]) -> set[str]:
        """Claim ids for ``segment``; return those another segment claimed first."""
        now = time.time()
        foreign: set[str] = set()
        self.con.execute("BEGIN IMMEDIATE")
        try:
            self.con.executemany(
                "INSERT OR IGNORE INTO rolled VALUES (?, ?, ?)",
                ((eid, segment, now) for eid in event_ids),
            )
            for start in range(0, len(event_ids), 500):
                chunk = event_ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self.con.execute(
                    f"SELECT event_id FROM rolled WHERE segment <> ? AND event_id IN ({marks})",
                    (segment, *chunk),
                ).fetchall()
                foreign.update(row[0] for row in rows)
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")
        return foreign

    def prune(self, days: float = DEDUPE_DAYS) -> int:
        cur = self.con.execute(
            "DELETE FROM rolled WHERE rolled_at < ?", (time.time() - days * 86_400,)
        )
        return cur.rowcount

    def close(self) -> None:
        self.con.close()


def paris_dates(records: Iterable[SpoolRecord]) -> dict[str, list[SpoolRecord]]:
    """Group by Europe/Paris date of ``received_at`` (Paris offsets are whole hours)."""
    by_hour: dict[int, str] = {}
    groups: dict[str, list[SpoolRecord]] = defaultdict(list)
    for rec in records:
        hour = rec.received_at // 3_600_000_000
        day = by_hour.get(hour)
        if day is None:
            day = by_hour[hour] = datetime.fromtimestamp(hour * 3600, PARIS).date().isoformat()
        groups[day].append(rec)
    return groups


def read_records(data: bytes) -> tuple[list[SpoolRecord], int]:
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


def to_table(records: list[SpoolRecord], collector_id: str, schema: pa.Schema) -> pa.Table:
    columns = {}
    for field in schema:
        if field.name == "collector_id":
            columns[field.name] = pa.array([collector_id] * len(records), field.type)
        else:
            columns[field.name] = pa.array([getattr(r, field.name) for r in records], field.type)
    return pa.table(columns, schema=schema)


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


def roll_records(data: bytes, stem: str, settings: Settings, dedupe: DedupeIndex) -> RollStats:
    records, torn = read_records(data)
    stats = RollStats(segments=1, torn_lines=torn)
    accepted: list[SpoolRecord] = []
    refused: list[SpoolRecord] = []
    seen: set[str] = set()
    for rec in records:
        if rec.reason is not None:
            refused.append(rec)
        elif rec.event_id in seen:
            stats.duplicates += 1
        else:
            seen.add(rec.event_id)
            accepted.append(rec)
    if accepted:
        foreign = dedupe.claim(stem, [r.event_id for r in accepted])
        if foreign:
            stats.duplicates += len(foreign)
            accepted = [r for r in accepted if r.event_id not in foreign]
    targets = (
        (accepted, settings.raw_dir, LAKE_SCHEMA),
        (refused, settings.quarantine_dir / "events", QUARANTINE_SCHEMA),
    )
    for group, root, schema in targets:
        for day, recs in sorted(paris_dates(group).items()):
            write_atomic(to_table(recs, stem, schema), root / f"date={day}" / f"{stem}.parquet")
            stats.files += 1
    stats.events, stats.quarantined = len(accepted), len(refused)
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
        with open(fd, "rb", closefd=False) as fh:
            data = fh.read()
        stats = roll_records(data, path.name.rsplit(".", 1)[0], settings, dedupe)
        path.unlink()
        fsync_dir(path.parent)
        return stats
    finally:
        os.close(fd)


def roll_pending(settings: Settings, dedupe: DedupeIndex) -> RollStats:
    total = RollStats()
    for path in candidates(settings.spool_dir):
        stats = roll_segment(path, settings, dedupe)
        if stats is not None:
            total.add(stats)
    drop_stale_new(settings.spool_dir)
    return total


class RollerTask:
    """Rolls pending segments every ``interval`` seconds in one background thread."""

    def __init__(self, settings: Settings, interval: float) -> None:
        self.settings = settings
        self.interval = interval
        self.totals = RollStats()
        self.last_error: str | None = None
        self.last_run: float | None = None
        self._dedupe: DedupeIndex | None = None
        self._pruned_at = 0.0
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="roller")
        self._task: asyncio.Task[None] | None = None

    def run_once(self) -> RollStats:
        if self._dedupe is None:
            self._dedupe = DedupeIndex(self.settings.spool_dir / "dedupe.sqlite3")
        if time.monotonic() - self._pruned_at > 3600 or not self._pruned_at:
            self._dedupe.prune()
            self._pruned_at = time.monotonic()
        stats = roll_pending(self.settings, self._dedupe)
        self.totals.add(stats)
        self.last_run = time.time()
        if stats.segments:
            level = "warning" if stats.torn_lines or stats.duplicates else "info"
            getattr(log, level)("spool.rolled", **asdict(stats))
        return stats

    async def _pass(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self._executor, self.run_once)
            self.last_error = None
        except Exception as exc:  # keep rolling; /health shows the error
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.exception("spool.roll_failed")

    async def _loop(self) -> None:
        while True:
            await self._pass()
            await asyncio.sleep(self.interval)

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="spool-roller")

    async def stop(self, final_pass: bool = True) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if final_pass:
            await self._pass()
        self._executor.shutdown(wait=True)
        if self._dedupe is not None:
            self._dedupe.close()
