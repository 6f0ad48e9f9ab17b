"""The ``events`` asset: lake partitions (Paris days) loaded into ``events``; a run over a range of
days loads them in one transaction (single-run backfill policy, ``pipelines/plan.py``)."""

import warnings

import dagster as dg

from pipelines.defs.checks import evaluate, specs
from pipelines.defs.common import GROUP, POOL, Output, daily_partitions
from pipelines.defs.resources import WarehouseResource
from warehouse.events import PartitionStats, load_partitions

# backfill_policy is "beta" on dagster 1.13; single-run ranges are what the plan relies on
# (tests/integration/test_pipelines_run.py checks a range run loads both days).
warnings.filterwarnings("ignore", "Parameter `backfill_policy`", dg.BetaWarning)


@dg.asset(
    partitions_def=daily_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool=POOL,
    group_name=GROUP,
    kinds={"duckdb", "parquet"},
    check_specs=specs("events"),
    description="One row per distinct event_id from the lake; partition = Paris date received.",
)
def events(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> Output:
    with warehouse.writer() as con:
        loaded = load_partitions(con, warehouse.settings, context.partition_keys)
        for stats in loaded:
            if stats.quarantined_files:
                context.log.warning(
                    f"{stats.quarantined_files} unreadable file(s) quarantined in {stats.lake_date}"
                )
        yield dg.MaterializeResult(metadata={**totals(loaded), "partitions": len(loaded)})
        yield from evaluate(con, "events")


def totals(loaded: list[PartitionStats]) -> dict[str, int]:
    """The load's counts over every partition of the run (one materialization per range)."""
    keys = ("files", "rows_read", "rows_loaded", "duplicates", "rejected_rows", "quarantined_files")
    return {key: sum(int(getattr(stats, key)) for stats in loaded) for key in keys}
