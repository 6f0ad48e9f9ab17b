"""SQL models (``sql/marts/<name>.sql``) rebuilt from the warehouse's own tables.

Each mart declares the tables it reads once, on its first line: ``-- depends: events, leads``.
The build order (a topological sort) and the Dagster asset deps both derive from that line
(docs/decisions/0023-warehouse-model-dependencies.md).
"""

from __future__ import annotations

import re
from functools import cache
from graphlib import TopologicalSorter

import duckdb

from warehouse.hub_copy import HUB_TABLES
from warehouse.incremental import build_by_lead, build_incremental, is_by_lead, is_incremental
from warehouse.sql import load
from warehouse.store import count, table_exists, transaction

MARTS = "marts"
# Tables the staging steps load (the lake's events, the hub copies): what models start from.
SOURCES = ("events", *HUB_TABLES)

# Models that are one template rolled up per Paris calendar period.
PERIOD_TEMPLATE = "intercompany_period"
PERIOD_MODELS = {"intercompany_monthly": "month", "intercompany_weekly": "week"}

_DEPENDS = re.compile(r"--\s*depends:(.*)")
_VIEW = re.compile(r"^CREATE OR REPLACE VIEW ", re.MULTILINE)


def declared_depends(file: str) -> tuple[str, ...]:
    """The tables ``sql/marts/<file>.sql`` declares on its first line."""
    first = load(f"{MARTS}/{file}").split("\n", 1)[0].strip()
    match = _DEPENDS.fullmatch(first)
    if match is None:
        raise ValueError(f"{MARTS}/{file}.sql: the first line must be '-- depends: ...'")
    return tuple(dep.strip() for dep in match.group(1).split(",") if dep.strip())


@cache
def dependencies() -> dict[str, tuple[str, ...]]:
    """Model → the tables it reads (sources or other models), as its SQL file declares them."""
    deps: dict[str, tuple[str, ...]] = {}
    for path in load.names(MARTS):
        file = path.removeprefix(f"{MARTS}/")
        for name in PERIOD_MODELS if file == PERIOD_TEMPLATE else (file,):
            deps[name] = declared_depends(file)
    for name, reads in deps.items():
        unknown = sorted(set(reads) - set(deps) - set(SOURCES))
        if unknown:
            raise ValueError(f"model {name!r} depends on unknown table(s): {unknown}")
    return deps


def depends(name: str) -> list[str]:
    """What one model reads (its asset's deps)."""
    return list(dependencies()[name])


@cache
def build_order() -> tuple[str, ...]:
    """Every model, each after the models it reads (ties in name order)."""
    deps = dependencies()
    sorter = TopologicalSorter(deps)
    sorter.prepare()  # raises graphlib.CycleError on a cycle
    order: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        order.extend(name for name in ready if name in deps)
        sorter.done(*ready)
    return tuple(order)


def model_sql(name: str) -> str:
    """The SQL that builds one model."""
    if name not in dependencies():
        raise ValueError(f"unknown model {name!r}")
    if name in PERIOD_MODELS:
        return load(f"{MARTS}/{PERIOD_TEMPLATE}").replace("{period}", PERIOD_MODELS[name])
    return load(f"{MARTS}/{name}")


@cache
def incremental_models() -> tuple[str, ...]:
    """The models rebuilt date by date (``-- incremental: date``, warehouse/incremental.py)."""
    return tuple(name for name in build_order() if is_incremental(model_sql(name)))


def build_model(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """(Re)build one model table in a transaction; its row count. A view's rows are not
    counted (that would run it: half a second for ``sessions`` at 10 M events): it is one row
    per row of the first table it declares, whose count is given."""
    sql = model_sql(name)
    if is_incremental(sql):
        return build_incremental(con, name, sql)
    if is_by_lead(sql):
        return build_by_lead(con, name, sql)
    with transaction(con):
        if _VIEW.search(sql) and table_exists(con, name):
            con.execute(f'DROP TABLE "{name}"')  # built as a table before it became a view
        con.execute(sql)
    counted = depends(name)[0] if _VIEW.search(sql) else name
    return count(con, f'SELECT count(*) FROM "{counted}"')
