"""Public lead intake: ``POST /v1/leads`` and ``GET /v1/forms/{form_key}/config``.

Also mounts the API v1 list ``GET /v1/leads`` (implemented in :mod:`ingest.api`), because two
Litestar controllers cannot share a path. Every refusal is a 4xx naming the field and is kept
in ``lead_rejections`` (or, for a fake phone number, as a lead with status ``invalid``).
A post with ``Authorization: Token <key>`` is a server (an account's or a provider's key,
:mod:`ingest.providers`); without it, a browser, screened by :mod:`ingest.spam`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from litestar import Controller, MediaType, Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath
from litestar.response import Redirect

from hub.db import Hub, utcnow
from hub.errors import ApiError, FieldError
from hub.security import ApiPrincipal
from hub.settings import Settings
from ingest import api
from ingest.auth import api_principal
from ingest.intake import check_idempotency_key, collect, field_error, validate
from ingest.leads_store import (
    Answer,
    Client,
    Form,
    fingerprint,
    load_form,
    store_lead,
    store_rejection,
)
from ingest.providers import caller_of, may_post_to
from ingest.spam import browser_checks

_JSON_TYPES = {"", "application/json", "text/plain"}
_FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


@dataclass(frozen=True, slots=True)
class Submission:
    """The request body as a mapping; ``error`` when it could not be read as one."""

    data: dict[str, Any] = field(default_factory=dict)
    is_form: bool = False
    error: ApiError | None = None
    raw: str = ""


async def read_submission(request: Request[Any, Any, Any]) -> Submission:
    content_type = request.content_type[0]
    if content_type in _FORM_TYPES:
        data: dict[str, Any] = {}
        for name, value in (await request.form()).multi_items():
            text = f"file:{value.filename}" if isinstance(value, UploadFile) else value
            data[name] = [*_as_list(data[name]), text] if name in data else text
        return Submission(data, is_form=True)
    if content_type not in _JSON_TYPES and not content_type.endswith("+json"):
        return Submission(
            error=ApiError(
                415,
                "unsupported_media_type",
                "Send application/json or application/x-www-form-urlencoded.",
            )
        )
    body = await request.body()
    try:
        value = json.loads(body)
    except ValueError:
        return Submission(
            raw=body[:65536].decode(errors="replace"),
            error=ApiError(400, "invalid_json", "The body is not valid JSON."),
        )
    if not isinstance(value, dict):
        return Submission(
            raw=body[:65536].decode(errors="replace"),
            error=ApiError(400, "invalid_body", "The body must be a JSON object of fields."),
        )
    return Submission(value)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _reject(
    con: sqlite3.Connection,
    err: ApiError,
    sub: Submission,
    client: Client,
    form_key: str | None = None,
    form: Form | None = None,
) -> ApiError:
    detail = ", ".join(f"{f.field}={f.reason}" for f in err.fields)
    store_rejection(
        con,
        form_key=form_key,
        account_id=form.account_id if form else None,
        status_code=err.status_code,
        reason=f"{err.code}: {detail}".rstrip(": "),
        payload=sub.raw if sub.error else sub.data,
        client=client,
    )
    return err


def intake(
    con: sqlite3.Connection,
    settings: Settings,
    sub: Submission,
    client: Client,
    headers: Mapping[str, str],
) -> tuple[Answer, Form]:
    """Validate and store one submission; raises :class:`ApiError` (kept as a rejection)."""
    if sub.error is not None:
        raise _reject(con, sub.error, sub, client)
    try:
        caller = caller_of(con, headers.get("authorization"))
    except ApiError as unauthorized:
        raise _reject(con, unauthorized, sub, client) from None
    got = collect(sub.data)
    if not got.fields.get("page_url") and headers.get("referer"):
        got.fields["page_url"] = headers["referer"][:2000]
    form_key = got.fields.get("form_key")
    key: str | None = None
    try:
        key = check_idempotency_key(headers.get("idempotency-key"))
    except ValueError:
        got.errors.append(field_error("Idempotency-Key", "invalid_idempotency_key"))
    if not form_key:
        errors = [field_error("form_key", "required"), *got.errors]
        raise _reject(con, ApiError(422, "invalid_lead", "Invalid lead.", errors), sub, client)
    form = load_form(con, form_key)
    if form is None or not form.active:
        reason = "unknown_form" if form is None else "inactive_form"
        err = ApiError(
            404, reason, f"No active form with key {form_key!r}.", [field_error("form_key", reason)]
        )
        raise _reject(con, err, sub, client, form_key, form)
    if caller is not None and not may_post_to(con, caller, form.account_id):
        err = ApiError(
            403,
            "form_out_of_scope",
            f"This API key may not post leads to form {form_key!r}.",
            [field_error("form_key", "form_out_of_scope")],
        )
        raise _reject(con, err, sub, client, form_key, form)
    draft, errors = validate(got.fields, form.required_fields)
    seen = {e.field for e in got.errors}  # one error per field: the first reason found
    errors = [*got.errors, *(e for e in errors if e.field not in seen)]
    if errors:
        err = ApiError(422, "invalid_lead", "Invalid lead.", errors)
        raise _reject(con, err, sub, client, form_key, form)
    draft.columns["is_test"] = draft.columns["is_test"] or settings.test_mode
    key = key or got.fields.get("submission_id") or None
    digest, now = fingerprint(got.fields, got.extra), utcnow()
    if caller is None:
        checks = browser_checks(settings, got.fields, client.ip, now)
    else:
        checks = caller.checks(settings, got.fields, got.extra, draft.columns)
    answer = store_lead(con, form, draft, got.extra, key, digest, client, checks, now)
    return answer, form


def _wants_html(request: Request[Any, Any, Any], sub: Submission) -> bool:
    return sub.is_form and "text/html" in request.headers.get("accept", "")


def _html_error(err: ApiError, back: str | None) -> Response[str]:
    items = "".join(f"<li>{escape(f.message_fr)}</li>" for f in err.fields) or (
        "<li>Votre demande n'a pas pu être enregistrée.</li>"
    )
    link = f'<p><a href="{escape(back)}">Revenir au formulaire</a></p>' if back else ""
    page = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Demande à corriger</title></head><body>"
        f"<h1>Merci de corriger votre demande</h1><ul>{items}</ul>{link}</body></html>"
    )
    return Response(
        page,
        status_code=err.status_code,
        media_type=MediaType.HTML,
        headers={"Cache-Control": "no-store", **err.headers},
    )


def _back_url(
    con: sqlite3.Connection, request: Request[Any, Any, Any], sub: Submission
) -> str | None:
    """The page the form was on: the Referer, else the form's configured URL."""
    back = request.headers.get("referer")
    if not back and isinstance(sub.data.get("form_key"), str):
        form = load_form(con, sub.data["form_key"])
        back = form.url if form else None
    return back if back and urlsplit(back).scheme in ("http", "https") else None


