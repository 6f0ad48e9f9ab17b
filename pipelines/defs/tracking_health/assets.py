"""The ``tracking_health`` asset: the model, fed with the collector's quarantine (read from
the lake and registered as ``quarantine_events`` while it builds)."""

import dagster as dg

from pipelines.defs.checks import evaluate, specs
from pipelines.defs.common import GROUP, POOL, Output
from pipelines.defs.resources import WarehouseResource
from warehouse.models import depends, model_sql


@dg.asset(
    deps=depends("tracking_health"),
    pool=POOL,
    group_name=GROUP,
    kinds={"duckdb", "parquet"},
    check_specs=specs("tracking_health"),
    description="Per Paris day, LP and form: accepted and quarantined events, last event, "
    "events per hour, quarantine rate (the collector's quarantine is read from the lake).",
)
def tracking_health(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> Output:
    from warehouse.lakeview import quarantine_table

    quarantined, skipped = quarantine_table(warehouse.settings)
    if skipped:
        context.log.warning(f"unreadable quarantine file(s) left out: {skipped}")
    with warehouse.writer() as con:
        con.register("quarantine_events", quarantined)
        con.execute(model_sql("tracking_health"))
        rows = con.execute("SELECT count(*) FROM tracking_health").fetchall()[0][0]
        yield dg.MaterializeResult(metadata={"rows": int(rows), "skipped_files": len(skipped)})
        yield from evaluate(con, "tracking_health")
