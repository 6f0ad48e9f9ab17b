"""The collector's OpenAPI document: ``/schema`` (Swagger page) and ``/schema/openapi.json``."""

from __future__ import annotations

from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin

openapi_config = OpenAPIConfig(
    title="leadhub collector",
    version="1",
    description="Tracking, lead intake and API v1. Errors: "
    '`{"error": {"code", "message", "retryable", "fields": [...]}}`.',
    path="/schema",
    render_plugins=[SwaggerRenderPlugin(path="/"), JsonRenderPlugin()],
)
