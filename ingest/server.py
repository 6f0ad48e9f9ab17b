"""``leadhub collector``: uvicorn (uvloop + httptools) serving ``create_app`` in N workers.

Each worker process builds its own settings with :func:`load_settings` (the parent exports the
settings it was given as ``LEADHUB_*`` variables first, so every worker sees the same ones) and
its own app, spool segment and roller. Migrations run once in the parent before workers start.
"""

from __future__ import annotations

import os
from contextlib import closing

import uvicorn
from litestar import Litestar

from hub.db import open_hub
from hub.settings import Settings, load_settings
from hub.up import settings_env

GRACEFUL_SHUTDOWN_SECONDS = 10


def build_app() -> Litestar:
    """uvicorn factory, called inside each worker process."""
    from ingest.app import create_app

    settings = load_settings()
    settings.ensure_dirs()
    return create_app(settings)


def serve(settings: Settings) -> None:
    settings.ensure_dirs()
    with closing(open_hub(settings.hub_db)):
        pass  # migrate once, before several workers race to do it
    os.environ.update({k: v for k, v in settings_env(settings).items() if k.startswith("LEADHUB_")})
    uvicorn.run(
        "ingest.server:build_app",
        factory=True,
        host=settings.host,
        port=settings.collector_port,
        workers=max(1, settings.collector_workers),
        loop="uvloop",
        http="httptools",
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        access_log=False,
        server_header=False,
    )
