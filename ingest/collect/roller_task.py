"""Rolling pending spool segments every few seconds: :class:`Roller` runs one pass
(:func:`ingest.collect.roller.roll_pending`) and keeps its counters; :class:`RollerTask` runs it
in a worker's background thread (an app run alone, the tests); ``leadhub collector`` runs it in
its own process instead (:mod:`ingest.collect.roller_process`). On shutdown a final pass rolls
what it can within :data:`FINAL_ROLL_SECONDS`; anything left is rolled by the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict

import structlog

from hub.settings import Settings
from ingest.collect.roller import DedupeIndex, RollStats, roll_pending
from ingest.collect.roller_status import FINAL_ROLL_SECONDS

log = structlog.get_logger("ingest.server")


class Roller:
    """One roller's passes over the spool, its totals and its last error."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.totals = RollStats()
        self.last_error: str | None = None
        self.last_run: float | None = None
        self._dedupe: DedupeIndex | None = None
        self._pruned_at = 0.0
        self._stop_at: float | None = None

    def finish_by(self, seconds: float) -> None:
        """Passes from now on stop between two segments after ``seconds``."""
        self._stop_at = time.monotonic() + seconds

    def _late(self) -> bool:
        return self._stop_at is not None and time.monotonic() > self._stop_at

    def run_once(self) -> RollStats:
        if self._dedupe is None:
            self._dedupe = DedupeIndex(self.settings.spool_dir / "dedupe.sqlite3")
        if time.monotonic() - self._pruned_at > 3600 or not self._pruned_at:
            self._dedupe.prune()
            self._pruned_at = time.monotonic()
        stats = roll_pending(self.settings, self._dedupe, self._late)
        self.totals.add(stats)
        self.last_run = time.time()
        if stats.segments:
            level = "warning" if stats.torn_lines or stats.duplicates else "info"
            getattr(log, level)("spool.rolled", **asdict(stats))
        return stats

    def close(self) -> None:
        if self._dedupe is not None:
            self._dedupe.close()
            self._dedupe = None


class RollerTask:
    """Rolls pending segments every ``interval`` seconds in one background thread.

    ``on_roll`` is called on the event loop with each pass's stats (and ``None`` after a failed
    pass), for the metrics.
    """

    def __init__(
        self,
        settings: Settings,
        interval: float,
        on_roll: Callable[[RollStats | None], None] | None = None,
    ) -> None:
        self.roller = Roller(settings)
        self.interval = interval
        self.on_roll = on_roll
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="roller")
        self._task: asyncio.Task[None] | None = None

    @property
    def totals(self) -> RollStats:
        return self.roller.totals

    @property
    def last_error(self) -> str | None:
        return self.roller.last_error

    def run_once(self) -> RollStats:
        return self.roller.run_once()

    async def _pass(self) -> None:
        loop = asyncio.get_running_loop()
        stats: RollStats | None = None
        try:
            stats = await loop.run_in_executor(self._executor, self.run_once)
            self.roller.last_error = None
        except Exception as exc:  # keep rolling; /health and /metrics show the error
            self.roller.last_error = f"{type(exc).__name__}: {exc}"
            log.exception("spool.roll_failed")
        if self.on_roll is not None:
            self.on_roll(stats)

    async def _loop(self) -> None:
        while True:
            await self._pass()
            await asyncio.sleep(self.interval)

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="spool-roller")

    async def stop(self, final_pass: bool = True) -> None:
        """Stop; a final pass rolls what it can in ``FINAL_ROLL_SECONDS`` (the rest waits)."""
        self.roller.finish_by(FINAL_ROLL_SECONDS)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if final_pass:
            await self._pass()
        self._executor.shutdown(wait=True)
        self.roller.close()
