"""The collector's composition root: ``create_app(settings) -> Litestar``.

It only composes the audiences: the hot tracking path (:mod:`ingest.collect`), public lead
intake (:mod:`ingest.intake`), API v1 (:mod:`ingest.api`) and system routes
(:mod:`ingest.system`), with the one error shape (:mod:`ingest.errors`), the shared state and
its lifespan (:mod:`ingest.state`) and the OpenAPI document and its offline Swagger page
(:mod:`ingest.openapi`).
"""

from __future__ import annotations

from litestar import Litestar, Router

from hub.settings import Settings
from ingest import errors
from ingest.api import routes as api
from ingest.collect import routes as collect
from ingest.collect.cors import CorsMiddleware
from ingest.intake import routes as intake
from ingest.openapi import assets_router, document_asgi, document_errors, openapi_config
from ingest.state import build_state, lifespan
from ingest.system import routes as system


def create_app(settings: Settings) -> Litestar:
    state = build_state(settings)
    # One router for the /v1 handlers that share paths (POST and GET /v1/leads...): Litestar
    # 2.25 must register every handler of a path at once (else it wraps a sync one twice).
    v1 = Router(
        "/",
        route_handlers=[*intake.routes, *api.routes, *api.public_routes],
        dependencies=api.dependencies,
    )
    app = Litestar(
        route_handlers=[*collect.routes, *system.routes, v1, assets_router()],
        state=state,
        lifespan=[lifespan],
        request_max_body_size=settings.max_body_bytes,
        exception_handlers=errors.exception_handlers,
        openapi_config=openapi_config,
        debug=False,
    )
    document_asgi(app, collect.documented_asgi)
    document_errors(app)
    # Wrap the whole ASGI handler (not a route middleware) so preflights, 404s and error
    # responses get the same credentialed CORS answer.
    app.asgi_handler = CorsMiddleware(app.asgi_handler, state.origin_policy)
    return app
