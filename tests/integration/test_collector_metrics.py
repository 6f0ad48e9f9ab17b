"""/metrics counters: one memory-mapped file per process, summed, and kept after kill -9."""

from __future__ import annotations

import multiprocessing
import time
from multiprocessing.synchronize import Event
from pathlib import Path

import pytest

from ingest.collect.counters import Counters, collect, series
from ingest.system.metrics import render

pytestmark = pytest.mark.integration
BOT = series("leadhub_events_quarantined_total", reason="bot")


def _worker(directory: str, accepted: int, ready: Event) -> None:
    counters = Counters(Path(directory))
    counters.inc("leadhub_events_accepted_total", accepted)
    counters.inc(BOT, 2)
    counters.observe_fsync(0.003)
    ready.set()
    time.sleep(60)  # then killed with SIGKILL: no chance to close anything


def test_counters_of_live_and_killed_workers_are_summed(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    directory = tmp_path / "metrics"
    readies = [ctx.Event(), ctx.Event()]
    procs = [
        ctx.Process(target=_worker, args=(str(directory), n, ready))
        for n, ready in zip((5, 7), readies, strict=True)
    ]
    for proc in procs:
        proc.start()
    try:
        assert all(ready.wait(60) for ready in readies)
        totals, live = collect(directory)
        assert live == 2
        assert totals["leadhub_events_accepted_total"] == 12 and totals[BOT] == 4
        assert totals['leadhub_spool_fsync_seconds_bucket{le="0.005"}'] == 2
        assert 'leadhub_spool_fsync_seconds_bucket{le="0.0025"}' not in totals  # never hit
        procs[0].kill()
        procs[0].join(10)
        assert collect(directory) == (totals, 1)  # a killed worker's counts stay
        restarted = Counters(directory)  # a new worker folds dead files into the archive
        assert len(list(directory.glob("*.bin"))) == 2  # the live one and the new one
        restarted.inc("leadhub_events_accepted_total")
        after, live = collect(directory)
        assert live == 2 and after["leadhub_events_accepted_total"] == 13 and after[BOT] == 4
        text = render(directory, tmp_path)
        assert "# TYPE leadhub_events_accepted_total counter\n" in text
        assert "leadhub_events_accepted_total 13\n" in text
        assert 'leadhub_events_quarantined_total{reason="bot"} 4\n' in text
        assert "leadhub_spool_fsync_seconds_count 2\n" in text
        buckets = [line for line in text.splitlines() if "_bucket{" in line]
        assert buckets[0] == 'leadhub_spool_fsync_seconds_bucket{le="0.0005"} 0'
        assert buckets[-1] == 'leadhub_spool_fsync_seconds_bucket{le="+Inf"} 2'
        restarted.close()
    finally:
        for proc in procs:
            proc.kill()
            proc.join(10)
