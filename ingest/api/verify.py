"""``GET /v1/verify?url=…`` (or ``?key=…``): the installation check of ``warehouse.verify``,
for servers.

Token auth; only the LPs and forms of the key's account and its sub-accounts can be checked
(another URL is a 404). ``minutes`` (1-10080, default 60) is how far back to look.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler

from hub.db import Hub
from hub.errors import ApiError, FieldError
from hub.security import ApiPrincipal
from hub.settings import Settings
from ingest.api.responses.system import Verification
from ingest.auth import scope_account_ids

if TYPE_CHECKING:
    from warehouse.verify import VerifyError

_FR = {
    "required": "Indiquez l'URL de la page (url) ou sa clé publique (key).",
    "invalid_url": "L'URL doit être une adresse http(s) de page.",
    "too_long": "Valeur trop longue.",
    "out_of_range": "« minutes » doit être un entier entre 1 et 10080.",
    "unknown": "Aucune landing page ni aucun formulaire de votre compte n'a cette adresse.",
}


def _error(exc: VerifyError) -> ApiError:
    return _api_error(exc.status, exc.field, exc.reason, str(exc))


def _api_error(status: int, field: str, reason: str, message: str) -> ApiError:
    code = "not_found" if status == 404 else "invalid_query"
    fr = _FR.get(reason, "Valeur refusée.")
    return ApiError(status, code, message, [FieldError(field, reason, fr, message)])


def _minutes(value: str | None) -> int:
    if value is None or value == "":
        return 60
    try:
        return int(value)
    except ValueError:
        message = "minutes must be an integer from 1 to 10080."
        raise _api_error(422, "minutes", "out_of_range", message) from None


@get(
    "/v1/verify",
    opt={"permission": "tracking.read"},
    sync_to_thread=True,
    summary="Installation check: did a test event from this page arrive?",
    description="Query `url` (the LP or form page) or `key` (its public key), optional "
    "`minutes` (default 60). `verdict`: `arrived`, `unknown_key`, `inactive_key`, "
    "`blocked_origin`, `bot`, `rejected` or `nothing_received`, with French and English "
    "messages and hints.",
    tags=["API v1"],
)
def check(
    request: Request[Any, Any, Any],
    hub: NamedDependency[Hub],
    settings: NamedDependency[Settings],
    principal: NamedDependency[ApiPrincipal],
) -> Verification:
    from warehouse.verify import VerifyError, verify  # DuckDB and pyarrow: on first use

    query = request.query_params
    con = hub.con()
    try:
        result = verify(
            settings,
            con,
            datetime.now(UTC),
            url=query.get("url") or None,
            key=query.get("key") or None,
            minutes=_minutes(query.get("minutes")),
            account_ids=scope_account_ids(con, principal.account_id),
        )
    except VerifyError as exc:
        raise _error(exc) from None
    return cast(Verification, result.to_dict())


routes: list[HTTPRouteHandler] = [check]
