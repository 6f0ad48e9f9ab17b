"""Erase a person from the lake: every Parquet file of ``raw/events/date=*/`` and
``quarantine/events/date=*/`` holding one of their events is rewritten without it.

An event is the person's when its visitor or session id is one of their leads', or when any of
its text columns (URL, referrer, props, UTM…) holds their phone or e-mail in a usual written
form (:attr:`hub.subject.Subject.needles`). A scoped actor's erasure only touches events of
the accounts it sees. Each file is rewritten the lake's way: a ``.``-prefixed ``.tmp`` name
(never read), fsync, rename over the old name, fsync of the directory; a reader holding the old
file keeps reading it whole. The file's new size and time change the partition's fingerprint, so
the pipeline reloads that partition from the rewritten files. Decision 0051.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from hub.settings import Settings
from warehouse.lake_lock import rewrite_lock


@dataclass(frozen=True)
class Target:
    """Whose events to remove, and within which accounts (``None``: every account)."""

    visitor_ids: Collection[str]
    session_ids: Collection[str]
    needles: Collection[str]  # lowercase
    accounts: Collection[str] | None = None


@dataclass
class LakeErased:
    paths: set[Path] = field(default_factory=set)  # files rewritten
    rows: int = 0  # events removed
    event_ids: set[str] = field(default_factory=set)
    visitor_ids: set[str] = field(default_factory=set)  # the person's, leads' and found ones
    session_ids: set[str] = field(default_factory=set)

    def as_dict(self) -> dict[str, int]:
        return {"lake_files": len(self.paths), "lake_rows": self.rows}


def lake_files(settings: Settings) -> Iterator[Path]:
    """Every final Parquet file of the raw and quarantined events (never temp files)."""
    for root in (settings.raw_dir, settings.quarantine_dir / "events"):
        if root.is_dir():
            for path in sorted(root.glob("date=*/*.parquet")):
                if not path.name.startswith("."):
                    yield path


def _in(table: pa.Table, column: str, values: Collection[str]) -> pa.ChunkedArray | None:
    if not values or column not in table.column_names:
        return None
    return pc.is_in(table[column], value_set=pa.array(sorted(values), pa.string()))


def matches(table: pa.Table, target: Target) -> pa.ChunkedArray:
    """True for each row that is the target's event."""
    nothing = pa.chunked_array([pa.array([False] * table.num_rows, pa.bool_())])
    mask = nothing
    for column, values in (("visitor_id", target.visitor_ids), ("session_id", target.session_ids)):
        hit = _in(table, column, values)
        if hit is not None:
            mask = pc.or_(mask, hit)
    for name in table.column_names:
        column = table[name]
        if not pa.types.is_string(column.type) or not target.needles:
            continue
        low = pc.utf8_lower(column)
        for needle in target.needles:
            mask = pc.or_(mask, pc.fill_null(pc.match_substring(low, needle), False))
    if target.accounts is not None:
        mine = _in(table, "account_id", target.accounts)  # no account column: not provably theirs
        mask = pc.and_(mask, pc.fill_null(mine, False) if mine is not None else nothing)
    return pc.fill_null(mask, False)


def rewrite(path: Path, table: pa.Table) -> None:
    """Replace ``path`` by ``table``: temp name, fsync, rename, fsync of the directory."""
    tmp = path.with_name(f".{path.stem}.{uuid.uuid4().hex[:8]}.erase.tmp")
    try:
        with tmp.open("wb") as handle:
            pq.write_table(table, handle)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def erase_lake(settings: Settings, target: Target, passes: int = 3) -> LakeErased:
    """Rewrite every lake file holding the target's events; what was removed. An event found
    by the phone or e-mail it carries names a browser of the person: that visitor's and that
    session's other events go too (another pass, until no new id turns up)."""
    done = LakeErased()
    with rewrite_lock(settings):
        target = _passes(settings, target, done, passes)
    done.visitor_ids, done.session_ids = set(target.visitor_ids), set(target.session_ids)
    return done


def _passes(settings: Settings, target: Target, done: LakeErased, passes: int) -> Target:
    for _ in range(passes):
        found = _erase_pass(settings, target, done)
        if found.visitor_ids <= set(target.visitor_ids) and found.session_ids <= set(
            target.session_ids
        ):
            break
        target = replace(
            target,
            visitor_ids=set(target.visitor_ids) | found.visitor_ids,
            session_ids=set(target.session_ids) | found.session_ids,
        )
    return target


@dataclass
class _Ids:
    visitor_ids: set[str] = field(default_factory=set)
    session_ids: set[str] = field(default_factory=set)


def _erase_pass(settings: Settings, target: Target, done: LakeErased) -> _Ids:
    found = _Ids()
    for path in lake_files(settings):
        try:
            table = pq.read_table(path)
        except (OSError, pa.ArrowException):  # unreadable: the pipeline quarantines it
            continue
        mask = matches(table, target)
        removed = pc.sum(mask).as_py() or 0
        if not removed:
            continue
        gone = table.filter(mask)
        for name, into in (
            ("event_id", done.event_ids),
            ("visitor_id", found.visitor_ids),
            ("session_id", found.session_ids),
        ):
            if name in gone.column_names:
                into.update(v for v in gone[name].to_pylist() if v)
        rewrite(path, table.filter(pc.invert(mask)))
        done.paths.add(path)
        done.rows += int(removed)
    return found
