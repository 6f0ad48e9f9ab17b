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


# Models that are one template rolled up per Paris calendar period.
PERIOD_MODELS = {"intercompany_monthly": "month", "intercompany_weekly": "week"}


def model_sql(name: str) -> str:
    """The SQL that builds one model."""
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}")
    if name in PERIOD_MODELS:
        return load("intercompany_period").replace("{period}", PERIOD_MODELS[name])
    return load(name)


def build_model(con: duckdb.DuckDBPyConnection, name: str) -> int:
    """(Re)build one model table in a transaction; its row count."""
    sql = model_sql(name)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(sql)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return count(con, f'SELECT count(*) FROM "{name}"')
