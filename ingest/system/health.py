"""``GET /health``: 200 only when the spool dir, the lake dir and the hub DB are writable.

Each check really writes: a probe file written and fsynced (then removed) in the spool and lake
dirs, and ``BEGIN IMMEDIATE`` / ``ROLLBACK`` on the hub. The answer also shows the spool lag
(segments not yet rolled, age of the oldest) and the roller's counters (this worker's, or the
roller process's last status: pid, alive, age of the status).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from litestar import Request, Response, get
from litestar.datastructures import State

from hub.db import Hub
from hub.settings import Settings
from ingest.collect.roller_status import read_status
from ingest.collect.spool import spool_lag


def probe_dir(path: Path) -> None:
    probe = path / f".health-{os.getpid()}.probe"
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, b"ok")
        os.fsync(fd)
    finally:
        os.close(fd)
        probe.unlink(missing_ok=True)


def probe_hub(hub: Hub) -> None:
    con = hub.con()
    con.execute("BEGIN IMMEDIATE")
    con.execute("ROLLBACK")


def run_checks(settings: Settings, hub: Hub) -> dict[str, str]:
    """``{"spool": "ok" | error, "lake": ..., "hub": ...}``."""
    checks: dict[str, str] = {}
    probes: dict[str, Callable[[], None]] = {
        "spool": lambda: probe_dir(settings.spool_dir),
        "lake": lambda: probe_dir(settings.lake_dir),
        "hub": lambda: probe_hub(hub),
    }
    for name, probe in probes.items():
        try:
            probe()
            checks[name] = "ok"
        except Exception as exc:  # every failure is a reason to say 503, with its text
            checks[name] = f"{type(exc).__name__}: {exc}"
    return checks


def _roller(state: State) -> dict[str, Any]:
    """This worker's roller counters, or the roller process's last status."""
    roller = state.roller
    if roller is not None:
        return {"roller_last_error": roller.last_error, "rolled": asdict(roller.totals)}
    status = read_status(state.settings.spool_dir)
    return {
        "roller_last_error": status.get("last_error"),
        "rolled": status.get("rolled", {}),
        "roller": {k: status.get(k) for k in ("pid", "alive", "age_s", "last_run")},
    }


@get("/health", summary="Writable spool, lake and hub?", tags=["ops"], cache=False)
async def health(request: Request[Any, Any, State]) -> Response[dict[str, Any]]:
    state = request.app.state
    settings: Settings = state.settings
    checks = await asyncio.to_thread(run_checks, settings, state.hub)
    pending, oldest = await asyncio.to_thread(spool_lag, settings.spool_dir)
    body: dict[str, Any] = {
        "status": "ok" if all(v == "ok" for v in checks.values()) else "unavailable",
        "checks": checks,
        "spool": {"segments_pending": pending, "oldest_segment_age_s": oldest, **_roller(state)},
    }
    if body["status"] != "ok":
        failed = [name for name, value in checks.items() if value != "ok"]
        body["error"] = {
            "code": "unhealthy",
            "message": f"Not writable: {', '.join(failed)}.",
            "retryable": True,
            "fields": [
                {
                    "field": name,
                    "reason": "not_writable",
                    "message_fr": f"{name} non inscriptible.",
                    "message_en": f"{name} is not writable.",
                }
                for name in failed
            ],
        }
        return Response(body, status_code=503, headers={"Retry-After": "5"})
    return Response(body, status_code=200)
