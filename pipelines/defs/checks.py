"""Asset checks, evaluated inside the asset's own step (blocking: a failed check stops the
run before anything downstream, including publishing). The checks are the SQL files under
``warehouse/sql/checks/<asset>/`` (``warehouse.checks``), each returning the number of
offending rows (0 = pass)."""

from __future__ import annotations

from collections.abc import Iterator

import dagster as dg
import duckdb

from warehouse.checks import checks_of


def specs(asset: str) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(c.name, asset=asset, description=c.description, blocking=True)
        for c in checks_of(asset)
    ]


def evaluate(con: duckdb.DuckDBPyConnection, asset: str) -> Iterator[dg.AssetCheckResult]:
    for check in checks_of(asset):
        offending = check.offending(con)
        yield dg.AssetCheckResult(
            asset_key=asset,
            check_name=check.name,
            passed=offending == 0,
            metadata={"offending": offending},
        )
