"""The collector's composition root: ``create_app(settings) -> Litestar``.

It only composes the audiences: the hot tracking path (:mod:`ingest.collect`), public lead
intake (:mod:`ingest.intake`), API v1 (:mod:`ingest.api`) and system routes
(:mod:`ingest.system`), with the one error shape (:mod:`ingest.errors`), the shared state and
its lifespan (:mod:`ingest.state`) and the OpenAPI document (:mod:`ingest.openapi`).
"""

from __future__ import annotations

from litestar import Litestar

from hub.settings import Settings
from ingest import errors
from ingest.api import ApiV1Controller
from ingest.api_ops import OpsController
from ingest.collect import routes as collect
from ingest.collect.cors import CorsMiddleware
from ingest.leads import LeadsController
from ingest.openapi import openapi_config
from ingest.state import build_state, lifespan
from ingest.system import routes as system
from ingest.verify_api import VerifyController


def create_app(settings: Settings) -> Litestar:
    state = build_state(settings)
    app = Litestar(
        route_handlers=[
            *collect.routes,
            *system.routes,
            LeadsController,
            ApiV1Controller,
            OpsController,
            VerifyController,
        ],
        state=state,
        lifespan=[lifespan],
        request_max_body_size=settings.max_body_bytes,
        exception_handlers=errors.exception_handlers,
        openapi_config=openapi_config,
        debug=False,
    )
    # Wrap the whole ASGI handler (not a route middleware) so preflights, 404s and error
    # responses get the same credentialed CORS answer.
    app.asgi_handler = CorsMiddleware(app.asgi_handler, state.origin_policy)
    return app
