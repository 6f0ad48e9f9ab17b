"""Which runs to launch: pure decisions shared by the sensor and ``run_once``.

``events`` has a single-run backfill policy: one run loads a range of daily partitions in one
transaction (``warehouse.events.load_partitions``), and a run may also carry the unpartitioned
assets (checked on dagster 1.13: ``materialize`` with a partition key, or with the partition
range tags, over partitioned and unpartitioned assets materializes ``events`` for those days and
the rest in one run). So the changed partitions, cut into runs of consecutive days (a range
never reloads a day that did not change), give one run per stretch: the last one also
refreshes the hub copies and models and publishes. Nothing changed in the lake: one
unpartitioned run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import dagster as dg

EVENTS = dg.AssetKey("events")
RANGE_START = "dagster/asset_partition_range_start"
RANGE_END = "dagster/asset_partition_range_end"


@dataclass(frozen=True)
class RunPlan:
    partition: str | None  # first events partition to (re)load, if any
    downstream: bool  # also copy the hub, rebuild the models and publish
    last: str | None = None  # last partition of the range, when it is more than one day

    @property
    def days(self) -> str | None:
        """How the run names its partitions: ``day`` or ``first..last``."""
        return f"{self.partition}..{self.last}" if self.last else self.partition

    def tags(self) -> dict[str, str]:
        """The partition range tags of a run over more than one day."""
        if self.partition is None or self.last is None:
            return {}
        return {RANGE_START: self.partition, RANGE_END: self.last}

    def covers(self, day: str) -> bool:
        """Whether the run loads this partition."""
        return self.partition is not None and self.partition <= day <= (self.last or self.partition)

    def partition_key(self) -> str | None:
        """The partition key of a one-day run."""
        return None if self.last else self.partition


def changed_partitions(loaded: Mapping[str, str], lake: Mapping[str, str]) -> list[str]:
    """Partitions present in the lake whose files differ from what was loaded."""
    return sorted(day for day, fp in lake.items() if loaded.get(day) != fp)


def split_valid(days: Iterable[str], valid: Iterable[str]) -> tuple[list[str], list[str]]:
    """(partitions Dagster knows, lake directories outside the partition range)."""
    known = set(valid)
    ordered = sorted(set(days))
    return [d for d in ordered if d in known], [d for d in ordered if d not in known]


def stretches(days: Iterable[str]) -> list[tuple[str, str]]:
    """Sorted days cut into (first, last) runs of consecutive dates."""
    runs: list[tuple[str, str]] = []
    for day in sorted(set(days)):
        if runs and date.fromisoformat(runs[-1][1]) + timedelta(days=1) == date.fromisoformat(day):
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def plan_runs(pending: Iterable[str], refresh: bool) -> list[RunPlan]:
    runs = stretches(pending)
    plans = [
        RunPlan(first, downstream=i == len(runs) - 1, last=None if first == last else last)
        for i, (first, last) in enumerate(runs)
    ]
    if not plans and refresh:
        plans.append(RunPlan(None, downstream=True))
    return plans


def selection(plan: RunPlan, all_keys: Iterable[dg.AssetKey]) -> list[dg.AssetKey]:
    keys = list(all_keys)
    if not plan.downstream:
        return [EVENTS]
    if plan.partition is None:
        return [key for key in keys if key != EVENTS]
    return keys
