"""The system routes: ``GET /health`` and ``GET /metrics``."""

from __future__ import annotations

from litestar.handlers import HTTPRouteHandler

from ingest.system.health import health
from ingest.system.metrics import metrics

routes: list[HTTPRouteHandler] = [health, metrics]
