"""Named SQL statements of the router, loaded from ``routing/sql/NAME.sql``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_DIR = Path(__file__).resolve().parent / "sql"


@cache
def q(name: str) -> str:
    return (_DIR / f"{name}.sql").read_text(encoding="utf-8")
