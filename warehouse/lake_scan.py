"""Stage the rows of several lake partitions in one temp table, ``lake_partition_raw``.

Files whose columns already are EVENT_SCHEMA's (what the collector's roller writes) are read by
DuckDB itself, every partition in one multi-threaded scan; the others (older or foreign files)
go through pyarrow, conformed column by column, and an unreadable one is quarantined. If the
fast scan fails on a file whose footer looked fine, its partitions are read the slow way, which
finds and quarantines the culprit (decision 0056).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from hub.settings import Settings
from warehouse.lake import Quarantined, conforms, final_files, read_files
from warehouse.sql import load


@dataclass
class Scan:
    """What was staged, per partition: the files read and the files quarantined."""

    files: dict[str, list[Path]] = field(default_factory=dict)
    quarantined: dict[str, list[Quarantined]] = field(default_factory=dict)


def stage_raw(con: duckdb.DuckDBPyConnection, settings: Settings, days: Sequence[str]) -> Scan:
    """Fill the temp table ``lake_partition_raw`` (EVENT_SCHEMA, source_file, file_row,
    lake_date) with every final file of ``days``; the temp table ``loading_days`` lists them."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE loading_days AS "
        "SELECT DISTINCT CAST(d AS DATE) AS lake_date FROM unnest(CAST($days AS VARCHAR[])) t(d)",
        {"days": list(days)},
    )
    scan = Scan()
    fast: dict[str, list[Path]] = {}
    slow: dict[str, list[Path]] = {}
    for day in days:
        for path in final_files(settings.raw_dir / f"date={day}"):
            (fast if conforms(path) else slow).setdefault(day, []).append(path)
    _create_raw(con)
    fast_files = [str(path) for paths in fast.values() for path in paths]
    if fast_files:
        try:
            con.execute(load("staging/lake_raw_scan"), {"files": fast_files})
        except duckdb.Error:
            _create_raw(con)  # start again, every file through pyarrow
            for day, paths in fast.items():
                slow[day] = sorted([*paths, *slow.get(day, [])])
            fast = {}
    for day in days:
        scan.files[day] = list(fast.get(day, []))
        scan.quarantined[day] = []
        if day in slow:
            read = read_files(settings, day, slow[day])
            scan.files[day] = sorted([*scan.files[day], *read.files])
            scan.quarantined[day] = read.quarantined
            con.register("lake_slow_files", read.table)
            try:
                con.execute(load("staging/lake_raw_slow"), {"lake_date": day})
            finally:
                con.unregister("lake_slow_files")
    return scan


def _create_raw(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(load("staging/lake_raw_create"))
