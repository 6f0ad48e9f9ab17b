"""The warehouse sensor: new or changed lake files per partition, and hub changes."""

import hashlib
import json
import time
from dataclasses import dataclass, field

import dagster as dg
import duckdb

from hub.settings import Settings
from pipelines.defs.all_assets import ALL_ASSETS
from pipelines.defs.common import daily_partitions
from pipelines.defs.jobs import warehouse_job
from pipelines.defs.resources import WarehouseResource
from pipelines.plan import changed_partitions, plan_runs, selection, split_valid
from warehouse.hub_copy import hub_fingerprint
from warehouse.lake import lake_fingerprints
from warehouse.reader import SnapshotMissing, query
from warehouse.sql import load

# A partition requested but still not in the published snapshot after this long is requested
# again (the run failed or was lost).
RETRY_AFTER_S = 600.0


@dataclass
class SensorState:
    lake: dict[str, tuple[str, float]] = field(default_factory=dict)  # day → (fp, requested)
    hub: str = ""

    @classmethod
    def loads(cls, cursor: str | None) -> "SensorState | None":
        if not cursor:
            return None
        data = json.loads(cursor)
        lake = {day: (str(fp), float(at)) for day, (fp, at) in data.get("lake", {}).items()}
        return cls(lake=lake, hub=str(data.get("hub", "")))

    def dumps(self) -> str:
        return json.dumps({"lake": self.lake, "hub": self.hub}, sort_keys=True)


def published_fingerprints(settings: Settings) -> dict[str, str]:
    """What the published snapshot was built from (empty if nothing published yet)."""
    try:
        rows = query(settings, load("staging/lake_partition_fingerprints"))
    except (SnapshotMissing, duckdb.Error):
        return {}
    return {str(r["day"]): str(r["fingerprint"]) for r in rows}


def evaluate(
    settings: Settings, state: SensorState | None, now: float
) -> tuple[list[dg.RunRequest], SensorState, list[str]]:
    """Run requests, the next state, and lake days outside the partition range."""
    published = published_fingerprints(settings)
    first_tick = state is None
    if state is None:
        state = SensorState(lake={day: (fp, now) for day, fp in published.items()})
    lake = lake_fingerprints(settings.raw_dir)
    requested = {day: fp for day, (fp, _) in state.lake.items()}
    changed = set(changed_partitions(requested, lake))
    overdue = {
        day
        for day, (fp, at) in state.lake.items()
        if lake.get(day) == fp and published.get(day) != fp and now - at > RETRY_AFTER_S
    }
    pending, invalid = split_valid(changed | overdue, daily_partitions.get_partition_keys())
    hub = hub_fingerprint(settings.hub_db)
    keys = [key for asset in ALL_ASSETS for key in asset.keys]
    requests = []
    for plan in plan_runs(pending, refresh=first_tick or hub != state.hub):
        days = [day for day in pending if plan.covers(day)]
        token = "|".join(lake[day] for day in days) if days else hub
        if any(day in overdue for day in days):
            token += f"@{int(now)}"
        digest = hashlib.sha256(token.encode()).hexdigest()[:16]
        scope = "full" if plan.downstream else "events"
        requests.append(
            dg.RunRequest(
                run_key=f"{plan.days or 'hub'}:{scope}:{digest}",
                partition_key=plan.partition_key(),
                asset_selection=selection(plan, keys),
                tags={"leadhub/trigger": "sensor", **plan.tags()},
            )
        )
    lake_state = {**state.lake, **{day: (lake[day], now) for day in pending}}
    return requests, SensorState(lake=lake_state, hub=hub), invalid


def build_sensor(interval_seconds: int) -> dg.SensorDefinition:
    @dg.sensor(
        name="warehouse_sensor",
        job=warehouse_job,
        minimum_interval_seconds=max(1, interval_seconds),
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Loads lake partitions with new or changed files, refreshes on hub changes.",
    )
    def warehouse_sensor(
        context: dg.SensorEvaluationContext, warehouse: WarehouseResource
    ) -> dg.SensorResult:
        state = SensorState.loads(context.cursor)
        requests, new_state, invalid = evaluate(warehouse.settings, state, time.time())
        if invalid:
            context.log.warning(f"lake partitions outside the partition range: {invalid}")
        return dg.SensorResult(run_requests=requests, cursor=new_state.dumps())

    return warehouse_sensor
