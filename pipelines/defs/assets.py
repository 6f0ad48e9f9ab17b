"""Warehouse assets. All of them write ``work.duckdb``, so all are in the ``warehouse`` pool
(limit 1 in dagster.yaml) on top of the cross-process writer lock."""

from collections.abc import Iterator
from typing import Any

import dagster as dg

from pipelines.defs.checks import evaluate, specs
from pipelines.defs.resources import WarehouseResource
from warehouse.events import load_partition, refresh_quarantined_files
from warehouse.hub_copy import HUB_TABLES, copy_hub
from warehouse.models import build_model, build_order, depends, model_sql

POOL = "warehouse"
GROUP = "warehouse"
PARTITIONS_START = "2024-01-01"

# Europe/Paris days; end_offset=1 makes today's (still filling) partition valid.
daily_partitions = dg.DailyPartitionsDefinition(
    start_date=PARTITIONS_START, timezone="Europe/Paris", end_offset=1
)

Output = Iterator[dg.MaterializeResult[Any] | dg.AssetCheckResult]


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


@dg.asset(
    deps=depends("funnel_daily"),
    pool=POOL,
    group_name=GROUP,
    kinds={"duckdb"},
    check_specs=specs("funnel_daily"),
    description="Visits to revenue by Paris date, account, LP, form, source, campaign, "
    "variant and device.",
)
def funnel_daily(warehouse: WarehouseResource) -> Output:
    with warehouse.writer() as con:
        yield dg.MaterializeResult(metadata={"rows": build_model(con, "funnel_daily")})
        yield from evaluate(con, "funnel_daily")


@dg.asset(
    deps=depends("billing_monthly"),
    pool=POOL,
    group_name=GROUP,
    kinds={"duckdb"},
    check_specs=specs("billing_monthly"),
    description="Delivered leads and amounts per Paris month, buyer and seller account.",
)
def billing_monthly(warehouse: WarehouseResource) -> Output:
    with warehouse.writer() as con:
        yield dg.MaterializeResult(metadata={"rows": build_model(con, "billing_monthly")})
        yield from evaluate(con, "billing_monthly")


INTERCOMPANY = tuple(name for name in build_order() if name.startswith("intercompany_"))


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            name,
            deps=depends(name),
            group_name=GROUP,
            kinds={"duckdb"},
            description=f"{name}: what the producing entity bills the selling one (HT).",
        )
        for name in INTERCOMPANY
    ],
    check_specs=specs("intercompany_monthly"),
    pool=POOL,
)
def intercompany(warehouse: WarehouseResource) -> Output:
    with warehouse.writer() as con:
        for name in INTERCOMPANY:
            yield dg.MaterializeResult(asset_key=name, metadata={"rows": build_model(con, name)})
        yield from evaluate(con, "intercompany_monthly")


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
    from hub.lakeview import quarantine_table

    quarantined, skipped = quarantine_table(warehouse.settings)
    if skipped:
        context.log.warning(f"unreadable quarantine file(s) left out: {skipped}")
    with warehouse.writer() as con:
        con.register("quarantine_events", quarantined)
        con.execute(model_sql("tracking_health"))
        rows = con.execute("SELECT count(*) FROM tracking_health").fetchall()[0][0]
        yield dg.MaterializeResult(metadata={"rows": int(rows), "skipped_files": len(skipped)})
        yield from evaluate(con, "tracking_health")


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


ALL_ASSETS = [
    events,
    hub_tables,
    funnel_daily,
    billing_monthly,
    intercompany,
    tracking_health,
    warehouse_snapshot,
]
