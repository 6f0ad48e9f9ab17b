"""The lake as seen by tracking health and the installation check (live, not the warehouse).

:func:`lake_window` opens an in-memory DuckDB with two views over the lake files of the Paris
days a time window touches: ``raw_events`` (accepted) and ``quarantined_events`` (refused, with
``reason``). A file DuckDB cannot read is left out and named in ``skipped`` (the pipeline moves
such files aside; one bad file must not blind the check). Events still in the spool (the last
``spool_roll_seconds`` or so) are not in the lake yet.

:func:`live_health` gives, per LP and form, the last event seen, events per hour and the
quarantine rate, plus the counts the alert policies (``warehouse/tracking_alerts.py``) judge.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import structlog

from hub.calendar import PARIS
from hub.settings import Settings
from warehouse.sql import load

if TYPE_CHECKING:
    import duckdb

log = structlog.get_logger("warehouse.verify")
_COLUMNS = {
    "key": "VARCHAR",
    "url": "VARCHAR",
    "account_id": "VARCHAR",
    "lp_id": "VARCHAR",
    "form_id": "VARCHAR",
    "type": "VARCHAR",
    "received_at": "TIMESTAMPTZ",
    "is_test": "BOOLEAN",
}


def norm_url(url: str) -> str:
    """Same rule as the SQL macro ``norm_url`` (hub/sql/lake_macros.sql)."""
    return re.sub(r"[?#].*$", "", url).lower().rstrip("/")


def under_url(url: str, base: str) -> bool:
    page, root = norm_url(url), norm_url(base)
    return page == root or page.startswith(root + "/")


def paris_days(since: datetime, until: datetime) -> list[str]:
    first, last = since.astimezone(PARIS).date(), until.astimezone(PARIS).date()
    return [str(first + timedelta(days=n)) for n in range((last - first).days + 1)]


def lake_files(root: Path, days: Sequence[str]) -> list[Path]:
    """Final Parquet files of the given partitions (never ``.``-prefixed temp files)."""
    found: list[Path] = []
    for day in days:
        found += sorted(p for p in (root / f"date={day}").glob("*.parquet") if p.name[0] != ".")
    return found


@dataclass
class LakeWindow:
    """An in-memory DuckDB with the lake views; run named queries with :meth:`query`."""

    con: duckdb.DuckDBPyConnection
    files: dict[str, list[Path]]
    skipped: list[str] = field(default_factory=list)

    def _views(self) -> None:
        for view, files in self.files.items():
            cols = list(_COLUMNS) + (["origin", "reason"] if view == "quarantined_events" else [])
            present: set[str] = set()
            source = ""
            if files:
                paths = ", ".join("'" + str(p).replace("'", "''") + "'" for p in files)
                source = f" FROM read_parquet([{paths}], union_by_name = true)"
                present = {r[0] for r in self.con.execute(f"DESCRIBE SELECT *{source}").fetchall()}
            # columns missing from every file (older files) read as NULL
            select = [
                c if c in present else f"CAST(NULL AS {_COLUMNS.get(c, 'VARCHAR')}) AS {c}"
                for c in cols
            ]
            body = f"SELECT {', '.join(select)}{source}" + ("" if files else " WHERE false")
            self.con.execute(f"CREATE OR REPLACE VIEW {view} AS {body}")

    def open(self) -> None:
        """Create the views; a file that stops it (binding reads every schema) is left out."""
        import duckdb

        try:
            self._views()
        except (duckdb.IOException, duckdb.InvalidInputException):
            self._drop_unreadable()

    def _drop_unreadable(self) -> None:
        import duckdb

        for view, files in self.files.items():
            good = []
            for path in files:
                try:
                    self.con.execute(
                        "SELECT count(received_at) FROM read_parquet(?)", [str(path)]
                    ).fetchall()
                except duckdb.Error as exc:
                    log.warning("lake.unreadable_file", file=str(path), error=str(exc))
                    self.skipped.append(str(path))
                    continue
                good.append(path)
            self.files[view] = good
        self._views()

    def query(self, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Rows of ``warehouse/sql/tracking/NAME.sql`` as dicts; retried once without unreadable
        files."""
        import duckdb

        for attempt in (1, 2):
            try:
                cur = self.con.execute(load(f"tracking/{name}"), params)
                names = [d[0] for d in cur.description or ()]
                return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
            except (duckdb.IOException, duckdb.InvalidInputException):
                if attempt == 2:
                    raise
                self._drop_unreadable()
        raise AssertionError("unreachable")


