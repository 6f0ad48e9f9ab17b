"""Load lake partitions into ``events``: idempotent (delete the partitions, insert them again),
deduplicated by event_id (first received wins, across partitions too)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import duckdb

from hub.settings import Settings
from warehouse.incremental import mark_dirty
from warehouse.lake import fingerprint, quarantine_notes
from warehouse.lake_scan import (
    Scan,
    ScanFailed,
    insert_scanned,
    list_days,
    plan_scan,
    record_files,
)
from warehouse.models import incremental_models
from warehouse.sql import load
from warehouse.store import count, table_exists, transaction


@dataclass(frozen=True)
class PartitionStats:
    lake_date: str
    files: int
    rows_read: int
    rows_loaded: int
    duplicates: int
    rejected_rows: int
    quarantined_files: int
    fingerprint: str

    def as_dict(self) -> dict[str, int | str]:
        return asdict(self)


def load_partition(
    con: duckdb.DuckDBPyConnection, settings: Settings, lake_date: str
) -> PartitionStats:
    return load_partitions(con, settings, [lake_date])[0]


def load_partitions(
    con: duckdb.DuckDBPyConnection, settings: Settings, days: Sequence[str]
) -> list[PartitionStats]:
    """Load these partitions in one transaction: one scan of their files straight into
    ``events``, then the repeated ids' later copies removed (a first load or a restore reads
    every pending day at once instead of joining the history 30 times; decision 0069)."""
    days = sorted(set(days))
    if not days:
        return []
    try:
        result = _load(con, settings, plan_scan(con, settings, days), days)
    except ScanFailed:  # rolled back: every file through pyarrow, which finds the culprit
        con.execute("RESET preserve_insertion_order")
        result = _load(con, settings, plan_scan(con, settings, days, slow=True), days)
    refresh_quarantined_files(con, settings)
    return result


def _load(
    con: duckdb.DuckDBPyConnection, settings: Settings, scan: Scan, days: list[str]
) -> list[PartitionStats]:
    built = tuple(name for name in incremental_models() if table_exists(con, name))
    with transaction(con):
        list_days(con, scan, days)
        if built:  # what the load changes, for the models to rebuild (none on a first build)
            con.execute(load("staging/events_touched_before"))
        con.execute(load("staging/events_delete_partition"))
        insert_scanned(con, settings, scan, days)
        con.execute(load("staging/events_repeats"))
        con.execute(load("staging/events_delete_later_copies"))
        if built:
            con.execute(load("staging/events_touched_after"))
            mark_dirty(con, built)
        con.execute(load("staging/events_last_files"))
        counts = con.execute(load("staging/events_load_stats")).fetchall()
        result = [_record(con, scan, *row) for row in counts]
        for table in ("events_repeats", "touched_events", "lake_raw_counts", "loading_files"):
            con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute("DROP TABLE loading_days")
    return result


def _record(
    con: duckdb.DuckDBPyConnection, scan: Scan, day: str, rows_read: int, valid: int, loaded: int
) -> PartitionStats:
    read_before, valid_before = scan.prior.get(day, (0, 0))
    rows_read, valid = rows_read + read_before, valid + valid_before
    files = scan.all_files(day)
    stats = PartitionStats(
        lake_date=day,
        files=len(files),
        rows_read=rows_read,
        rows_loaded=loaded,
        duplicates=valid - loaded,
        rejected_rows=rows_read - valid,
        quarantined_files=len(scan.quarantined[day]),
        fingerprint=fingerprint(files),
    )
    record = {k: v for k, v in stats.as_dict().items() if k != "lake_date"}
    con.execute(load("staging/lake_partition_record"), {"lake_date": day, **record})
    record_files(con, day, files)
    return stats


def refresh_quarantined_files(con: duckdb.DuckDBPyConnection, settings: Settings) -> int:
    """Rebuild ``quarantined_files`` from the reason notes next to the quarantined files."""
    con.register("quarantine_notes", quarantine_notes(settings))
    try:
        con.execute(load("staging/quarantined_files"))
    finally:
        con.unregister("quarantine_notes")
    return count(con, "SELECT count(*) FROM quarantined_files")


def loaded_fingerprints(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Partition date → fingerprint of the files it was last loaded from."""
    rows = con.execute(load("staging/lake_partition_fingerprints")).fetchall()
    return {str(day): str(fp) for day, fp in rows}
