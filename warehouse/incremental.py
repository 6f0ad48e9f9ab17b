"""Incremental models: rebuild only the Paris dates a lake load changed (decision 0055).

A mart is incremental when its SQL file says so on its second line, ``-- incremental: date``:
the file is then a ``SELECT`` with a ``date`` column that reads only the dates listed in the
temp table ``model_scope``. Loading a lake partition marks, in ``model_dirty_dates``, the dates
each incremental model must rebuild (``sql/incremental/<model>.sql`` over the touched events, or
for a keyed model the dates of its keys);
building the model deletes those dates and inserts them again, in one transaction. A model is
built whole — every date its events have — when its table does not exist yet or its version
changed: the SQL text, and the contents of the tables named on an optional third line
``-- rebuild when changed: a, b`` (small lookup tables, such as an LP's default form).

A keyed model (``is_keyed``, decision 0063) also gets, per dirty date, the keys touched
(``model_dirty_keys``: sessions_core's visitors, funnel_sessions_daily's tracker sessions), and
rebuilds only their rows of those dates.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import duckdb

from warehouse.sql import load
from warehouse.store import count, store_version, stored_version, table_exists, transaction

_INCREMENTAL = re.compile(r"--\s*incremental:\s*date\s*")
_BY_LEAD = re.compile(r"--\s*incremental:\s*lead\s*")
_REBUILD_WHEN = re.compile(r"--\s*rebuild when changed:(.*)")


def is_incremental(sql: str) -> bool:
    lines = sql.split("\n", 2)
    return len(lines) > 1 and _INCREMENTAL.fullmatch(lines[1].strip()) is not None


def is_by_lead(sql: str) -> bool:
    """A model redone lead by lead (``-- incremental: lead`` on its second line)."""
    lines = sql.split("\n", 2)
    return len(lines) > 1 and _BY_LEAD.fullmatch(lines[1].strip()) is not None


def rebuild_when_changed(sql: str) -> tuple[str, ...]:
    """The lookup tables whose contents are part of the model's version."""
    lines = sql.split("\n", 3)
    match = _REBUILD_WHEN.fullmatch(lines[2].strip()) if len(lines) > 2 else None
    return tuple(t.strip() for t in match.group(1).split(",") if t.strip()) if match else ()


def _bounds(con: duckdb.DuckDBPyConnection, table: str, prefix: str, sql: str) -> dict[str, Any]:
    """``$<prefix>_from`` / ``$<prefix>_to``: the first and last date of ``table``, for the SQL
    that uses them (a plain bound on ``events.date`` lets DuckDB skip the other days' blocks)."""
    if f"${prefix}_from" not in sql:
        return {}
    low, high = con.execute(f"SELECT min(date), max(date) FROM {table}").fetchall()[0]
    return {f"{prefix}_from": low, f"{prefix}_to": high}


def is_keyed(name: str) -> bool:
    """A keyed model rebuilds, within its dirty dates, only the rows of its dirty keys: it has
    ``incremental/<name>_keys.sql`` (the touched dates and keys) and ``<name>_delete_keys.sql``
    (deleting those rows); its SQL reads ``$keyed`` and ``model_keys`` (decision 0063)."""
    return f"incremental/{name}_keys" in load.names("incremental")


def marked_by_load(name: str) -> bool:
    """Whether a load marks the model's dates (``incremental/<name>.sql``, or its keys); an
    incremental model reading another one is marked by that one's ``_downstream`` hooks."""
    return is_keyed(name) or f"incremental/{name}" in load.names("incremental")


def mark_dirty(con: duckdb.DuckDBPyConnection, models: tuple[str, ...]) -> None:
    """Record the dates (and keys) each incremental model must rebuild for ``touched_events``
    (none for a model not built yet: its first build is whole anyway). A keyed model's dirty
    dates are those of its dirty keys."""
    for name in models:
        if not table_exists(con, name) or not marked_by_load(name):
            continue
        if is_keyed(name):
            sql = load(f"incremental/{name}_keys")
            con.execute(
                "INSERT OR IGNORE INTO model_dirty_keys SELECT $model, date, key FROM "
                f"({sql}) WHERE date IS NOT NULL AND key IS NOT NULL",
                {"model": name, **_bounds(con, "touched_events", "touched", sql)},
            )
            sql = "SELECT DISTINCT date FROM model_dirty_keys WHERE model = $model"
        else:
            sql = load(f"incremental/{name}")
        con.execute(
            "INSERT OR IGNORE INTO model_dirty_dates "
            f"SELECT $model, date FROM ({sql}) WHERE date IS NOT NULL",
            {"model": name, **_bounds(con, "touched_events", "touched", sql)},
        )


