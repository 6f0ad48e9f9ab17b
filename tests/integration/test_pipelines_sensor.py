"""The Dagster definitions and the warehouse sensor, on a real lake, hub and snapshot (no run:
the sensor's decisions are checked; run_once covers execution)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import dagster as dg
import pytest

from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from pipelines.defs.all_assets import ALL_ASSETS
from pipelines.defs.resources import WarehouseResource
from pipelines.defs.sensors import RETRY_AFTER_S, SensorState, build_sensor, evaluate
from pipelines.plan import RANGE_END, RANGE_START
from tests.integration.test_warehouse_helpers import T0, demo_page, event, insert_lead
from warehouse.events import load_partition
from warehouse.lake_write import write_events
from warehouse.publish import publish_snapshot
from warehouse.store import open_work

pytestmark = pytest.mark.integration

EVENTS = dg.AssetKey("events")
ALL_KEYS = {key for asset in ALL_ASSETS for key in asset.keys}
NOW = datetime(2026, 1, 16, 12, tzinfo=UTC).timestamp()


def _summary(requests: list[dg.RunRequest]) -> list[tuple[str | None, str]]:
    def scope(r: dg.RunRequest) -> str:
        keys = set(r.asset_selection or [])
        return (
            "events"
            if keys == {EVENTS}
            else "all"
            if keys == ALL_KEYS
            else ("hub+models" if keys == ALL_KEYS - {EVENTS} else f"other {keys}")
        )

    def days(r: dg.RunRequest) -> str | None:
        start = r.tags.get(RANGE_START)
        return f"{start}..{r.tags[RANGE_END]}" if start else r.partition_key

    return [(days(r), scope(r)) for r in requests]


def test_definitions_load_settings_when_dagster_loads_them(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.definitions import defs

    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LEADHUB_SENSOR_INTERVAL_SECONDS", "7")
    loaded = defs()
    sensor = loaded.resolve_sensor_def("warehouse_sensor")
    assert sensor.minimum_interval_seconds == 7
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert {asset.op.pool for asset in ALL_ASSETS} == {"warehouse"}
    assert loaded.resolve_asset_graph().get_all_asset_keys() == ALL_KEYS
    job = loaded.resolve_job_def("warehouse_job")
    assert job.executor_def is dg.in_process_executor
    assert isinstance(job.partitions_def, dg.DailyPartitionsDefinition)
    assert job.partitions_def.timezone == "Europe/Paris"


def test_sensor_requests_changed_partitions_hub_changes_and_overdue_retries(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    write_events(settings, [event("a", "page_view", T0)])
    write_events(settings, [event("b", "page_view", T0 + timedelta(days=1))])

    requests, state, invalid = evaluate(settings, None, NOW)
    assert _summary(requests) == [("2026-01-15..2026-01-16", "all")]  # one run, one load
    assert invalid == []
    assert SensorState.loads(state.dumps()) == state  # the cursor round-trips

    requests, state, _ = evaluate(settings, state, NOW + 15)
    assert requests == []

    write_events(settings, [event("c", "cta_click", T0)])
    requests, state, _ = evaluate(settings, state, NOW + 30)
    assert _summary(requests) == [("2026-01-15", "all")]

    lp, form = demo_page(hub_con)
    insert_lead(hub_con, "l1", lp, form, T0)
    requests, state, _ = evaluate(settings, state, NOW + 45)
    assert _summary(requests) == [(None, "hub+models")]

    # Nothing was ever published: after RETRY_AFTER_S the partitions are requested again,
    # under new run keys (Dagster would skip a run key it has already seen).
    first_keys = {r.run_key for r in evaluate(settings, None, NOW)[0]}
    retried, state, _ = evaluate(settings, state, NOW + 45 + RETRY_AFTER_S + 1)
    assert _summary(retried) == [("2026-01-15..2026-01-16", "all")]
    assert not {r.run_key for r in retried} & first_keys

    # days apart: one run per stretch of consecutive days (a range never reloads the days between)
    write_events(settings, [event("d", "page_view", T0)])
    write_events(settings, [event("e", "page_view", T0 + timedelta(days=5))])
    requests, state, _ = evaluate(settings, state, NOW + 45 + RETRY_AFTER_S + 2)
    assert _summary(requests) == [("2026-01-15", "events"), ("2026-01-20", "all")]


def test_sensor_starts_from_the_published_snapshot(settings: Settings, world: DemoWorld) -> None:
    write_events(settings, [event("a", "page_view", T0)])
    write_events(settings, [event("b", "page_view", T0 + timedelta(days=1))])
    with open_work(settings) as con:
        load_partition(con, settings, "2026-01-15")
    publish_snapshot(settings)

    sensor = build_sensor(15)
    context = dg.build_sensor_context(
        cursor=None, resources={"warehouse": WarehouseResource(data_dir=str(settings.data_dir))}
    )
    result = sensor(context)
    assert isinstance(result, dg.SensorResult)
    assert _summary(list(result.run_requests or [])) == [("2026-01-16", "all")]
    assert result.cursor is not None and "2026-01-15" in result.cursor


def test_lake_dirs_outside_the_partition_range_are_reported_not_requested(
    settings: Settings,
) -> None:
    write_events(settings, [event("old", "page_view", datetime(2019, 5, 1, tzinfo=UTC))])
    requests, _, invalid = evaluate(settings, None, NOW)
    assert invalid == ["2019-05-01"]
    assert _summary(requests) == [(None, "hub+models")]
