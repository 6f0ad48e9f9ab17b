"""Read the lake files of several partitions into ``events`` (decision 0069).

Files whose columns already are EVENT_SCHEMA's (what the collector's roller writes) are read by
DuckDB itself, every partition in one multi-threaded scan straight into ``events``; the others
(older or foreign files) go through pyarrow, conformed column by column, and an unreadable one
is quarantined. If the DuckDB scan fails on a file whose footer looked fine, the load starts
again with every file read the slow way, which finds and quarantines the culprit (decision 0059).

A partition whose loaded files are all still there, unchanged (``lake_files``: name, size,
mtime), is appended to: only its new files are read and its rows stay (the collector only
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


class ScanFailed(RuntimeError):
    """DuckDB could not read a lake file whose footer looked fine."""


@dataclass
class Scan:
    """What a load reads, per partition: the files DuckDB reads as they are (``fast``, every
    partition in one scan) and the ones pyarrow conforms (``slow``, a partition at a time); the
    files read and quarantined (known once read); for a partition appended to, the files kept as
    loaded and the (rows read, valid rows) they had."""

    fast: list[Path] = field(default_factory=list)
    slow: dict[str, list[Path]] = field(default_factory=dict)
    files: dict[str, list[Path]] = field(default_factory=dict)
    quarantined: dict[str, list[Quarantined]] = field(default_factory=dict)
    kept: dict[str, list[Path]] = field(default_factory=dict)
    prior: dict[str, tuple[int, int]] = field(default_factory=dict)

    def all_files(self, day: str) -> list[Path]:
        return sorted([*self.kept.get(day, []), *self.files[day]])


def stamp(path: Path) -> Stamp:
    st = path.stat()
    return st.st_size, st.st_mtime_ns


def plan_scan(
    con: duckdb.DuckDBPyConnection, settings: Settings, days: Sequence[str], *, slow: bool = False
) -> Scan:
    """The files of ``days`` to read (only the new ones of a partition appended to), and which
    of them DuckDB reads as they are (none when ``slow``)."""
    scan = Scan()
    loaded = _loaded_files(con, days)
    prior = _prior_counts(con, days)
    for day in days:
        current = final_files(settings.raw_dir / f"date={day}")
        known = loaded.get(day, {})
        now = {path.name: stamp(path) for path in current}
        if known and day in prior and all(now.get(name) == st for name, st in known.items()):
            scan.kept[day] = [path for path in current if path.name in known]
            scan.prior[day] = prior[day]
            current = [path for path in current if path.name not in known]
        fast = [path for path in current if not slow and conforms(path)]
        scan.fast.extend(fast)
        scan.files[day], scan.quarantined[day] = fast, []
        chosen = set(fast)
        others = [path for path in current if path not in chosen]
        if others:
            scan.slow[day] = others
    return scan


def list_days(con: duckdb.DuckDBPyConnection, scan: Scan, days: Sequence[str]) -> None:
    """The temp table ``loading_days``: the partitions loaded, appended to or replaced."""
    appended = sorted(scan.kept)
    con.execute(load("staging/lake_loading_days"), {"days": list(days), "appended": appended})


def insert_scanned(
    con: duckdb.DuckDBPyConnection, settings: Settings, scan: Scan, days: Sequence[str]
) -> None:
    """Insert the scan's valid rows into ``events``; count every partition's rows read and valid
    (temp table ``lake_raw_counts``); list the files read (temp table ``loading_files``: their
    rows in ``events`` are the load's). The pyarrow files are read, and an unreadable one
    quarantined, a partition at a time."""
    con.execute(load("staging/lake_raw_counts"))
    if scan.fast:
        files = [str(path) for path in scan.fast]
        try:
            con.execute(load("staging/lake_raw_counts_scan"), {"files": files})
            # in any order (11.7 s instead of 14.4 at 10 M events): file_row, not the rows'
            # order, ranks the copies of an id, and each row group still spans a day or two
            con.execute("SET preserve_insertion_order = false")
            con.execute(load("staging/events_insert_scan"), {"files": files})
            con.execute("RESET preserve_insertion_order")
        except duckdb.Error as exc:  # the transaction is aborted: reset after its rollback
            raise ScanFailed(str(exc)) from exc
    for day, paths in scan.slow.items():
        read = read_files(settings, day, paths)
        scan.files[day] = sorted([*scan.files[day], *read.files])
        scan.quarantined[day] = read.quarantined
        con.register("lake_slow_files", read.table)
        try:
            con.execute(load("staging/lake_raw_counts_slow"), {"lake_date": day})
            con.execute(load("staging/events_insert_slow"), {"lake_date": day})
        finally:
            con.unregister("lake_slow_files")
    pairs = [(day, path.name) for day in days for path in scan.files[day]]
    con.execute(
        load("staging/lake_loading_files"),
        {"days": [day for day, _ in pairs], "files": [name for _, name in pairs]},
    )


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