def _downstream(con: duckdb.DuckDBPyConnection, name: str, keyed: bool) -> None:
    """Tell the incremental models reading this one what changed (``<name>_downstream.sql``:
    the keys' rows or dates; ``_downstream_all.sql``: everything): lead_attribution's leads,
    funnel_events_daily's days."""
    hook = f"incremental/{name}_downstream" + ("" if keyed else "_all")
    if hook in load.names("incremental"):
        con.execute(load(hook))


def build_by_lead(con: duckdb.DuckDBPyConnection, name: str, sql: str) -> int:
    """(Re)build a lead-keyed model: only the leads of ``model_dirty_rows`` (whole when it does
    not exist yet, its version changed, or 'all' is marked); decision 0063."""
    current = version(con, sql)
    with transaction(con):
        up_to_date = _built_as(con, name, current)
        everything = con.execute(
            "SELECT count(*) FROM model_dirty_rows WHERE model = ? AND kind = 'all'", [name]
        ).fetchall()[0][0]
        if up_to_date and not everything:
            con.execute(load(f"incremental/{name}_scope"))
            con.execute(f'DELETE FROM "{name}" WHERE lead_id IN (SELECT lead_id FROM lead_scope)')
            con.execute(f'INSERT INTO "{name}" BY NAME {sql}', {"scoped": True})
        else:
            con.execute("CREATE OR REPLACE TEMP TABLE lead_scope (lead_id VARCHAR)")
            con.execute(f'CREATE OR REPLACE TABLE "{name}" AS {sql}', {"scoped": False})
        con.execute("DELETE FROM model_dirty_rows WHERE model = ?", [name])
        store_version(con, name, current)
        con.execute("DROP TABLE lead_scope")
    return count(con, f'SELECT count(*) FROM "{name}"')


def _params(con: duckdb.DuckDBPyConnection, scope: str, sql: str, keyed: bool) -> dict[str, Any]:
    keys = {"keyed": keyed} if "$keyed" in sql else {}
    return {**_bounds(con, scope, "scope", sql), **keys}


def _scope_keys(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Fill ``model_keys`` with a keyed model's dirty keys when every dirty date has keys
    (dates marked without keys, e.g. before the model was keyed, rebuild whole dates)."""
    if not is_keyed(name):
        return False
    unkeyed = con.execute(
        "SELECT count(*) FROM model_dirty_dates AS d WHERE d.model = $model AND NOT EXISTS ("
        "SELECT 1 FROM model_dirty_keys AS k WHERE k.model = d.model AND k.date = d.date)",
        {"model": name},
    ).fetchall()[0][0]
    if unkeyed:
        return False
    con.execute(
        "INSERT INTO model_keys SELECT DISTINCT key FROM model_dirty_keys WHERE model = ?", [name]
    )
    return True


def _built_as(con: duckdb.DuckDBPyConnection, name: str, current: str) -> bool:
    """Whether the model's table exists, built by the SQL of version ``current``."""
    return table_exists(con, name) and stored_version(con, name) == current


def version(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    digest = hashlib.sha256(sql.encode())
    for table in rebuild_when_changed(sql):
        rows = con.execute(f'SELECT CAST(t AS VARCHAR) FROM "{table}" AS t ORDER BY 1').fetchall()
        digest.update("\n".join(str(row[0]) for row in rows).encode())
    return digest.hexdigest()


def build_incremental(con: duckdb.DuckDBPyConnection, name: str, sql: str) -> int:
    """(Re)build the dirty dates of one incremental model (all of them when its version changed)."""
    current = version(con, sql)
    with transaction(con):
        up_to_date = _built_as(con, name, current)
        con.execute("CREATE OR REPLACE TEMP TABLE model_keys (key VARCHAR)")
        if up_to_date:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE model_scope AS "
                "SELECT date FROM model_dirty_dates WHERE model = ?",
                [name],
            )
            keyed = _scope_keys(con, name)
            if keyed:
                _downstream(con, name, keyed)  # what the rows about to go held
                con.execute(load(f"incremental/{name}_delete_keys"))
            else:
                con.execute(f'DELETE FROM "{name}" WHERE date IN (SELECT date FROM model_scope)')
            con.execute(
                f'INSERT INTO "{name}" BY NAME {sql}', _params(con, "model_scope", sql, keyed)
            )
            _downstream(con, name, keyed)
        else:
            con.execute(
                "CREATE OR REPLACE TEMP TABLE model_scope AS "
                f"SELECT date FROM ({load(f'incremental/{name}_all')})"
            )
            con.execute(
                f'CREATE OR REPLACE TABLE "{name}" AS {sql}',
                _params(con, "model_scope", sql, False),
            )
            _downstream(con, name, False)
        con.execute("DELETE FROM model_dirty_dates WHERE model = ?", [name])
        con.execute("DELETE FROM model_dirty_keys WHERE model = ?", [name])
        store_version(con, name, current)
        con.execute("DROP TABLE model_scope")
        con.execute("DROP TABLE model_keys")
    return count(con, f'SELECT count(*) FROM "{name}"')
