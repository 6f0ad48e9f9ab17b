"""The collector's OpenAPI document: ``/schema`` (Swagger page) and ``/schema/openapi.json``.

The Swagger page works offline: its JavaScript, CSS and icon are served by the collector under
``/schema/assets/`` from the pinned ``openapi-ui-bundles`` package (Swagger UI, Apache-2.0;
decision 0053), never from a CDN.

Every operation documents the one error shape (:mod:`hub.errors`) as its ``default`` response
and for the 400 Litestar adds on its own (whose generated schema is Litestar's ``detail`` /
``status_code`` shape, which this app never answers): :func:`document_errors`.
"""

from __future__ import annotations

from typing import Any

from litestar import Litestar, Router
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import (
    Components,
    OpenAPIMediaType,
    OpenAPIResponse,
    Reference,
    Schema,
)
from litestar.static_files import create_static_files_router
from openapi_ui_bundles import swagger_ui

ASSETS = "/schema/assets"
ERROR_REF = "#/components/schemas/Error"
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
# Answers that come in a second media type too (a handler documents one): (path, method) → type
ALSO_MEDIA = {("/v1/landing-pages/{lp_id}/brief", "get"): "text/html"}


def _string(description: str = "") -> Schema:
    return Schema(type="string", description=description or None)  # type: ignore[arg-type]


ERROR_SCHEMA = Schema(
    type="object",  # type: ignore[arg-type]
    description="The one error shape of every answer (400 and above).",
    required=["error"],
    properties={
        "error": Schema(
            type="object",  # type: ignore[arg-type]
            required=["code", "message", "retryable", "fields"],
            properties={
                "code": _string("Stable machine code, e.g. `unauthorized`, `invalid`."),
                "message": _string("English summary."),
                "retryable": Schema(type="boolean"),  # type: ignore[arg-type]
                "fields": Schema(
                    type="array",  # type: ignore[arg-type]
                    items=Schema(
                        type="object",  # type: ignore[arg-type]
                        required=["field", "reason", "message_fr", "message_en"],
                        properties={
                            "field": _string("The bad field, header or parameter."),
                            "reason": _string("Stable machine code, e.g. `required`."),
                            "message_fr": _string(),
                            "message_en": _string(),
                        },
                    ),
                ),
            },
        )
    },
)

openapi_config = OpenAPIConfig(
    title="leadhub collector",
    version="1",
    description="Tracking, lead intake and API v1. Errors: "
    '`{"error": {"code", "message", "retryable", "fields": [...]}}`.',
    path="/schema",
    render_plugins=[
        SwaggerRenderPlugin(
            path="/",
            js_url=f"{ASSETS}/swagger-ui-bundle.js",
            css_url=f"{ASSETS}/swagger-ui.css",
            standalone_preset_js_url=f"{ASSETS}/swagger-ui-standalone-preset.js",
            favicon=f"<link rel='icon' type='image/png' href='{ASSETS}/favicon-32x32.png'>",
        ),
        JsonRenderPlugin(),
    ],
)


def assets_router() -> Router:
    """The Swagger UI files of the pinned package, served by the collector (no CDN)."""
    return create_static_files_router(
        ASSETS, directories=[swagger_ui.static_path], name="openapi_assets"
    )


def _error_response(description: str) -> OpenAPIResponse:
    media = OpenAPIMediaType(schema=Reference(ref=ERROR_REF))
    return OpenAPIResponse(description=description, content={"application/json": media})


def document_errors(app: Litestar) -> None:
    """Every operation: 4xx/5xx answers are the one error shape (``default`` response); the
    second media type of the answers in :data:`ALSO_MEDIA`.

    Litestar builds the document once and keeps it; this edits that document before the
    first request, so ``/schema/openapi.json`` and the Swagger page both show it.
    """
    document = app.openapi_schema
    if document.components is None:  # Litestar replaces the configured component schemas
        document.components = Components()
    document.components.schemas["Error"] = ERROR_SCHEMA
    for path, path_item in (document.paths or {}).items():
        for method in _METHODS:
            operation: Any = getattr(path_item, method, None)
            if operation is None or operation.responses is None:
                continue
            also = ALSO_MEDIA.get((path, method))
            if also is not None:
                ok = operation.responses["200"]
                ok.content[also] = next(iter(ok.content.values()))
            for status in list(operation.responses):
                content = getattr(operation.responses[status], "content", None) or {}
                json_or_none = not content or "application/json" in content
                if status.isdigit() and int(status) >= 400 and json_or_none:
                    description = operation.responses[status].description
                    operation.responses[status] = _error_response(description)
            operation.responses.setdefault(
                "default", _error_response("Error: the one error shape, one entry per bad field.")
            )
