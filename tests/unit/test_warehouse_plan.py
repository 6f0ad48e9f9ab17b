"""Run planning shared by the sensor and run_once (pure)."""

from __future__ import annotations

import dagster as dg

from pipelines.plan import EVENTS, RunPlan, changed_partitions, plan_runs, selection, split_valid

KEYS = [EVENTS, dg.AssetKey("leads"), dg.AssetKey("funnel_daily")]


def test_changed_partitions_are_new_or_different_never_vanished() -> None:
    loaded = {"2026-01-14": "a", "2026-01-15": "b", "2026-01-10": "gone"}
    lake = {"2026-01-14": "a", "2026-01-15": "B", "2026-01-16": "c"}
    assert changed_partitions(loaded, lake) == ["2026-01-15", "2026-01-16"]


def test_one_run_per_stretch_of_days_and_only_the_last_refreshes_downstream() -> None:
    assert plan_runs(["2026-01-16", "2026-01-15", "2026-01-16"], refresh=False) == [
        RunPlan("2026-01-15", downstream=True, last="2026-01-16"),
    ]
    pending = ["2026-01-20", "2026-02-28", "2026-01-18", "2026-03-01", "2026-01-19"]
    assert plan_runs(pending, refresh=False) == [
        RunPlan("2026-01-18", downstream=False, last="2026-01-20"),
        RunPlan("2026-02-28", downstream=True, last="2026-03-01"),
    ]
    assert plan_runs(["2026-01-15", "2026-01-17"], refresh=False) == [
        RunPlan("2026-01-15", downstream=False),
        RunPlan("2026-01-17", downstream=True),
    ]
    assert plan_runs([], refresh=True) == [RunPlan(None, downstream=True)]
    assert plan_runs([], refresh=False) == []


def test_a_range_run_carries_dagsters_range_tags_a_day_its_key() -> None:
    many = RunPlan("2026-01-18", downstream=True, last="2026-01-20")
    assert many.tags() == {
        "dagster/asset_partition_range_start": "2026-01-18",
        "dagster/asset_partition_range_end": "2026-01-20",
    }
    assert (many.partition_key(), many.days) == (None, "2026-01-18..2026-01-20")
    assert [many.covers(d) for d in ("2026-01-17", "2026-01-19", "2026-01-21")] == [
        False,
        True,
        False,
    ]
    one = RunPlan("2026-01-18", downstream=True)
    assert (one.tags(), one.partition_key(), one.days) == ({}, "2026-01-18", "2026-01-18")
    assert RunPlan(None, downstream=True).tags() == {}


def test_selection_per_plan() -> None:
    assert selection(RunPlan("2026-01-15", downstream=False), KEYS) == [EVENTS]
    assert selection(RunPlan("2026-01-15", downstream=True), KEYS) == KEYS
    assert selection(RunPlan(None, downstream=True), KEYS) == KEYS[1:]


def test_split_valid_keeps_known_partition_keys() -> None:
    assert split_valid(["2019-01-01", "2026-01-15", "2026-01-15"], ["2026-01-15"]) == (
        ["2026-01-15"],
        ["2019-01-01"],
    )
