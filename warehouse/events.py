"""Load one lake partition into ``events``: idempotent (delete the partition, insert it again),
deduplicated by event_id (first received wins, across partitions too)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import duckdb

from hub.settings import Settings
from warehouse.incremental import mark_dirty
from warehouse.lake import fingerprint, quarantine_notes, read_partition
from warehouse.models import incremental_models
from warehouse.sql import load
from warehouse.store import count


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
    read = read_partition(settings, lake_date)
    params = {"lake_date": lake_date}
    con.register("lake_partition_raw", read.table)
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(load("staging/events_stage"), params)
            con.execute(load("staging/events_touched"), params)
            staged = count(con, "SELECT count(*) FROM events_staged")
            valid = count(con, load("staging/events_count_valid"))
            con.execute(load("staging/events_delete_partition"), params)
            con.execute(load("staging/events_delete_later_copies"))
            con.execute(load("staging/events_insert"))
            mark_dirty(con, incremental_models())
            loaded = count(
                con,
                "SELECT count(*) FROM events WHERE lake_date = CAST($lake_date AS DATE)",
                params,
            )
            stats = PartitionStats(
                lake_date=lake_date,
                files=len(read.files),
                rows_read=read.table.num_rows,
                rows_loaded=loaded,
                duplicates=(valid - staged) + (staged - loaded),
                rejected_rows=read.table.num_rows - valid,
                quarantined_files=len(read.quarantined),
                fingerprint=fingerprint(read.files),
            )
            record = {k: v for k, v in stats.as_dict().items() if k != "lake_date"}
            con.execute(load("staging/lake_partition_record"), {**params, **record})
            con.execute("DROP TABLE events_staged")
            con.execute("DROP TABLE touched_events")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.unregister("lake_partition_raw")
    refresh_quarantined_files(con, settings)
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
