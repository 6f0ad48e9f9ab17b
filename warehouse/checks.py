"""Data checks on warehouse tables, one SQL file each: ``sql/checks/<table>/<check>.sql``
returns the number of offending rows (0 = pass); its first line, ``-- check: <description>``,
says what it checks. The folder names the table, the file names the check: nothing else lists
them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import duckdb

from warehouse.sql import load
from warehouse.store import count

CHECKS = "checks"
_DESCRIPTION = re.compile(r"--\s*check:(.*)")


@dataclass(frozen=True)
class Check:
    table: str
    name: str
    description: str

    @property
    def sql_name(self) -> str:
        return f"{CHECKS}/{self.table}/{self.name}"

    def offending(self, con: duckdb.DuckDBPyConnection) -> int:
        """Rows breaking the check (0 = pass)."""
        return count(con, load(self.sql_name))


@cache
def all_checks() -> tuple[Check, ...]:
    """Every check under ``sql/checks/``, by table then name."""
    found = []
    for path in load.names(CHECKS):
        _, table, name = path.split("/")
        first = load(path).split("\n", 1)[0].strip()
        match = _DESCRIPTION.fullmatch(first)
        if match is None:
            raise ValueError(f"{path}.sql: the first line must be '-- check: <description>'")
        found.append(Check(table, name, match.group(1).strip()))
    return tuple(found)


def checks_of(table: str) -> list[Check]:
    return [check for check in all_checks() if check.table == table]
