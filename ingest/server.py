"""``leadhub collector``: uvicorn (uvloop + httptools) serving ``create_app`` in N workers.

Each worker process builds its own settings with :func:`load_settings` (the parent exports the
settings it was given as ``LEADHUB_*`` variables first, so every worker sees the same ones) and
its own app and spool segment; one roller process, supervised by the parent
(:mod:`ingest.collect.roller_supervisor`), rolls every worker's sealed segments into the lake.
Migrations run once in the parent before workers start. SIGTERM: uvicorn stops accepting,
finishes in-flight requests (their events are fsynced before they are answered), the workers
seal their segments, then the roller makes a final pass within ``FINAL_ROLL_SECONDS``; anything
left is rolled by the next start.
"""

from __future__ import annotations

import os
from contextlib import closing
from typing import Any

import structlog
import uvicorn
from litestar import Litestar

from hub.db import open_hub
from hub.logs import configure_logging
from hub.settings import Settings, load_settings, settings_env
from ingest.collect.roller_supervisor import RollerSupervisor
from ingest.workers import run_workers

GRACEFUL_SHUTDOWN_SECONDS = 5
log = structlog.get_logger("ingest.server")


def build_app() -> Litestar:
    """uvicorn factory, called inside each worker process."""
    from ingest.app import create_app  # here: the supervisor never loads the app (nor pyarrow)

    settings = load_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    settings.ensure_dirs()
    return create_app(settings)


def serve(settings: Settings) -> None:
    """The workers, and the one roller process they all feed (restarted if it dies)."""
    settings.ensure_dirs()
    with closing(open_hub(settings.hub_db)):
        pass  # migrate once, before several workers race to do it
    settings = settings.model_copy(update={"collector_roller": "process"})
    os.environ.update(settings_env(settings))
    roller = RollerSupervisor(dict(os.environ))
    roller.start()
    try:
        run_server("ingest.server:build_app", settings)
    finally:
        roller.stop()


def run_server(app: str, settings: Settings) -> None:
    """Serve the ``app`` factory (an import string) with :func:`uvicorn_options`, each worker on
    its own ``SO_REUSEPORT`` socket (:mod:`ingest.workers`)."""
    run_workers(uvicorn.Config(app, **uvicorn_options(settings)))


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The server settings (the benches' bare baseline apps are served with them too)."""
    return {
        "factory": True,
        "host": settings.host,
        "port": settings.collector_port,
        "workers": max(1, settings.collector_workers),
        # Behind nginx: the client address is the one a trusted proxy put in X-Forwarded-For.
        "proxy_headers": True,
        "forwarded_allow_ips": settings.forwarded_allow_ips,
        "loop": "uvloop",
        "http": "httptools",
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
        "access_log": False,
        "server_header": False,
    }
