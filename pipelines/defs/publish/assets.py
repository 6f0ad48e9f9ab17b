"""The ``warehouse_snapshot`` asset: after every model, the published read-only snapshot."""

from typing import Any

import dagster as dg

from pipelines.defs.common import GROUP, POOL
from pipelines.defs.resources import WarehouseResource
from warehouse.events import refresh_quarantined_files
from warehouse.models import build_order


@dg.asset(
    deps=list(build_order()),
    pool=POOL,
    group_name=GROUP,
    kinds={"duckdb"},
    description="The published read-only snapshot (warehouse/leadhub.duckdb), swapped atomically.",
)
def warehouse_snapshot(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult[Any]:
    with warehouse.writer() as con:
        quarantined = refresh_quarantined_files(con, warehouse.settings)
    published = warehouse.publish(context.run.run_id)
    return dg.MaterializeResult(metadata={**published, "quarantined_files": quarantined})
