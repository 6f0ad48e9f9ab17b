"""SQL models rebuilt from the warehouse's own tables (``sql/<name>.sql``)."""

from __future__ import annotations

import duckdb

from warehouse.sql import load
from warehouse.store import count

MODELS = (
    "funnel_daily",
    "billing_monthly",
    "intercompany_lines",
    "intercompany_monthly",
    "intercompany_weekly",
)


def build_model(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """(Re)build one model table in a transaction; its row count."""
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}")
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(load(name))
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return count(con, f'SELECT count(*) FROM "{name}"')
