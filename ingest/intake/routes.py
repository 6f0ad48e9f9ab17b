"""Public lead intake routes: ``POST /v1/leads`` and ``GET /v1/forms/{form_key}/config``.

``GET /v1/leads`` (API v1, :mod:`ingest.api.leads`) shares the path: every handler of both is a
plain route handler (Litestar 2.25 gives each controller its own ``OPTIONS`` handler per path,
so two controllers cannot share one).
"""

from __future__ import annotations

from typing import Any, cast

from litestar import Request, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import ResponseSpec
from litestar.params import FromPath
from litestar.response import Redirect

from hub.db import Hub, utcnow
from hub.errors import ApiError
from ingest.auth import key_guard
from ingest.intake.answers import FormConfig, LeadAccepted
from ingest.intake.flow import intake
from ingest.intake.forms import form_config as form_config_body
from ingest.intake.html import back_url, error_of, html_error, thank_you, wants_html
from ingest.intake.store import Client, Form, load_form
from ingest.intake.submission import Submission, read_submission
from ingest.intake.validate import field_error

TAGS = ["Leads"]


def _client(request: Request[Any, Any, Any]) -> Client:
    return Client(
        request.client.host if request.client else None, request.headers.get("user-agent")
    )


@post(
    "/v1/leads",
    sync_to_thread=True,
    dependencies={"submission": Provide(read_submission)},
    summary="Submit a lead (JSON or HTML form post)",
    # the handler also answers an HTML form post (303 to the thank-you page, HTML errors)
    responses={
        201: ResponseSpec(LeadAccepted, description="The lead is taken."),
        200: ResponseSpec(LeadAccepted, description="The same Idempotency-Key: replayed."),
    },
    tags=TAGS,
)
def create_lead(
    request: Request[Any, Any, Any], submission: NamedDependency[Submission]
) -> Response[Any]:
    hub: Hub = request.app.state.hub
    form: Form | None = None
    try:
        answer, form = intake(
            hub.con(),
            request.app.state.settings,
            submission,
            _client(request),
            request.headers,
            key_guard(request),
            request.app.state.lead_writer,
        )
        if answer.status_code >= 400 and wants_html(request, submission):
            raise error_of(answer)
    except ApiError as err:
        if wants_html(request, submission):
            return html_error(err, back_url(hub.con(), request, submission))
        raise
    headers = {"Cache-Control": "no-store"}
    if answer.replayed:
        headers["Idempotent-Replayed"] = "true"
    if submission.is_form and answer.status_code < 400:
        return Redirect(
            thank_you(form.thank_you_url, answer.body["lead_id"]),
            status_code=303,
            headers=headers,
        )
    return Response(answer.body, status_code=answer.status_code, headers=headers)


@get(
    "/v1/forms/{form_key:str}/config",
    sync_to_thread=True,
    summary="Public configuration of a form",
    tags=TAGS,
)
def form_config(request: Request[Any, Any, Any], form_key: FromPath[str]) -> Response[FormConfig]:
    hub: Hub = request.app.state.hub
    con = hub.con()
    form = load_form(con, form_key)
    if form is None or not form.active:
        reason = "unknown_form" if form is None else "inactive_form"
        raise ApiError(
            404,
            reason,
            f"No active form with key {form_key!r}.",
            [field_error("form_key", reason)],
        )
    body = cast(FormConfig, form_config_body(con, form, request.app.state.settings, utcnow()))
    return Response(body, headers={"Cache-Control": "public, max-age=60"})


routes: list[HTTPRouteHandler] = [create_lead, form_config]
