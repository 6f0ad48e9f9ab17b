"""Named SQL: ``warehouse/sql/NAME.sql`` (DuckDB) and ``warehouse/sql/hub/NAME.sql`` (SQLite)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent / "sql"


@cache
def load(name: str) -> str:
    """The text of ``sql/<name>.sql``; ``name`` may contain one ``/`` (e.g. ``hub/leads``)."""
    path = (SQL_DIR / f"{name}.sql").resolve()
    if SQL_DIR not in path.parents:
        raise ValueError(f"SQL name outside warehouse/sql: {name!r}")
    return path.read_text(encoding="utf-8")
