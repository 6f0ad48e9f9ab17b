"""``GET /metrics``: Prometheus text format, summed over every worker process of the collector.

The counters come from :mod:`ingest.collect.counters` (one memory-mapped file per process,
folded when a process dies). Gauges (spool lag) are measured at scrape time. Without
``metrics_token`` only loopback clients may read it; with it, ``Authorization: Bearer <token>``
is required.
"""

from __future__ import annotations

import asyncio
import hmac
from pathlib import Path
from typing import Any

from litestar import Request, Response, get
from litestar.datastructures import State

from hub.errors import ApiError, FieldError
from ingest.collect.counters import FSYNC_BUCKETS, collect, series
from ingest.collect.spool import spool_lag

HELP = {
    "leadhub_events_accepted_total": ("counter", "Events acknowledged (202) for the lake."),
    "leadhub_events_quarantined_total": ("counter", "Events kept in quarantine, by reason."),
    "leadhub_events_not_durable_total": ("counter", "Events answered 503: not made durable."),
    "leadhub_requests_rate_limited_total": ("counter", "Requests answered 429, by limit."),
    "leadhub_spool_fsync_seconds": ("histogram", "Time of one group-commit write + fdatasync."),
    "leadhub_lake_events_rolled_total": ("counter", "Accepted events written to the lake."),
    "leadhub_lake_duplicates_dropped_total": ("counter", "Repeated event ids not written again."),
    "leadhub_spool_torn_lines_total": ("counter", "Unacknowledged torn spool lines skipped."),
    "leadhub_roller_errors_total": ("counter", "Roller passes that failed (retried)."),
    "leadhub_spool_segments_pending": ("gauge", "Spool segments not yet in the lake."),
    "leadhub_spool_lag_seconds": ("gauge", "Age of the oldest spool segment not yet rolled."),
    "leadhub_collector_processes": (
        "gauge",
        "Collector processes alive: the workers and the roller (metrics files locked).",
    ),
}


def render(directory: Path, spool_dir: Path) -> str:
    totals, live = collect(directory)
    pending, oldest = spool_lag(spool_dir)
    totals["leadhub_spool_segments_pending"] = pending
    totals["leadhub_spool_lag_seconds"] = oldest or 0.0
    totals["leadhub_collector_processes"] = live
    totals.setdefault("leadhub_events_accepted_total", 0.0)
    fsync = "leadhub_spool_fsync_seconds"
    for bound in (*(str(b) for b in FSYNC_BUCKETS), "+Inf"):  # every bucket, even if empty
        totals.setdefault(series(f"{fsync}_bucket", le=bound), 0.0)
    for suffix in ("_sum", "_count"):
        totals.setdefault(f"{fsync}{suffix}", 0.0)
    lines: list[str] = []
    for family, (kind, text) in HELP.items():
        names = sorted((n for n in totals if _family(n) == family), key=_order)
        if not names:
            continue
        lines += [f"# HELP {family} {text}", f"# TYPE {family} {kind}"]
        lines += [f"{n} {_number(totals[n])}" for n in names]
    return "\n".join(lines) + "\n"


def _order(name: str) -> tuple[str, float]:
    """Histogram buckets by increasing ``le`` (``+Inf`` last), then ``_count``, ``_sum``."""
    if '_bucket{le="' in name:
        bound = name.split('le="', 1)[1].split('"', 1)[0]
        return ("", float("inf") if bound == "+Inf" else float(bound))
    return (name, 0.0)


def _family(name: str) -> str:
    base = name.split("{", 1)[0]
    for suffix in ("_bucket", "_sum", "_count"):
        if base.endswith(suffix) and base.removesuffix(suffix) in HELP:
            return base.removesuffix(suffix)
    return base


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@get("/metrics", summary="Prometheus metrics (all workers)", tags=["ops"], cache=False)
async def metrics(request: Request[Any, Any, State]) -> Response[str]:
    state = request.app.state
    token = state.settings.metrics_token
    if token:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        allowed = hmac.compare_digest(given.encode(), token.encode())
    else:
        allowed = (request.client.host if request.client else "") in LOOPBACK
    if not allowed:
        raise ApiError(
            403,
            "forbidden",
            "Metrics are served to loopback clients or with the metrics token.",
            [FieldError("authorization", "not_allowed", "Accès refusé.", "Access denied.")],
        )
    text = await asyncio.to_thread(render, state.counters.dir, state.settings.spool_dir)
    return Response(text, media_type="text/plain; version=0.0.4; charset=utf-8")
