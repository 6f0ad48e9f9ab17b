"""The hub copies: one multi-asset, one step, one SQLite read, one DuckDB transaction."""

import dagster as dg

from pipelines.defs.checks import evaluate, specs
from pipelines.defs.common import GROUP, POOL, Output
from pipelines.defs.resources import WarehouseResource
from warehouse.hub_copy import HUB_TABLES, copy_hub


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            name,
            group_name=GROUP,
            kinds={"duckdb", "sqlite"},
            description=f"Copy of the hub's {name} (no secrets, hashes or PII).",
        )
        for name in HUB_TABLES
    ],
    check_specs=specs("deliveries"),
    pool=POOL,
)
def hub_tables(warehouse: WarehouseResource) -> Output:
    """One consistent read of the hub, copied into the warehouse in one transaction."""
    with warehouse.writer() as con:
        counts = copy_hub(con, warehouse.settings)
        for name, rows in counts.items():
            yield dg.MaterializeResult(asset_key=name, metadata={"rows": rows})
        yield from evaluate(con, "deliveries")
