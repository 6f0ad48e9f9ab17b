"""What every warehouse asset shares: the pool, the group, the daily partitions, the output.

All the assets write ``work.duckdb``, so all are in the ``warehouse`` pool (limit 1 in
dagster.yaml) on top of the cross-process writer lock."""

from collections.abc import Iterator
from typing import Any

import dagster as dg

POOL = "warehouse"
GROUP = "warehouse"
PARTITIONS_START = "2024-01-01"

# Europe/Paris days; end_offset=1 makes today's (still filling) partition valid.
daily_partitions = dg.DailyPartitionsDefinition(
    start_date=PARTITIONS_START, timezone="Europe/Paris", end_offset=1
)

Output = Iterator[dg.MaterializeResult[Any] | dg.AssetCheckResult]
