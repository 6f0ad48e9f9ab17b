"""API v1 ad costs: import ad spend per day × source × campaign, list it.

``POST /v1/costs`` takes JSON ``{"account_id", "rows": [{date, source, campaign, cost}]}``, a
``text/csv`` body (``?account_id=``), or a multipart upload (``file``, and ``account_id`` as a
form field or in the query). A bad row is a 422 naming its line and field, and nothing is
imported. The work is done by :mod:`hub.services.costs`, shared with the CLI and the dashboard.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, cast

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.spec import OpenAPIMediaType, Operation, RequestBody, Schema
from litestar.openapi.spec.enums import OpenAPIFormat, OpenAPIType

from hub.db import Hub, utcnow
from hub.errors import ApiError, FieldError
from hub.security import ApiPrincipal
from hub.services import costs
from hub.services.actor import Actor
from hub.services.cost_csv import decode
from ingest.api.deps import Page
from ingest.api.responses.billing import CostImport, CostPage

TAGS = ["API v1: ad costs"]
_CSV = {"text/csv", "text/plain", "application/csv", "application/vnd.ms-excel"}


_ROW = Schema(
    type=OpenAPIType.OBJECT,
    properties={
        "date": Schema(type=OpenAPIType.STRING, description="YYYY-MM-DD or DD/MM/YYYY"),
        "source": Schema(type=OpenAPIType.STRING, description="google, facebook, …"),
        "campaign": Schema(type=OpenAPIType.STRING),
        "cost": Schema(
            one_of=[Schema(type=OpenAPIType.NUMBER), Schema(type=OpenAPIType.STRING)],
            description='Euros: 12.5 or "12,50"',
        ),
    },
    required=["date", "source", "campaign", "cost"],
)
_CSV_TEXT = Schema(type=OpenAPIType.STRING, description="date,source,campaign,cost …")


@dataclass
class ImportOperation(Operation):
    """The import's three body kinds in the OpenAPI document (the handler reads the body
    itself, so Litestar cannot infer it)."""

    def __post_init__(self) -> None:
        self.request_body = RequestBody(
            required=True,
            content={
                "application/json": OpenAPIMediaType(
                    schema=Schema(
                        type=OpenAPIType.OBJECT,
                        properties={
                            "account_id": Schema(type=OpenAPIType.STRING),
                            "rows": Schema(type=OpenAPIType.ARRAY, items=_ROW),
                        },
                        required=["account_id", "rows"],
                    )
                ),
                "text/csv": OpenAPIMediaType(schema=_CSV_TEXT),
                "multipart/form-data": OpenAPIMediaType(
                    schema=Schema(
                        type=OpenAPIType.OBJECT,
                        properties={
                            "file": Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.BINARY),
                            "account_id": Schema(type=OpenAPIType.STRING),
                        },
                        required=["file"],
                    )
                ),
            },
        )


@dataclass(frozen=True, slots=True)
class Upload:
    account_id: str | None
    content: str | list[Any] | None
    filename: str | None = None


def _unreadable(field: str, fr: str, en: str) -> ApiError:
    return ApiError(422, "invalid_body", en, [FieldError(field, "invalid", fr, en)])


async def read_upload(
    request: Request[Any, Any, Any], principal: NamedDependency[ApiPrincipal]
) -> Upload:
    """The import's rows as sent: JSON rows, a CSV body or a CSV file (``principal`` is named so
    that authentication and the permission come before the body is read)."""
    kind = request.content_type[0]
    account_id = request.query_params.get("account_id")
    if kind == "multipart/form-data":
        form = await request.form()
        file = form.get("file")
        if not isinstance(file, UploadFile):
            raise _unreadable("file", "Fichier CSV attendu (champ file).", "A CSV file (file).")
        given = form.get("account_id")
        data = await file.read()
        return Upload(given if isinstance(given, str) else account_id, decode(data), file.filename)
    body = await request.body()
    if kind in _CSV:
        return Upload(account_id, decode(body))
    if kind != "application/json" and not kind.endswith("+json"):
        raise ApiError(
            415, "unsupported_media_type", "Send application/json, text/csv or a multipart file."
        )
    try:
        value = json.loads(body)
    except ValueError:
        raise _unreadable("body", "Corps JSON illisible.", "The body is not valid JSON.") from None
    if not isinstance(value, dict) or set(value) - {"account_id", "rows"}:
        raise _unreadable(
            "body",
            "Objet JSON attendu : account_id, rows.",
            "A JSON object with account_id and rows is expected.",
        )
    given = value.get("account_id")
    return Upload(given if isinstance(given, str) else account_id, value.get("rows"))


@post(
    "/v1/costs",
    opt={"permission": "costs.write"},
    sync_to_thread=True,
    status_code=200,
    dependencies={"upload": Provide(read_upload)},
    operation_class=ImportOperation,
    summary="Import ad spend per day × source × campaign (JSON rows, text/csv or a CSV file)",
    description="JSON {account_id, rows: [{date, source, campaign, cost}]}; or a text/csv body "
    "with ?account_id=; or multipart/form-data with file (and account_id). CSV columns: date, "
    "source, campaign, cost — or a Google Ads (Day, Campaign, Cost: source google) or Meta "
    "(Reporting starts, Campaign name, Amount spent (EUR): source facebook) export. Amounts in "
    "euros, decimal comma or point. A bad row: 422 naming each line (the header is line 1) and "
    "field, nothing imported. The same day × source × campaign imported again replaces it.",
    tags=TAGS,
)
def import_costs(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], upload: NamedDependency[Upload]
) -> CostImport:
    return cast(
        CostImport,
        costs.import_costs(
            hub.con(), actor, upload.account_id, upload.content, utcnow(), upload.filename
        ),
    )


@get(
    "/v1/costs",
    opt={"permission": "costs.read"},
    sync_to_thread=True,
    summary="Ad spend rows this key sees (filters: account_id, source, campaign, date_from, "
    "date_to; paginated)",
    tags=TAGS,
)
def list_costs(
    request: Request[Any, Any, Any],
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    page: NamedDependency[Page],
) -> CostPage:
    filters = {k: v for k, v in request.query_params.items() if k not in ("offset", "limit")}
    return cast(CostPage, costs.list_costs(hub.con(), actor, filters, page.offset, page.limit))


routes: list[HTTPRouteHandler] = [import_costs, list_costs]