@contextmanager
def lake_window(settings: Settings, since: datetime, until: datetime) -> Iterator[LakeWindow]:
    import duckdb

    from warehouse.store import DUCKDB_CONFIG

    days = paris_days(since, until)
    files = {
        "raw_events": lake_files(settings.raw_dir, days),
        "quarantined_events": lake_files(settings.quarantine_dir / "events", days),
    }
    con = duckdb.connect(config=DUCKDB_CONFIG)
    try:
        con.execute(load("tracking/lake_macros"))
        window = LakeWindow(con, files)
        window.open()
        yield window
    finally:
        con.close()


@dataclass(frozen=True, slots=True)
class Target:
    kind: str  # lp | form
    id: str
    key: str
    account_id: str
    lp_id: str | None
    name: str
    url: str
    active: bool


def load_targets(con: sqlite3.Connection, account_ids: Sequence[str] | None) -> list[Target]:
    """LPs and forms, all of them or those of ``account_ids``."""
    rows = con.execute(load("tracking/lake_targets")).fetchall()
    targets = [Target(**{**dict(r), "active": bool(r["active"])}) for r in rows]
    return [t for t in targets if account_ids is None or t.account_id in account_ids]


@dataclass(frozen=True, slots=True)
class TargetHealth:
    kind: str  # lp | form | all ('*': every event, attributed or not)
    id: str
    key: str | None
    account_id: str | None
    lp_id: str | None
    name: str | None
    url: str | None
    active: bool
    last_event_at: datetime | None
    events_1h: int
    events_24h: int
    events_before_last: int  # in the baseline window that ends at the last event
    accepted_recent: int  # spike window
    accepted_base: int  # its baseline window
    quarantined_24h: int
    quarantined_recent: int
    quarantined_base: int
    top_reason: str | None

    @property
    def quarantine_rate_24h(self) -> float | None:
        seen = self.events_24h + self.quarantined_24h
        return self.quarantined_24h / seen if seen else None


@dataclass(frozen=True, slots=True)
class HealthWindows:
    """The windows of :func:`live_health` (spike window and baselines come from the policies)."""

    spike_minutes: int = 15
    baseline_hours: float = 3.0
    lookback_days: int = 7


def live_health(
    settings: Settings,
    con: sqlite3.Connection,
    now: datetime,
    *,
    account_ids: Sequence[str] | None = None,
    windows: HealthWindows | None = None,
) -> list[TargetHealth]:
    """Per LP and form of ``account_ids`` (all, plus the '*' row, when None)."""
    import pyarrow as pa

    w = windows or HealthWindows()
    everything = load_targets(con, None)
    recent = now - timedelta(minutes=w.spike_minutes)
    params = {
        "now": now,
        "day": now - timedelta(hours=24),
        "hour": now - timedelta(hours=1),
        "recent": recent,
        "base": recent - timedelta(hours=w.baseline_hours),
        "baseline_seconds": int(w.baseline_hours * 3600),
    }
    cols = ["kind", "id", "key", "account_id", "lp_id", "name", "url", "active"]
    table = pa.Table.from_pylist(
        [{c: getattr(t, c) for c in cols} for t in everything],
        schema=pa.schema([(c, pa.bool_() if c == "active" else pa.string()) for c in cols]),
    )
    with lake_window(settings, now - timedelta(days=w.lookback_days), now) as lake:
        lake.con.register("targets", table)
        rows = lake.query("health_live", params)
    scope = None if account_ids is None else set(account_ids)
    return [
        TargetHealth(**row)
        for row in rows
        if scope is None or (row["kind"] != "all" and row["account_id"] in scope)
    ]


_Q_COLUMNS = ("key", "url", "account_id", "lp_id", "form_id", "received_at", "reason")


def quarantine_table(settings: Settings) -> tuple[Any, list[str]]:
    """Every quarantined event (the columns tracking health needs) as a pyarrow Table, and the
    files that could not be read (left out, logged)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    ts = pa.timestamp("us", tz="UTC")
    schema = pa.schema([(n, ts if n == "received_at" else pa.string()) for n in _Q_COLUMNS])
    tables, skipped = [schema.empty_table()], []
    for path in sorted((settings.quarantine_dir / "events").glob("date=*/*.parquet")):
        if path.name.startswith("."):
            continue
        try:
            names = set(pq.read_schema(path).names)
            table = pq.read_table(path, columns=[n for n in schema.names if n in names])
            columns = [
                table.column(f.name).cast(f.type)
                if f.name in names
                else pa.nulls(len(table), f.type)
                for f in schema
            ]
        except (OSError, pa.ArrowException) as exc:
            log.warning("lake.unreadable_file", file=str(path), error=str(exc))
            skipped.append(str(path))
            continue
        tables.append(pa.Table.from_arrays(columns, schema=schema))
    return pa.concat_tables(tables), skipped
