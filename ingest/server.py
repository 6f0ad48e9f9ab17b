"""``leadhub collector``: uvicorn (uvloop + httptools) serving ``create_app`` in N workers.

Each worker process builds its own settings with :func:`load_settings` (the parent exports the
settings it was given as ``LEADHUB_*`` variables first, so every worker sees the same ones) and
its own app, spool segment and :class:`RollerTask`. Migrations run once in the parent before
workers start. SIGTERM: uvicorn stops accepting, finishes in-flight requests (their events are
fsynced before they are answered), then the app's shutdown seals the spool and rolls what it
can within :data:`FINAL_ROLL_SECONDS`; anything left is rolled by the next start.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import structlog
import uvicorn
from litestar import Litestar

from hub.db import open_hub
from hub.logs import configure_logging
from hub.settings import Settings, load_settings, settings_env

if TYPE_CHECKING:  # the roller (pyarrow) loads in workers only, not in the supervisor
    from ingest.roller import DedupeIndex, RollStats

GRACEFUL_SHUTDOWN_SECONDS = 5
FINAL_ROLL_SECONDS = 3.0
log = structlog.get_logger("ingest.server")


def build_app() -> Litestar:
    """uvicorn factory, called inside each worker process."""
    from ingest.app import create_app

    settings = load_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    settings.ensure_dirs()
    return create_app(settings)


def serve(settings: Settings) -> None:
    settings.ensure_dirs()
    with closing(open_hub(settings.hub_db)):
        pass  # migrate once, before several workers race to do it
    os.environ.update(settings_env(settings))
    uvicorn.run("ingest.server:build_app", **uvicorn_options(settings))


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The server settings (also used by ``bench/collector`` for its bare baseline app)."""
    return {
        "factory": True,
        "host": settings.host,
        "port": settings.collector_port,
        "workers": max(1, settings.collector_workers),
        "loop": "uvloop",
        "http": "httptools",
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
        "access_log": False,
        "server_header": False,
    }


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
        from ingest.roller import RollStats

        self.settings = settings
        self.interval = interval
        self.on_roll = on_roll
        self.totals = RollStats()
        self.last_error: str | None = None
        self.last_run: float | None = None
        self._dedupe: DedupeIndex | None = None
        self._pruned_at = 0.0
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="roller")
        self._task: asyncio.Task[None] | None = None
        self._stop_at: float | None = None

    def _late(self) -> bool:
        return self._stop_at is not None and time.monotonic() > self._stop_at

    def run_once(self) -> RollStats:
        from ingest.roller import DedupeIndex, roll_pending

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

    async def _pass(self) -> None:
        loop = asyncio.get_running_loop()
        stats: RollStats | None = None
        try:
            stats = await loop.run_in_executor(self._executor, self.run_once)
            self.last_error = None
        except Exception as exc:  # keep rolling; /health and /metrics show the error
            self.last_error = f"{type(exc).__name__}: {exc}"
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
        self._stop_at = time.monotonic() + FINAL_ROLL_SECONDS
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if final_pass:
            await self._pass()
        self._executor.shutdown(wait=True)
        if self._dedupe is not None:
            self._dedupe.close()