def _error_of(answer: Answer) -> ApiError:
    body = answer.body["error"]
    fields = [FieldError(**f) for f in body["fields"]]
    return ApiError(answer.status_code, body["code"], body["message"], fields)


def thank_you(url: str, lead_id: str) -> str:
    parts = urlsplit(url)
    query = urlencode([*parse_qsl(parts.query, keep_blank_values=True), ("lead_id", lead_id)])
    return urlunsplit(parts._replace(query=query))


def _client(request: Request[Any, Any, Any]) -> Client:
    return Client(
        request.client.host if request.client else None, request.headers.get("user-agent")
    )


class LeadsController(Controller):
    path = "/v1"
    tags = ["Leads"]  # noqa: RUF012 - Litestar reads this class attribute

    @post(
        "/leads",
        sync_to_thread=True,
        dependencies={"submission": Provide(read_submission)},
        summary="Submit a lead (JSON or HTML form post)",
    )
    def create_lead(
        self, request: Request[Any, Any, Any], submission: NamedDependency[Submission]
    ) -> Response[Any]:
        hub: Hub = request.app.state.hub
        form: Form | None = None
        try:
            answer, form = intake(
                hub.con(), request.app.state.settings, submission, _client(request), request.headers
            )
            if answer.status_code >= 400 and _wants_html(request, submission):
                raise _error_of(answer)
        except ApiError as err:
            if _wants_html(request, submission):
                return _html_error(err, _back_url(hub.con(), request, submission))
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
        "/leads",
        sync_to_thread=True,
        dependencies={"principal": api_principal},
        summary="API v1: list leads (Authorization: Token <key>)",
        tags=["API v1"],
    )
    def list_leads(
        self, request: Request[Any, Any, Any], principal: NamedDependency[ApiPrincipal]
    ) -> dict[str, Any]:
        hub: Hub = request.app.state.hub
        query = dict(request.query_params.items())
        return api.list_leads(hub.con(), principal, query)

    @get(
        "/forms/{form_key:str}/config",
        sync_to_thread=True,
        summary="Public configuration of a form",
    )
    def form_config(
        self, request: Request[Any, Any, Any], form_key: FromPath[str]
    ) -> Response[Any]:
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
        body = api.form_config(con, form, request.app.state.settings, utcnow())
        return Response(body, headers={"Cache-Control": "public, max-age=60"})
