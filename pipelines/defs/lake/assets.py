"""The ``events`` asset: one lake partition (a Paris day) loaded into ``events``."""

import dagster as dg

from pipelines.defs.checks import evaluate, specs
from pipelines.defs.common import GROUP, POOL, Output, daily_partitions
from pipelines.defs.resources import WarehouseResource
from warehouse.events import load_partition


@dg.asset(
    partitions_def=daily_partitions,
    pool=POOL,
    group_name=GROUP,
    kinds={"duckdb", "parquet"},
    check_specs=specs("events"),
    description="One row per distinct event_id from the lake; partition = Paris date received.",
)
def events(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> Output:
    with warehouse.writer() as con:
        stats = load_partition(con, warehouse.settings, context.partition_key)
        if stats.quarantined_files:
            context.log.warning(
                f"{stats.quarantined_files} unreadable file(s) quarantined in {stats.lake_date}"
            )
        yield dg.MaterializeResult(
            metadata={key: value for key, value in stats.as_dict().items() if key != "lake_date"}
        )
        yield from evaluate(con, "events")
