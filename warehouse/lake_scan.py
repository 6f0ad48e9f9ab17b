"""Stage the rows of several lake partitions in one temp table, ``lake_partition_raw``.

Files whose columns already are EVENT_SCHEMA's (what the collector's roller writes) are read by
DuckDB itself, every partition in one multi-threaded scan; the others (older or foreign files)
go through pyarrow, conformed column by column, and an unreadable one is quarantined. If the
fast scan fails on a file whose footer looked fine, its partitions are read the slow way, which
finds and quarantines the culprit (decision 0059).

A partition whose loaded files are all still there, unchanged (``lake_files``: name, size,
mtime), is appended to: only its new files are staged and its rows stay (the collector only
adds files to today's partition each minute). Any other change — a file gone, rewritten
(erasure, retention) or quarantined — reloads the partition whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from hub.settings import Settings
from warehouse.lake import Quarantined, conforms, final_files, read_files
from warehouse.sql import load

Stamp = tuple[int, int]  # a file's size and mtime in ns


@dataclass
class Scan:
    """What was staged, per partition: the files read, the files quarantined, and for a
    partition appended to, the files kept as loaded and the (rows read, valid rows) they had."""

    files: dict[str, list[Path]] = field(default_factory=dict)
    quarantined: dict[str, list[Quarantined]] = field(default_factory=dict)
    kept: dict[str, list[Path]] = field(default_factory=dict)
    prior: dict[str, tuple[int, int]] = field(default_factory=dict)

    def all_files(self, day: str) -> list[Path]:
        return sorted([*self.kept.get(day, []), *self.files[day]])


def stamp(path: Path) -> Stamp:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def stage_raw(con: duckdb.DuckDBPyConnection, settings: Settings, days: Sequence[str]) -> Scan:
    """Fill the temp table ``lake_partition_raw`` (EVENT_SCHEMA, source_file, file_row,
    lake_date) with every final file of ``days``; the temp table ``loading_days`` lists them."""
    scan = Scan()
    loaded = _loaded_files(con, days)
    prior = _prior_counts(con, days)
    fast: dict[str, list[Path]] = {}
    slow: dict[str, list[Path]] = {}
    for day in days:
        current = final_files(settings.raw_dir / f"date={day}")
        known = loaded.get(day, {})
        now = {path.name: stamp(path) for path in current}
        if known and day in prior and all(now.get(name) == st for name, st in known.items()):
            scan.kept[day] = [path for path in current if path.name in known]
            scan.prior[day] = prior[day]
            current = [path for path in current if path.name not in known]
        for path in current:
            (fast if conforms(path) else slow).setdefault(day, []).append(path)
    con.execute(
        load("staging/lake_loading_days"),
        {"days": list(days), "appended": sorted(scan.kept)},
    )
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


def _loaded_files(
    con: duckdb.DuckDBPyConnection, days: Sequence[str]
) -> dict[str, dict[str, Stamp]]:
    found: dict[str, dict[str, Stamp]] = {}
    for day, name, size, mtime in con.execute(
        load("staging/lake_files_of"), {"days": list(days)}
    ).fetchall():
        found.setdefault(str(day), {})[str(name)] = (int(size), int(mtime))
    return found


def _prior_counts(
    con: duckdb.DuckDBPyConnection, days: Sequence[str]
) -> dict[str, tuple[int, int]]:
    rows = con.execute(load("staging/lake_partition_counts"), {"days": list(days)}).fetchall()
    return {str(day): (int(read), int(valid)) for day, read, valid in rows}


def record_files(con: duckdb.DuckDBPyConnection, day: str, files: list[Path]) -> None:
    """Remember the files a partition is now loaded from (what the next append compares)."""
    stamps = [stamp(path) for path in files]
    con.execute(load("staging/lake_files_forget"), {"lake_date": day})
    con.execute(
        load("staging/lake_files_record"),
        {
            "lake_date": day,
            "names": [path.name for path in files],
            "sizes": [size for size, _ in stamps],
            "mtimes": [mtime for _, mtime in stamps],
        },
    )


def _create_raw(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(load("staging/lake_raw_create"))
