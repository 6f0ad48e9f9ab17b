"""The ``tracking_health`` assets: ``tracking_events_daily`` (the accepted events, incremental by
date), then the model fed with the collector's quarantine (read from the lake and registered as
``quarantine_events`` while it builds)."""

import dagster as dg

from pipelines.defs.checks import evaluate, specs
from pipelines.defs.common import GROUP, POOL, Output
from pipelines.defs.resources import WarehouseResource
from warehouse.models import build_model, depends, model_sql


@dg.multi_asset(
    name="tracking_health",
    specs=[
        dg.AssetSpec(
            "tracking_events_daily",
            deps=depends("tracking_events_daily"),
            group_name=GROUP,
            kinds={"duckdb"},
            description="Accepted events per Paris day received, LP and form: count, first and "
            "last, active hours, busiest hour (incremental).",
        ),
        dg.AssetSpec(
            "tracking_health",
            deps=depends("tracking_health"),
            group_name=GROUP,
            kinds={"duckdb", "parquet"},
            description="Per Paris day, LP and form: accepted and quarantined events, last "
            "event, events per hour, quarantine rate (the collector's quarantine is read from "
            "the lake).",
        ),
    ],
    check_specs=specs("tracking_events_daily") + specs("tracking_health"),
    pool=POOL,
)
def tracking_health(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> Output:
    from warehouse.lakeview import quarantine_table

    quarantined, skipped = quarantine_table(warehouse.settings)
    if skipped:
        context.log.warning(f"unreadable quarantine file(s) left out: {skipped}")
    with warehouse.writer() as con:
        rows = build_model(con, "tracking_events_daily")
        yield dg.MaterializeResult(asset_key="tracking_events_daily", metadata={"rows": rows})
        yield from evaluate(con, "tracking_events_daily")
        con.register("quarantine_events", quarantined)
        con.execute(model_sql("tracking_health"))
        rows = con.execute("SELECT count(*) FROM tracking_health").fetchall()[0][0]
        yield dg.MaterializeResult(
            asset_key="tracking_health",
            metadata={"rows": int(rows), "skipped_files": len(skipped)},
        )
        yield from evaluate(con, "tracking_health")
