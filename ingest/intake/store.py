"""Lead storage: one write job per lead (idempotency, double submit, lead, outbox row).

The job runs in a write transaction (``BEGIN IMMEDIATE`` serialises writers, threads and
processes; in the collector, one group commit for the leads that arrived meanwhile, each in its
own savepoint: decision 0065), so the replay and double-submit checks and the inserts are
atomic: two identical requests at once store one lead.

Decisions:
- Idempotency key = ``Idempotency-Key`` header, else the ``submission_id`` field; scope = form
  key; kept 24 h. A 2xx answer is always replayed; a 4xx answer (an ``invalid`` lead) is
  replayed only for the same content, so a corrected resubmission with the same key is stored.
- Double submit = same form, ``session_id`` and E.164 phone within 10 s: the first lead's
  ``lead_id`` comes back with ``200`` (nothing created), a replay header set.
- Duplicate = same entity, product, phone and test flag as a lead of the last
  ``lead_duplicate_hours`` (not itself spam, invalid or a duplicate): stored with status
  ``duplicate`` and ``duplicate_of``, answered 201, not routed.
- The per-IP count and the duplicate check run inside the lead's write transaction, so they
  hold across threads and collector processes. A replay or double submit counts nothing.
- The answer shows the stored status, except ``spam``, answered like ``new`` (decision 0016).
- A lead that would be routed (``new``) for an archived account (or a brand of an archived
  entity) is stored ``held`` with reason ``account_archived: …``; unarchiving routes it.
- The consent record keeps the full client IP (proof of consent), unlike lake events.
- ``is_test`` = the submission's flag, or the collector's ``test_mode``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from hub.db import iso, new_id, now_iso, transaction
from hub.errors import ApiError
from hub.rules import outbox
from ingest.intake.spam import Checks, Hit, count_rate, decide
from ingest.intake.validate import LeadDraft, field_error
from ingest.queries import q

DOUBLE_SUBMIT_SECONDS = 10
IDEMPOTENCY_HOURS = 24


@dataclass(frozen=True, slots=True)
class Form:
    id: str
    key: str
    account_id: str
    lp_id: str | None
    product_code: str
    url: str
    thank_you_url: str
    consent_version: str
    consent_text: str
    required_fields: list[str]
    active: bool
    entity_id: str
    field_aliases: dict[str, str]
    archived_account: str | None = None  # the form's account, or one above it, is archived


@dataclass(frozen=True, slots=True)
class Client:
    """Who sent the request: stored with the consent record."""

    ip: str | None
    user_agent: str | None


@dataclass(frozen=True, slots=True)
class Answer:
    status_code: int
    body: dict[str, Any]
    replayed: bool = False


def load_form(con: sqlite3.Connection, key: str) -> Form | None:
    row = con.execute(q("leads_form"), {"key": key}).fetchone()
    if row is None:
        return None
    return Form(
        **{
            **dict(row),
            "required_fields": json.loads(row["required_fields"]),
            "field_aliases": json.loads(row["field_aliases"]),
            "active": bool(row["active"]),
            "entity_id": row["entity_id"] or row["account_id"],
        }
    )


def answer_for(lead_id: str, status: str, *, code: int = 201, replayed: bool = False) -> Answer:
    if status == "invalid":
        return Answer(
            422,
            ApiError(
                422,
                "invalid_lead",
                "The phone number is not valid.",
                [field_error("phone", "invalid_phone")],
            ).body(),
            replayed,
        )
    shown = status if status in ("suspicious", "duplicate", "held") else "new"  # spam: as new
    return Answer(code, {"lead_id": lead_id, "status": shown}, replayed)


def store_lead(
    con: sqlite3.Connection,
    form: Form,
    draft: LeadDraft,
    extra: dict[str, Any],
    key: str | None,
    digest: str,
    client: Client,
    checks: Checks,
    now: datetime,
) -> Answer:
    """Store a validated lead, its 'route' outbox row and its idempotency record; run it in a
    write transaction, which makes it atomic (a job of the collector's group commit: decision
    0065).

    A replay of ``key`` within 24 h, or the same session and phone on this form within 10 s,
    returns the first answer and creates nothing.
    """
    replay = _replay(con, form.key, key, digest, now) if key else None
    if replay is not None:
        return replay
    answer = _double_submit(con, form.id, draft, now)
    if answer is None:
        hits = [*checks.hits, *_checks_inside(con, form, draft, checks, now)]
        if draft.status != "new":
            hits.append(Hit(draft.status, draft.status_reason or draft.status))
        status, reason = decide(hits)
        if status == "new" and form.archived_account is not None:
            status = "held"  # routed once the account is unarchived
            reason = f"account_archived: account {form.archived_account} is archived"
        lead_id = _insert_lead(con, form, draft, extra, client, now, status, reason)
        answer = answer_for(lead_id, status)
    if key:
        con.execute(
            q("leads_idempotency_put"),
            (form.key, key, answer.status_code, json.dumps(answer.body), iso(now), digest),
        )
    return answer


def _replay(
    con: sqlite3.Connection, scope: str, key: str, digest: str, now: datetime
) -> Answer | None:
    since = iso(now - timedelta(hours=IDEMPOTENCY_HOURS))
    row = con.execute(q("leads_idempotency_get"), (scope, key, since)).fetchone()
    if row is None or (row["status_code"] >= 400 and row["fingerprint"] != digest):
        return None
    return Answer(row["status_code"], json.loads(row["response"]), replayed=True)


def _double_submit(
    con: sqlite3.Connection, form_id: str, draft: LeadDraft, now: datetime
) -> Answer | None:
    session, phone = draft.columns.get("session_id"), draft.columns.get("phone_e164")
    if not session or not phone:
        return None
    since = iso(now - timedelta(seconds=DOUBLE_SUBMIT_SECONDS))
    row = con.execute(q("leads_double_submit"), (session, phone, since, form_id)).fetchone()
    return None if row is None else answer_for(row["id"], row["status"], code=200, replayed=True)


def _checks_inside(
    con: sqlite3.Connection, form: Form, draft: LeadDraft, checks: Checks, now: datetime
) -> list[Hit]:
    """The per-IP rate and the duplicate rule, read and counted in the write transaction."""
    hits: list[Hit] = []
    if checks.rate is not None and checks.rate_key is not None:
        hit = count_rate(con, checks.rate, checks.rate_key, now)
        hits += [hit] if hit else []
    phone = draft.columns.get("phone_e164")
    if checks.duplicate_hours > 0 and phone:
        since = iso(now - timedelta(hours=checks.duplicate_hours))
        row = con.execute(
            q("leads_duplicate"),
            {
                "phone": phone,
                "product": form.product_code,
                "entity": form.entity_id,
                "is_test": int(bool(draft.columns["is_test"])),
                "since": since,
            },
        ).fetchone()
        if row is not None:
            draft.columns["duplicate_of"] = row["id"]
            hits.append(
                Hit(
                    "duplicate",
                    f"duplicate_of: {row['id']} (same phone and product within "
                    f"{checks.duplicate_hours:g} h)",
                )
            )
    return hits


def _insert_lead(
    con: sqlite3.Connection,
    form: Form,
    draft: LeadDraft,
    extra: dict[str, Any],
    client: Client,
    now: datetime,
    status: str,
    reason: str | None,
) -> str:
    lead_id, at = new_id("lead"), iso(now)
    row: dict[str, Any] = {
        **draft.columns,
        "id": lead_id,
        "account_id": form.account_id,
        "entity_id": form.entity_id,
        "form_id": form.id,
        "lp_id": form.lp_id,
        "product_code": form.product_code,
        "status": status,
        "status_reason": reason,
        "consent_version": form.consent_version,
        "consent_text": form.consent_text,
        "consent_at": at,
        "ip": client.ip,
        "user_agent": client.user_agent,
        "extra": json.dumps(extra, ensure_ascii=False, default=str),
        "created_at": at,
        "updated_at": at,
    }
    names = ", ".join(row)
    marks = ", ".join(f":{name}" for name in row)
    con.execute(f"INSERT INTO leads ({names}) VALUES ({marks})", row)
    if status == "new":  # every other status waits for lead ops (or is refused)
        outbox.enqueue(con, "route", lead_id, now)
    return lead_id


def store_rejection(
    con: sqlite3.Connection,
    *,
    form_key: str | None,
    account_id: str | None,
    status_code: int,
    reason: str,
    payload: object,
    client: Client,
) -> str:
    """Keep a refused submission with its reason (nothing refused is dropped silently)."""
    text = json.dumps(payload, ensure_ascii=False, default=str)
    if len(text) > 65536:
        text = json.dumps({"truncated": text[:65536]})
    rejection_id = new_id("rej")
    with transaction(con):
        con.execute(
            q("leads_rejection_put"),
            (
                rejection_id,
                form_key,
                account_id,
                status_code,
                reason,
                text,
                client.ip,
                client.user_agent,
                now_iso(),
            ),
        )
    return rejection_id


def fingerprint(fields: Mapping[str, str], extra: Mapping[str, Any]) -> str:
    """Identity of a submission's content, to tell a replay from a corrected resubmission."""
    text = json.dumps([fields, extra], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
