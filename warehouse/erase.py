"""GDPR erasure everywhere (decision 0051): the one implementation API v1, the CLI and the
dashboard call. In this order, so a failure changes nothing that cannot be done again:

1. :func:`hub.services.erasure.request` checks the actor (403) and the body (422) and finds
   the person's leads the actor sees (their visitor and session ids);
2. the lake files holding the person's events are rewritten without them
   (:mod:`warehouse.erase_lake`);
3. the warehouse — the pipeline's work DB and the published snapshot — loses the same events,
   the sessions of those visitors, and the tracker ids of the erased leads;
4. :func:`hub.services.erasure.erase` nulls the leads' personal fields, queues a ``lead.erased``
   request to each buyer that received one, puts the person on the opposition list and logs it
   all with the keyed hash, in one transaction.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import uuid
from collections.abc import Collection, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from hub.errors import ApiError
from hub.services import erasure
from hub.services.actor import Actor
from hub.settings import Settings
from warehouse.erase_lake import Target, erase_lake
from warehouse.sql import load
from warehouse.store import (
    DUCKDB_CONFIG,
    WriterBusy,
    open_work,
    table_exists,
    transaction,
    writer_lock,
)

_IDENT = re.compile(r"[a-z_][a-z0-9_]*")
# column → the values it is matched against
_MATCHED = {
    "event_id": "event_ids",
    "visitor_id": "visitor_ids",
    "session_id": "session_ids",
    "tracker_session_id": "session_ids",
}


def erase_person(
    con: sqlite3.Connection,
    actor: Actor,
    settings: Settings,
    payload: Mapping[str, Any],
    now: datetime,
    *,
    lock_timeout_s: float = 120.0,
) -> dict[str, Any]:
    """Erase the person ``{phone}`` or ``{email}`` names from the hub, the lake, the warehouse
    and (by request) the buyers; what was erased, counted."""
    found = erasure.request(con, actor, settings, payload)
    target = Target(
        visitor_ids=found.visitor_ids,
        session_ids=found.session_ids,
        needles=found.person.needles,
        accounts=actor.accounts,
    )
    lake = erase_lake(settings, target)
    values = {
        "lead_ids": found.lead_ids,
        "visitor_ids": sorted(lake.visitor_ids),
        "session_ids": sorted(lake.session_ids),
        "event_ids": sorted(lake.event_ids),
    }
    try:
        warehouse_rows = erase_warehouse(settings, values, lock_timeout_s)
    except WriterBusy:  # nothing in the hub changed yet: the same request can run again
        raise ApiError(
            503,
            "warehouse_busy",
            "The warehouse is being rebuilt; try the erasure again in a few minutes.",
            retryable=True,
        ) from None
    elsewhere = {**lake.as_dict(), "warehouse_rows": warehouse_rows}
    return erasure.erase(con, actor, found, now, elsewhere)


def erase_warehouse(
    settings: Settings, values: Mapping[str, list[str]], lock_timeout_s: float = 120.0
) -> int:
    """Remove the person from the work DB and the published snapshot (under the writer lock,
    so no pipeline step runs meanwhile); rows changed in both, summed."""
    work, published = settings.warehouse_work_db, settings.warehouse_db
    if not work.exists() and not published.exists():
        return 0
    changed = 0
    with writer_lock(settings, lock_timeout_s):
        if work.exists():
            with open_work(settings) as db:
                changed += erase_db(db, values)
                db.execute("CHECKPOINT")
        if published.exists():
            changed += _erase_published(settings, published, values)
    return changed


def erase_db(db: duckdb.DuckDBPyConnection, values: Mapping[str, list[str]]) -> int:
    """Apply the erasure to one open warehouse database, in one transaction."""
    changed = 0
    with transaction(db):
        for table, columns in db.execute(load("erase/tables")).fetchall():
            changed += _erase_table(db, str(table), list(columns), values)
        marked = all(table_exists(db, t) for t in ("model_dirty_keys", "model_dirty_rows"))
        if marked and (values["visitor_ids"] or values["session_ids"]):
            ids = {"visitor_ids": values["visitor_ids"], "session_ids": values["session_ids"]}
            for marks_sql in ("erase/dirty_keys", "erase/dirty_rows"):
                db.execute(load(marks_sql), ids)
    return changed


def _erase_table(
    db: duckdb.DuckDBPyConnection,
    table: str,
    columns: Collection[str],
    values: Mapping[str, list[str]],
) -> int:
    if table == "leads":
        if not values["lead_ids"]:
            return 0
        rows = db.execute(load("erase/leads"), {"lead_ids": values["lead_ids"]}).fetchall()
        return int(rows[0][0]) if rows else 0
    if not _IDENT.fullmatch(table):
        return 0
    used = {c: _MATCHED[c] for c in columns if values[_MATCHED[c]]}
    if not used:
        return 0
    where = " OR ".join(f'list_contains(${c}, "{c}")' for c in used)
    statement = load("erase/delete_rows").format(table=table, where=where)
    rows = db.execute(statement, {c: values[v] for c, v in used.items()}).fetchall()
    return int(rows[0][0]) if rows else 0


def _erase_published(settings: Settings, published: Path, values: Mapping[str, list[str]]) -> int:
    """Copy the snapshot, erase in the copy, swap it in (readers keep the file they opened)."""
    tmp = settings.warehouse_dir / f".leadhub.erase.{uuid.uuid4().hex}.tmp"
    try:
        shutil.copyfile(published, tmp)
        db = duckdb.connect(str(tmp), config=DUCKDB_CONFIG)
        try:
            changed = erase_db(db, values)
            db.execute("CHECKPOINT")
        finally:
            db.close()
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        tmp.replace(published)
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
    fd = os.open(settings.warehouse_dir, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return changed
