"""Which runs to launch: pure decisions shared by the sensor and ``run_once``.

Dagster runs one daily partition per run; a run may also carry the unpartitioned assets
(checked on dagster 1.13: ``materialize(..., partition_key=p)`` over partitioned and
unpartitioned assets materializes ``events[p]`` and the rest in one run). So N changed
partitions give N runs: the first N-1 load ``events`` only, the last one also refreshes the
hub copies and models and publishes. Nothing changed in the lake: one unpartitioned run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import dagster as dg

EVENTS = dg.AssetKey("events")


@dataclass(frozen=True)
class RunPlan:
    partition: str | None  # events partition to (re)load, if any
    downstream: bool  # also copy the hub, rebuild the models and publish


def changed_partitions(loaded: Mapping[str, str], lake: Mapping[str, str]) -> list[str]:
    """Partitions present in the lake whose files differ from what was loaded."""
    return sorted(day for day, fp in lake.items() if loaded.get(day) != fp)


def split_valid(days: Iterable[str], valid: Iterable[str]) -> tuple[list[str], list[str]]:
    """(partitions Dagster knows, lake directories outside the partition range)."""
    known = set(valid)
    ordered = sorted(set(days))
    return [d for d in ordered if d in known], [d for d in ordered if d not in known]


def plan_runs(pending: Iterable[str], refresh: bool) -> list[RunPlan]:
    days = sorted(set(pending))
    plans = [RunPlan(day, downstream=False) for day in days[:-1]]
    if days:
        plans.append(RunPlan(days[-1], downstream=True))
    elif refresh:
        plans.append(RunPlan(None, downstream=True))
    return plans


def selection(plan: RunPlan, all_keys: Iterable[dg.AssetKey]) -> list[dg.AssetKey]:
    keys = list(all_keys)
    if not plan.downstream:
        return [EVENTS]
    if plan.partition is None:
        return [key for key in keys if key != EVENTS]
    return keys
