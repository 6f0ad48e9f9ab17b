"""The collector's one roller process (``python -m ingest.collect.roller_process``), started and
restarted by ``leadhub collector`` (:mod:`ingest.collect.roller_supervisor`): every worker's
spool feeds it, so the request workers never load pyarrow or write Parquet.

It runs ``collector_roller_nice`` below the workers' priority, rolls every ``interval`` seconds,
counts into the shared metrics files, writes its status for ``/health`` after each pass, and on
SIGTERM (or when its parent is gone) makes a final pass
within ``FINAL_ROLL_SECONDS`` and exits. A SIGKILL loses nothing: a segment is deleted only after
its files are in the lake, and the next roller replays what was half done (ingest.collect.roller).
"""

from __future__ import annotations

import os
import signal
import threading
from dataclasses import asdict
from types import FrameType

import structlog

from hub.logs import configure_logging
from hub.settings import Settings, load_settings
from ingest.collect.counters import Counters
from ingest.collect.roller import RollStats
from ingest.collect.roller_status import FINAL_ROLL_SECONDS, write_status
from ingest.collect.roller_task import Roller

log = structlog.get_logger("ingest.roller")


def roll_interval(settings: Settings) -> float:
    return min(1.0, max(0.1, settings.spool_roll_seconds / 2))


def count(counters: Counters, stats: RollStats | None) -> None:
    if stats is None:
        counters.inc("leadhub_roller_errors_total")
        return
    counters.inc("leadhub_lake_events_rolled_total", stats.events)
    counters.inc("leadhub_lake_duplicates_dropped_total", stats.duplicates)
    counters.inc("leadhub_spool_torn_lines_total", stats.torn_lines)


def one_pass(roller: Roller, counters: Counters) -> None:
    stats: RollStats | None = None
    try:
        stats = roller.run_once()
        roller.last_error = None
    except Exception as exc:  # keep rolling; /health and /metrics show the error
        roller.last_error = f"{type(exc).__name__}: {exc}"
        log.exception("spool.roll_failed")
    count(counters, stats)
    status = {"last_run": roller.last_run, "last_error": roller.last_error}
    write_status(roller.settings.spool_dir, {**status, "rolled": asdict(roller.totals)})


def run(settings: Settings, stop: threading.Event) -> None:
    """Roll until ``stop`` is set or the parent process is gone, then a final pass."""
    parent = os.getppid()
    counters = Counters(settings.spool_dir / "metrics")
    roller = Roller(settings)
    log.info("roller.started", pid=os.getpid(), spool=str(settings.spool_dir))
    try:
        while not stop.is_set() and os.getppid() == parent:
            one_pass(roller, counters)
            stop.wait(roll_interval(settings))
        roller.finish_by(FINAL_ROLL_SECONDS)
        one_pass(roller, counters)
    finally:
        roller.close()
        counters.close()
        log.info("roller.stopped", pid=os.getpid())


def main() -> None:
    settings = load_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    settings.ensure_dirs()
    os.nice(settings.collector_roller_nice)  # the request workers first (decision 0064)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    run(settings, stop)


if __name__ == "__main__":
    main()
