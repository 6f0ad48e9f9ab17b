"""Asset checks, evaluated inside the asset's own step (blocking: a failed check stops the
run before anything downstream, including publishing). Each check is a SQL file returning
the number of offending rows (0 = pass)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import dagster as dg
import duckdb

from warehouse.sql import load
from warehouse.store import count


@dataclass(frozen=True)
class Check:
    asset: str
    name: str
    description: str

    @property
    def sql_name(self) -> str:
        return f"check_{self.asset}_{self.name}"


CHECKS = (
    Check("events", "event_id_unique", "No event_id appears twice in events."),
    Check("deliveries", "lead_exists", "Every delivery's lead is in leads."),
    Check("funnel_daily", "non_negative", "Counts are >= 0, sold <= leads, visitors <= visits."),
    Check("funnel_daily", "leads_complete", "Every countable lead is counted once in the funnel."),
    Check("billing_monthly", "total", "Billing sums to the delivered prices and the credits."),
    Check("intercompany_monthly", "total", "Transfers sum to the frozen transfer prices."),
    Check("tracking_health", "complete", "Every accepted LP/form event is counted once."),
)


def specs(asset: str) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(c.name, asset=asset, description=c.description, blocking=True)
        for c in CHECKS
        if c.asset == asset
    ]


def evaluate(con: duckdb.DuckDBPyConnection, asset: str) -> Iterator[dg.AssetCheckResult]:
    for check in CHECKS:
        if check.asset != asset:
            continue
        offending = count(con, load(check.sql_name))
        yield dg.AssetCheckResult(
            asset_key=asset,
            check_name=check.name,
            passed=offending == 0,
            metadata={"offending": offending},
        )
