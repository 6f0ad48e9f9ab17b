"""One lead submission, from its body to its answer: caller, fields, form, validation, checks,
storage. Every refusal is a 4xx naming the field and is kept in ``lead_rejections`` (or, for a
fake phone number, as a lead with status ``invalid``). A post with ``Authorization: Token
<key>`` is a server (an account's or a provider's key, :mod:`ingest.intake.callers`); without
it, a browser, screened by :mod:`ingest.intake.spam`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from hub.db import utcnow
from hub.errors import ApiError
from hub.group_commit import InTransaction, Writer
from hub.services.opposition import opposed
from hub.settings import Settings
from ingest.auth import KeyGuard
from ingest.intake.callers import caller_of, may_post_to
from ingest.intake.spam import browser_checks
from ingest.intake.store import (
    Answer,
    Client,
    Form,
    fingerprint,
    load_form,
    store_lead,
    store_rejection,
)
from ingest.intake.submission import Submission
from ingest.intake.validate import (
    Collected,
    check_idempotency_key,
    collect,
    field_error,
    validate,
    with_aliases,
)


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


def _collected(data: Mapping[str, object], headers: Mapping[str, str]) -> Collected:
    """The submission's fields; the page is the Referer when the form did not say."""
    got = collect(data)
    if not got.fields.get("page_url") and headers.get("referer"):
        got.fields["page_url"] = headers["referer"][:2000]
    return got


def _opposed(
    con: sqlite3.Connection, settings: Settings, form: Form, columns: Mapping[str, object]
) -> ApiError | None:
    """``422 opposed`` naming the phone or e-mail on the opposition list (decision 0051); the
    refusal is kept with its reason but without the person's data, nor their address."""
    phone, email = columns.get("phone_e164"), columns.get("email")
    kind = opposed(
        con,
        settings,
        form.account_id,
        phone if isinstance(phone, str) else None,
        email if isinstance(email, str) else None,
    )
    if kind is None:
        return None
    name = "phone" if kind == "phone" else "email"
    err = ApiError(
        422, "opposed", "This person is on the opposition list.", [field_error(name, "opposed")]
    )
    store_rejection(
        con,
        form_key=form.key,
        account_id=form.account_id,
        status_code=err.status_code,
        reason=f"opposed: {name}=opposed",
        payload={},
        client=Client(None, None),
    )
    return err


def intake(
    con: sqlite3.Connection,
    settings: Settings,
    sub: Submission,
    client: Client,
    headers: Mapping[str, str],
    guard: KeyGuard,
    writer: Writer | None = None,
) -> tuple[Answer, Form]:
    """Validate and store one submission; raises :class:`ApiError` (kept as a rejection).

    Reads go through ``con``; the lead is written by ``writer`` (the collector's group commit),
    by default in a transaction of ``con``."""
    if sub.error is not None:
        raise _reject(con, sub.error, sub, client)
    try:
        caller = caller_of(con, headers.get("authorization"), guard)
    except ApiError as unauthorized:
        raise _reject(con, unauthorized, sub, client) from None
    got = _collected(sub.data, headers)
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
    if form.field_aliases:  # the page's own field names, set with the form
        renamed = _collected(with_aliases(sub.data, form.field_aliases), headers)
        key_errors = [e for e in got.errors if e.field == "Idempotency-Key"]
        got = Collected(renamed.fields, renamed.extra, [*renamed.errors, *key_errors])
    draft, errors = validate(got.fields, form.required_fields)
    seen = {e.field for e in got.errors}  # one error per field: the first reason found
    errors = [*got.errors, *(e for e in errors if e.field not in seen)]
    if errors:
        err = ApiError(422, "invalid_lead", "Invalid lead.", errors)
        raise _reject(con, err, sub, client, form_key, form)
    refused = _opposed(con, settings, form, draft.columns)
    if refused is not None:
        raise refused
    draft.columns["is_test"] = draft.columns["is_test"] or settings.test_mode
    key = key or got.fields.get("submission_id") or None
    digest, now = fingerprint(got.fields, got.extra), utcnow()
    if caller is None:
        checks = browser_checks(settings, got.fields, client.ip, now)
    else:
        checks = caller.checks(settings, got.fields, got.extra, draft.columns)
    answer = (writer or InTransaction(con)).run(
        lambda tx: store_lead(tx, form, draft, got.extra, key, digest, client, checks, now)
    )
    return answer, form
