"""The collector's per-worker state (``app.state``) and its lifespan.

:func:`build_state` opens the hub and builds what the handlers share: key resolver, origin
policy, rate limiter, API key failure limit, cookieless ids, spool and, when the workers roll
(``collector_roller = "worker"``), the roller task.
:func:`lifespan` opens the metrics file and the spool, loads the bot check's crawler regexes
(not in a visitor's request; the user-agent parser itself runs in the roller) and starts the
roller (which first rolls what dead processes left); shutdown flushes and seals the spool and
rolls it. Shared by the workers (files under ``spool/``): rate-limit counters, cookieless salts,
metrics files, the dedupe index.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import structlog
from litestar import Litestar
from litestar.datastructures import State

from hub.db import Hub, connect
from hub.group_commit import GroupCommit
from hub.settings import Settings
from ingest.collect.cors import OriginPolicy
from ingest.collect.counters import Counters
from ingest.collect.enrich import CookielessIds, is_bot
from ingest.collect.keys import KeyResolver
from ingest.collect.ratelimit import FailureLimiter, Limit, RateLimiter, SharedCounters
from ingest.collect.spool import Spool

if TYPE_CHECKING:
    from ingest.collect.roller import RollStats

log = structlog.get_logger("ingest.app")
WARM_UP_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0 Safari/537.36"


def build_state(settings: Settings) -> State:
    """Everything the handlers share in this worker (the metrics file opens at startup)."""
    settings.ensure_dirs()
    hub = Hub(settings.hub_db)
    roll_every = min(1.0, max(0.1, settings.spool_roll_seconds / 2))
    state = State(
        {
            "settings": settings,
            "hub": hub,
            # leads are committed in groups: one fsync for the leads that arrived meanwhile
            "lead_writer": GroupCommit(
                lambda: connect(settings.hub_db), settings.hub_db.with_name("leads.write.lock")
            ),
            "key_resolver": KeyResolver(hub),
            "origin_policy": OriginPolicy(hub, settings.allow_private_network),
            "cookieless": CookielessIds(settings.spool_dir / "salts"),
        }
    )
    state.limiter = _limiter(settings)
    state.key_guard = FailureLimiter(
        state.limiter.counters,  # one shared counter file for every limit (all workers)
        Limit("api_key", settings.api_key_max_failures, settings.api_key_failure_window_seconds),
    )
    state.spool = Spool(
        settings.spool_dir,
        settings.spool_roll_seconds,
        settings.spool_max_delay_ms,
        on_fsync=lambda seconds: state.counters.observe_fsync(seconds),
    )
    state.roller = None  # `leadhub collector`: its roller process rolls (roller_supervisor)
    if settings.collector_roller == "worker":
        from ingest.collect.roller_task import RollerTask  # pyarrow: only where it rolls

        state.roller = RollerTask(settings, roll_every, on_roll=_roll_metrics(state))
    return state


@asynccontextmanager
async def lifespan(app: Litestar) -> AsyncIterator[None]:
    state = app.state
    state.counters = Counters(state.settings.spool_dir / "metrics")
    is_bot(WARM_UP_AGENT)
    await state.spool.start()
    if state.roller is not None:
        state.roller.start()
    log.info("collector.started", spool=str(state.settings.spool_dir))
    try:
        yield
    finally:
        await state.spool.close()
        if state.roller is not None:
            await state.roller.stop(final_pass=True)
        state.lead_writer.close()
        state.hub.close()
        state.limiter.counters.close()
        state.counters.close()
        log.info("collector.stopped")


def _roll_metrics(state: State) -> Callable[[RollStats | None], None]:
    def record(stats: RollStats | None) -> None:
        counters: Counters = state.counters
        if stats is None:
            counters.inc("leadhub_roller_errors_total")
            return
        counters.inc("leadhub_lake_events_rolled_total", stats.events)
        counters.inc("leadhub_lake_duplicates_dropped_total", stats.duplicates)
        counters.inc("leadhub_spool_torn_lines_total", stats.torn_lines)

    return record


def _limiter(settings: Settings) -> RateLimiter:
    window = max(1, settings.rate_limit_window_seconds)
    return RateLimiter(
        SharedCounters(settings.spool_dir / "ratelimit-v1.bin"),
        ip=Limit("ip", settings.rate_limit_ip_requests, window),
        key=Limit("key", settings.rate_limit_key_events, window),
        workers=settings.collector_workers,  # the leases each worker may take (decision 0067)
    )
