"""API v1 personal data (GDPR, decision 0052), admin keys only:

- ``GET /v1/privacy/dsar?phone=|email=``: a person's export in the key's accounts — JSON, or the
  readable page with ``Accept: text/html`` or ``format=html`` (``lang=en`` for English);
- ``GET /v1/privacy/consent-ledger?from=&to=&format=json|csv``: every consent of the period;
- ``GET /v1/privacy/retention``: the retention setting and last run;
  ``POST /v1/privacy/retention/run?dry_run=true|false``: anonymise what is past the period (a
  dry run only counts).

The work is done by :mod:`hub.services.dsar`, :mod:`hub.services.consent_ledger` and
:mod:`warehouse.retention`, shared with the CLI and the dashboard.
"""

from __future__ import annotations

from typing import Annotated, Any, cast

from litestar import Request, Response, get, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import ResponseSpec
from litestar.params import FromQuery, QueryParameter

from hub.db import Hub, utcnow
from hub.services import consent_ledger, dsar, dsar_html, retention
from hub.services.actor import Actor
from hub.settings import Settings
from ingest.api.params import bool_param, invalid_query
from ingest.api.responses.privacy import RetentionRun, RetentionStatus

TAGS = ["API v1: privacy (GDPR)"]
HTML = "text/html; charset=utf-8"


def _format(value: str | None, allowed: tuple[str, ...], default: str) -> str:
    if value is None or value == "":
        return default
    if value not in allowed:
        listed = ", ".join(allowed)
        fr, en = f"« format » vaut {listed}.", f"format must be one of {listed}."
        raise invalid_query("format", "invalid_choice", fr, en, en)
    return value


@get(
    "/v1/privacy/dsar",
    opt={"permission": "privacy.read"},
    sync_to_thread=True,
    summary="A person's data (DSAR) by phone or e-mail: JSON, or HTML (Accept or format=html)",
    description="phone (French, any usual writing) and/or email (any case); format json|html; "
    "lang fr|en for the page. Logged (privacy.dsar) with the lead ids only.",
    tags=TAGS,
    media_type="application/json",
    responses={200: ResponseSpec(dsar.DsarExport, description="The export (JSON).")},
)
def dsar_export(
    request: Request[Any, Any, Any],
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    phone: FromQuery[str | None] = None,
    email: FromQuery[str | None] = None,
    format: FromQuery[str | None] = None,
    lang: FromQuery[str | None] = None,
) -> Response[Any]:
    wanted = "html" if "text/html" in request.headers.get("accept", "") else "json"
    fmt = _format(format, ("json", "html"), wanted)
    found = dsar.export(hub.con(), actor, phone, email, utcnow())
    if fmt == "html":
        return Response(dsar_html.render(found, lang or "fr"), media_type=HTML)
    return Response(found, media_type="application/json")


@get(
    "/v1/privacy/consent-ledger",
    opt={"permission": "privacy.read"},
    sync_to_thread=True,
    summary="The consent ledger of a period [from, to): JSON or CSV",
    description="from, to: YYYY-MM-DD (Europe/Paris days, to excluded) or ISO 8601 date-times; "
    "format json|csv.",
    tags=TAGS,
    responses={200: ResponseSpec(consent_ledger.Ledger, description="The ledger (JSON).")},
)
def ledger(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    start: Annotated[str | None, QueryParameter(name="from")] = None,
    end: Annotated[str | None, QueryParameter(name="to")] = None,
    format: FromQuery[str | None] = None,
) -> Response[Any]:
    fmt = _format(format, ("json", "csv"), "json")
    found = consent_ledger.ledger(hub.con(), actor, start, end)
    if fmt == "json":
        return Response(found, media_type="application/json")
    name = f"consent-ledger_{found['start'][:10]}_{found['end'][:10]}.csv"
    return Response(
        consent_ledger.to_csv(found),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@get(
    "/v1/privacy/retention",
    opt={"permission": "privacy.read"},
    sync_to_thread=True,
    summary="Retention: the period in days, the cutoff it gives now, the last run",
    tags=TAGS,
)
def retention_status(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], settings: NamedDependency[Settings]
) -> RetentionStatus:
    return cast(RetentionStatus, dict(retention.status(hub.con(), actor, settings, utcnow())))


@post(
    "/v1/privacy/retention/run",
    opt={"permission": "privacy.read"},  # a dry run reads; the service asks privacy.retention
    sync_to_thread=True,
    status_code=200,
    summary="Anonymise the leads and lake events past the period (dry_run=true: count only)",
    tags=TAGS,
)
def retention_run_now(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    settings: NamedDependency[Settings],
    dry_run: FromQuery[str | None] = None,
) -> RetentionRun:
    dry = bool_param("dry_run", dry_run) or False
    from warehouse import retention  # DuckDB and pyarrow: loaded by the first run only

    return cast(
        RetentionRun, dict(retention.run(hub.con(), actor, settings, utcnow(), dry_run=dry))
    )


routes: list[HTTPRouteHandler] = [dsar_export, ledger, retention_status, retention_run_now]
