"""The one error shape of every collector answer (``hub.errors``), as exception handlers.

:class:`hub.errors.ApiError` is answered as it is; Litestar's own HTTP errors (404, 405, 413,
validation...) get a code, a field and bilingual messages; anything unexpected is logged and
answered ``500 internal_error`` without internals.
"""

from __future__ import annotations

from typing import Any

import structlog
from litestar import Request, Response
from litestar.datastructures import State
from litestar.exceptions import HTTPException, ValidationException
from litestar.types import ExceptionHandlersMap

from hub.errors import ApiError, FieldError

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


exception_handlers: ExceptionHandlersMap = {
    ApiError: api_error_response,
    HTTPException: http_error_response,
    Exception: unexpected_error_response,
}
