"""The one job: every warehouse asset (daily partitions, inferred from ``events``). Runs select
a subset: events for one partition, or the unpartitioned rest, or both."""

from __future__ import annotations

import dagster as dg

warehouse_job = dg.define_asset_job(
    "warehouse_job",
    selection=dg.AssetSelection.groups("warehouse"),
    tags={"leadhub/part": "warehouse"},
    # Steps run one after another anyway (one DuckDB writer): no process per step.
    executor_def=dg.in_process_executor,
)
