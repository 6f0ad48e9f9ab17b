"""The collector's composition root: ``create_app(settings) -> Litestar``.

Routes: events and pixel (``ingest.events``), ``/health``, ``/metrics``, lead intake
(``ingest.leads``), API v1 (``ingest.api``), the tracker script (``ingest.tracker``); OpenAPI
at ``/schema`` (Swagger page, ``/schema/openapi.json``). Every error answers the one error
shape of ``hub.errors``. Startup opens the metrics file and the spool and starts the roller
(which first rolls what dead processes left); shutdown flushes and seals the spool and rolls
it. Shared by the workers (files under ``spool/``): rate-limit counters, cookieless salts,
metrics files, the dedupe index.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import structlog
from litestar import Litestar, Request, Response
from litestar.datastructures import State
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin

from hub.db import Hub
from hub.errors import ApiError, FieldError
from hub.settings import Settings
from ingest.cors import CorsMiddleware, OriginPolicy
from ingest.enrich import CookielessIds
from ingest.events import event_routes
from ingest.health import health
from ingest.keys import KeyResolver
from ingest.metrics import Counters, metrics
from ingest.ratelimit import Limit, RateLimiter, SharedCounters
from ingest.roller import RollStats
from ingest.server import RollerTask
from ingest.spool import Spool

log = structlog.get_logger("ingest.app")

_HTTP_CODES: dict[int, tuple[str, str, str, str, str]] = {
    # status: (code, field, reason, message_fr, message_en)
    400: ("bad_request", "body", "invalid_format", "Requête mal formée.", "Malformed request."),
    401: (
        "unauthorized",
        "authorization",
        "required",
        "Authentification requise.",
        "Authentication required.",
    ),
    403: ("forbidden", "authorization", "not_allowed", "Accès refusé.", "Access denied."),
    404: ("not_found", "path", "unknown", "Ressource introuvable.", "No such resource."),
    405: (
        "method_not_allowed",
        "method",
        "not_allowed",
        "Méthode non autorisée.",
        "Method not allowed on this path.",
    ),
    413: (
        "body_too_large",
        "body",
        "too_large",
        "Corps de requête trop volumineux.",
        "Request body is too large.",
    ),
    415: (
        "unsupported_media_type",
        "content-type",
        "invalid_format",
        "Type de contenu non pris en charge.",
        "Unsupported content type.",
    ),
    429: ("rate_limited", "request", "too_many", "Trop de requêtes.", "Too many requests."),
}


def api_error_response(_: Request[Any, Any, State], exc: ApiError) -> Response[Any]:
    return Response(exc.body(), status_code=exc.status_code, headers=exc.headers or None)


def _validation_fields(exc: HTTPException) -> list[FieldError]:
    extra = exc.extra if isinstance(exc.extra, list) else []
    fields = []
    for item in extra:
        if isinstance(item, dict):
            text = str(item.get("message") or exc.detail)
            fields.append(
                FieldError(
                    str(item.get("key") or "body"), "invalid", f"Valeur invalide : {text}", text
                )
            )
    return fields


def http_error_response(request: Request[Any, Any, State], exc: HTTPException) -> Response[Any]:
    status = exc.status_code
    if status >= 500:
        log.error("http.server_error", path=request.url.path, status=status, detail=exc.detail)
        error = ApiError(
            status,
            "unavailable" if status == 503 else "internal_error",
            "The server could not answer; retry later.",
            retryable=True,
        )
    else:
        code, field, reason, fr, en = _HTTP_CODES.get(
            status, (f"http_{status}", "request", "invalid", "Requête refusée.", "Request refused.")
        )
        fields = _validation_fields(exc) if isinstance(exc, ValidationException) else []
        if not fields:
            if status == 413:
                limit = request.app.state.settings.max_body_bytes
                en = f"Request body is larger than {limit} bytes."
                fr = f"Corps de requête supérieur à {limit} octets."
            fields = [FieldError(field, reason, fr, en)]
        message = exc.detail if status != 400 or fields[0].field != "body" else en
        error = ApiError(status, code, message or en, fields, retryable=status == 429)
    headers = {
        k: v for k, v in (exc.headers or {}).items() if k.lower() in ("allow", "retry-after")
    }
    return Response(error.body(), status_code=status, headers=headers or None)


def unexpected_error_response(request: Request[Any, Any, State], exc: Exception) -> Response[Any]:
    log.exception("http.unhandled_exception", path=request.url.path, method=request.method)
    error = ApiError(500, "internal_error", "Internal error; it was logged.", retryable=True)
    return Response(error.body(), status_code=500)


@asynccontextmanager
async def lifespan(app: Litestar) -> AsyncIterator[None]:
    state = app.state
    state.counters = Counters(state.settings.spool_dir / "metrics")
    await state.spool.start()
    state.roller.start()
    log.info("collector.started", spool=str(state.settings.spool_dir))
    try:
        yield
    finally:
        await state.spool.close()
        await state.roller.stop(final_pass=True)
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
    )


def create_app(settings: Settings) -> Litestar:
    from ingest.api import ApiV1Controller
    from ingest.api_ops import OpsController
    from ingest.leads import LeadsController
    from ingest.redirect import redirect_routes
    from ingest.tracker import tracker_routes
    from ingest.verify_api import VerifyController

    settings.ensure_dirs()
    hub = Hub(settings.hub_db)
    roll_every = min(1.0, max(0.1, settings.spool_roll_seconds / 2))
    state = State(
        {
            "settings": settings,
            "hub": hub,
            "key_resolver": KeyResolver(hub),
            "origin_policy": OriginPolicy(hub, settings.test_mode),
            "limiter": _limiter(settings),
            "cookieless": CookielessIds(settings.spool_dir / "salts"),
        }
    )
    state.spool = Spool(
        settings.spool_dir,
        settings.spool_roll_seconds,
        settings.spool_max_delay_ms,
        on_fsync=lambda seconds: state.counters.observe_fsync(seconds),
    )
    state.roller = RollerTask(settings, roll_every, on_roll=_roll_metrics(state))
    app = Litestar(
        route_handlers=[
            *event_routes,
            health,
            metrics,
            LeadsController,
            ApiV1Controller,
            OpsController,
            *tracker_routes,
            *redirect_routes,
            VerifyController,
        ],
        state=state,
        lifespan=[lifespan],
        request_max_body_size=settings.max_body_bytes,
        exception_handlers={
            ApiError: api_error_response,
            HTTPException: http_error_response,
            Exception: unexpected_error_response,
        },
        openapi_config=OpenAPIConfig(
            title="leadhub collector",
            version="1",
            description="Tracking, lead intake and API v1. Errors: "
            '`{"error": {"code", "message", "retryable", "fields": [...]}}`.',
            path="/schema",
            render_plugins=[SwaggerRenderPlugin(path="/"), JsonRenderPlugin()],
        ),
        debug=False,
    )
    # Wrap the whole ASGI handler (not a route middleware) so preflights, 404s and error
    # responses get the same credentialed CORS answer.
    app.asgi_handler = CorsMiddleware(app.asgi_handler, state.origin_policy)
    return app
