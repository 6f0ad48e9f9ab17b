"""Load lake partitions into ``events``: idempotent (delete the partitions, insert them again),
deduplicated by event_id (first received wins, across partitions too)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import duckdb

from hub.settings import Settings
from warehouse.incremental import mark_dirty
from warehouse.lake import fingerprint, quarantine_notes
from warehouse.lake_scan import record_files, stage_raw
from warehouse.models import incremental_models
from warehouse.sql import load
from warehouse.store import count, transaction


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
    """Load these partitions in one transaction: one scan, one dedupe, one insert (a first
    load or a restore stages every pending day at once instead of joining the history 30 times).
    """
    days = sorted(set(days))
    if not days:
        return []
    scan = stage_raw(con, settings, days)
    with transaction(con):
        con.execute(load("staging/events_stage"))
        con.execute(load("staging/events_matches"))
        con.execute(load("staging/events_touched"))
        con.execute(load("staging/events_delete_partition"))
        con.execute(load("staging/events_delete_later_copies"))
        con.execute(load("staging/events_insert"))
        con.execute(load("staging/events_last_load"))
        mark_dirty(con, incremental_models())
        result = []
        for day, rows_read, valid, _staged, loaded in con.execute(
            load("staging/events_load_stats")
        ).fetchall():
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
            result.append(stats)
        for table in (
            "events_staged",
            "events_matches",
            "touched_events",
            "lake_partition_raw",
            "loading_days",
        ):
            con.execute(f"DROP TABLE {table}")
    refresh_quarantined_files(con, settings)
    return result


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
