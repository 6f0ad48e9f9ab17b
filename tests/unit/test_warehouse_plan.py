"""Run planning shared by the sensor and run_once (pure)."""

from __future__ import annotations

import dagster as dg

from pipelines.plan import EVENTS, RunPlan, changed_partitions, plan_runs, selection, split_valid

KEYS = [EVENTS, dg.AssetKey("leads"), dg.AssetKey("funnel_daily")]


def test_changed_partitions_are_new_or_different_never_vanished() -> None:
    loaded = {"2026-01-14": "a", "2026-01-15": "b", "2026-01-10": "gone"}
    lake = {"2026-01-14": "a", "2026-01-15": "B", "2026-01-16": "c"}
    assert changed_partitions(loaded, lake) == ["2026-01-15", "2026-01-16"]


def test_one_run_per_partition_and_only_the_last_refreshes_downstream() -> None:
    assert plan_runs(["2026-01-16", "2026-01-15", "2026-01-16"], refresh=False) == [
        RunPlan("2026-01-15", downstream=False),
        RunPlan("2026-01-16", downstream=True),
    ]
    assert plan_runs([], refresh=True) == [RunPlan(None, downstream=True)]
    assert plan_runs([], refresh=False) == []


def test_selection_per_plan() -> None:
    assert selection(RunPlan("2026-01-15", downstream=False), KEYS) == [EVENTS]
    assert selection(RunPlan("2026-01-15", downstream=True), KEYS) == KEYS
    assert selection(RunPlan(None, downstream=True), KEYS) == KEYS[1:]


def test_split_valid_keeps_known_partition_keys() -> None:
    assert split_valid(["2019-01-01", "2026-01-15", "2026-01-15"], ["2026-01-15"]) == (
        ["2026-01-15"],
        ["2019-01-01"],
    )
