"""Retention in the lake (decision 0052): raw and quarantined events received more than
``settings.retention_days`` ago (by Paris partition date) lose what identifies a person — the IP
address, the click ids (``gclid``, ``fbclid``), the query string and fragment of ``url`` and
``referrer`` — and the user agent becomes the device class the collector derived from it
(``mobile``, ``tablet``, ``desktop``), which the warehouse's ``device_of`` reads back unchanged:
every event, session, funnel count and device split stays.

A file is rewritten whole under a temporary name, fsynced, then renamed over the original (a
reader sees the old file or the new one, never half of one); a file with nothing left to change
is not touched (idempotent). Only rows of the actor's accounts change (every row for the
server). The changed partitions' fingerprints change, so the sensor rebuilds their warehouse
tables from the anonymised files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from hub.calendar import PARIS
from hub.services.actor import Actor
from hub.settings import Settings
from warehouse.lake import final_files, partition_dirs
from warehouse.lake_lock import rewrite_lock

NULLED = ("ip", "gclid", "fbclid")
URLS = ("url", "referrer")
_QUERY = r"[?#].*$"


@dataclass(frozen=True, slots=True)
class LakeRetention:
    files: int  # rewritten (or, dry run, to rewrite)
    rows: int  # rows changed in them
    unreadable: int  # left as they are (the pipeline quarantines them)

    def counts(self) -> dict[str, int]:
        return {
            "lake_files": self.files,
            "lake_rows": self.rows,
            "lake_unreadable": self.unreadable,
        }


def _in_scope(table: pa.Table, actor: Actor) -> pa.ChunkedArray | pa.Array:
    if actor.accounts is None:
        return pa.array([True] * table.num_rows, pa.bool_())
    if "account_id" not in table.column_names:
        return pa.array([False] * table.num_rows, pa.bool_())
    accounts = pa.array(sorted(actor.accounts), pa.string())
    return pc.fill_null(pc.is_in(table["account_id"], value_set=accounts), False)


def anonymised(table: pa.Table, actor: Actor) -> pa.Table:
    """The table with the actor's rows anonymised (the same columns and types)."""
    mask = _in_scope(table, actor)
    for name in table.column_names:
        column = table[name]
        if name in NULLED:
            new = pc.if_else(mask, pa.nulls(table.num_rows, column.type), column)
        elif name in URLS:
            new = pc.if_else(mask, pc.replace_substring_regex(column, _QUERY, ""), column)
        elif name == "user_agent":
            device = (
                table["device"].cast(column.type)
                if "device" in table.column_names
                else pa.nulls(table.num_rows, column.type)
            )
            new = pc.if_else(mask, device, column)
        else:
            continue
        table = table.set_column(table.column_names.index(name), name, new)
    return table


def _changed_rows(old: pa.Table, new: pa.Table) -> int:
    differs = None
    for name in (*NULLED, *URLS, "user_agent"):
        if name not in old.column_names:
            continue
        a, b = old[name], new[name]
        same = pc.or_(pc.fill_null(pc.equal(a, b), False), pc.and_(pc.is_null(a), pc.is_null(b)))
        changed = pc.invert(same)
        differs = changed if differs is None else pc.or_(differs, changed)
    return 0 if differs is None else int(pc.sum(differs.cast(pa.int64())).as_py() or 0)


def _replace(path: Path, table: pa.Table) -> None:
    tmp = path.with_name(f".{path.name}.retention.tmp")
    with tmp.open("wb") as handle:
        pq.write_table(table, handle)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def lake_dirs(settings: Settings) -> list[Path]:
    """The event folders holding personal data: raw events and quarantined events."""
    return [settings.raw_dir, settings.quarantine_dir / "events"]


def anonymise_lake(
    settings: Settings, actor: Actor, cutoff: datetime, *, dry_run: bool
) -> LakeRetention:
    """Anonymise the events of partitions before ``cutoff``'s Paris date (``dry_run``: count)."""
    last_kept = cutoff.astimezone(PARIS).date().isoformat()
    files = rows = unreadable = 0
    with rewrite_lock(settings):  # never interleaved with an erasure's rewrite (decision 0051)
        for root in lake_dirs(settings):
            for day, directory in sorted(partition_dirs(root).items()):
                if day >= last_kept:
                    continue
                for path in final_files(directory):
                    try:
                        table = pq.read_table(path)
                    except (OSError, pa.ArrowException):
                        unreadable += 1
                        continue
                    new = anonymised(table, actor)
                    changed = _changed_rows(table, new)
                    if not changed:
                        continue
                    files, rows = files + 1, rows + changed
                    if not dry_run:
                        _replace(path, new)
    return LakeRetention(files, rows, unreadable)
