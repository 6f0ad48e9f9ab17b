"""API v1 for servers: leads, scoped to the API key's account and its sub-accounts.

``GET /v1/leads/{lead_id}`` is served here. ``GET /v1/leads`` is implemented here
(:func:`list_leads`) but mounted on ``LeadsController``: Litestar 2.25 gives each controller its
own OPTIONS handler per path, so two controllers cannot share ``/v1/leads``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from hub.db import Hub, iso
from hub.errors import ApiError, FieldError
from hub.security import ApiPrincipal
from hub.settings import Settings
from ingest.auth import api_principal
from ingest.intake import FIELDS
from ingest.leads_store import Form
from ingest.providers import ProvidersRoutes
from ingest.queries import q
from ingest.spam import CAPTCHA_FIELD, HONEYPOT_FIELD, RENDER_TIME_FIELD

LEAD_STATUSES = (
    "new",
    "routed",
    "sold",
    "unrouted",
    "duplicate",
    "suspicious",
    "invalid",
    "spam",
    "held",
)
DEFAULT_LIMIT, MAX_LIMIT = 50, 500
_PUBLIC_COLUMNS = (
    "id",
    "account_id",
    "form_key",
    "lp_id",
    "product_code",
    "status",
    "status_reason",
    "first_name",
    "last_name",
    "email",
    "phone_class",
    "postal_code",
    "departement",
    "city",
    "visitor_id",
    "session_id",
    "submission_id",
    "source",
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "gclid",
    "fbclid",
    "variant",
    "page_url",
    "referrer",
    "provider_id",
    "entity_id",
    "duplicate_of",
    "created_at",
    "updated_at",
)


FORM_FIELDS = (  # name, type, label_fr, label_en
    ("first_name", "text", "Prénom", "First name"),
    ("last_name", "text", "Nom", "Last name"),
    ("email", "email", "E-mail", "E-mail"),
    ("phone", "tel", "Téléphone", "Phone"),
    ("postal_code", "postal_code", "Code postal", "Postal code"),
    ("city", "text", "Ville", "City"),
    ("consent", "checkbox", "J'accepte d'être recontacté(e)", "I agree to be contacted"),
)
_NOT_HIDDEN = {"is_test", HONEYPOT_FIELD, RENDER_TIME_FIELD, CAPTCHA_FIELD}
FORM_NAMES = {name for name, *_ in FORM_FIELDS}
HIDDEN_FIELDS = tuple(n for n in FIELDS if n not in FORM_NAMES and n not in _NOT_HIDDEN)


def form_config(
    con: sqlite3.Connection, form: Form, settings: Settings, now: datetime
) -> dict[str, Any]:
    """The public configuration of a form (``GET /v1/forms/{form_key}/config``)."""
    label = con.execute(q("product_label"), (form.product_code,)).fetchone()
    fields = [
        {
            "name": name,
            "type": kind,
            "label_fr": fr,
            "label_en": en,
            "required": name == "consent" or name in form.required_fields,
        }
        for name, kind, fr, en in FORM_FIELDS
    ]
    return {
        "form_key": form.key,
        "endpoint": "/v1/leads",
        "thank_you_url": form.thank_you_url,
        "product": {"code": form.product_code, "label": label[0] if label else None},
        "consent": {"version": form.consent_version, "text": form.consent_text},
        "fields": fields,
        "hidden_fields": list(HIDDEN_FIELDS),
        "spam": {  # what the form must carry for the intake's defences (ingest.spam)
            "honeypot_field": HONEYPOT_FIELD,
            "render_time_field": RENDER_TIME_FIELD,
            "rendered_at": int(now.timestamp() * 1000),
            "min_submit_seconds": settings.lead_min_submit_seconds,
            "captcha": {"required": bool(settings.captcha_verify_url), "field": CAPTCHA_FIELD},
        },
    }


def _bad(name: str, reason: str, fr: str, en: str) -> ApiError:
    return ApiError(
        422,
        "invalid_query",
        f"Invalid query parameter: {name}.",
        [FieldError(name, reason, fr, en)],
    )


def _int(name: str, value: str | None, default: int, low: int, high: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        raise _bad(
            name,
            "out_of_range",
            f"« {name} » doit être un entier entre {low} et {high}.",
            f"{name} must be an integer between {low} and {high}.",
        )
    return number


def _since(value: str | None) -> str | None:
    if not value:
        return None
    for text in (value, value.replace(" ", "+")):  # an unencoded "+01:00" arrives as " 01:00"
        try:
            ts = datetime.fromisoformat(text)
        except ValueError:
            continue
        return iso(ts if ts.tzinfo else ts.replace(tzinfo=UTC))
    raise _bad(
        "since",
        "invalid_datetime",
        "« since » doit être une date ISO 8601.",
        "since must be an ISO 8601 date or date-time (UTC when no offset).",
    )


def parse_filters(query: Mapping[str, str]) -> dict[str, Any]:
    """Query parameters of ``GET /v1/leads`` → SQL parameters (422 naming a bad one)."""
    status = query.get("status") or None
    if status is not None and status not in LEAD_STATUSES:
        raise _bad(
            "status",
            "invalid_choice",
            "Statut inconnu.",
            f"status must be one of: {', '.join(LEAD_STATUSES)}.",
        )
    return {
        "status": status,
        "since": _since(query.get("since")),
        "form_key": query.get("form_key") or None,
        "offset": _int("offset", query.get("offset"), 0, 0, 10**9),
        "limit": _int("limit", query.get("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT),
    }


@contextmanager
def _snapshot(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A read transaction: the page and its ``total`` come from the same snapshot."""
    con.execute("BEGIN")
    try:
        yield con
    finally:
        con.execute("COMMIT")


def lead_item(row: sqlite3.Row) -> dict[str, Any]:
    item: dict[str, Any] = {name: row[name] for name in _PUBLIC_COLUMNS}
    item["phone"] = row["phone_e164"]
    item["is_test"] = bool(row["is_test"])
    item["extra"] = json.loads(row["extra"] or "{}")
    item["consent"] = {
        "given": bool(row["consent_given"]),
        "version": row["consent_version"],
        "text": row["consent_text"],
        "at": row["consent_at"],
        "page_url": row["page_url"],
        "ip": row["ip"],
        "user_agent": row["user_agent"],
    }
    return item


def list_leads(
    con: sqlite3.Connection, principal: ApiPrincipal, query: Mapping[str, str]
) -> dict[str, Any]:
    params = {**parse_filters(query), "account_id": principal.account_id}
    with _snapshot(con):
        rows = con.execute(q("leads_list"), params).fetchall()
        total = int(con.execute(q("leads_count"), params).fetchone()[0])
    return {
        "items": [lead_item(r) for r in rows],
        "total": total,
        "offset": params["offset"],
        "limit": params["limit"],
    }


def get_lead(con: sqlite3.Connection, principal: ApiPrincipal, lead_id: str) -> dict[str, Any]:
    with _snapshot(con):
        row = con.execute(
            q("leads_get"), {"lead_id": lead_id, "account_id": principal.account_id}
        ).fetchone()
        if row is None:
            raise ApiError(404, "not_found", f"No lead {lead_id!r} in this account.")
        decisions = con.execute(q("leads_decisions"), (lead_id,)).fetchall()
        deliveries = con.execute(q("leads_deliveries"), (lead_id,)).fetchall()
    item = lead_item(row)
    item["routing_decisions"] = [dict(d) for d in decisions]
    item["deliveries"] = [{**dict(d), "currency": "EUR"} for d in deliveries]
    return item


class ApiV1Controller(ProvidersRoutes, Controller):
    path = "/v1"
    tags = ["API v1"]  # noqa: RUF012 - Litestar reads this class attribute

    @get(
        "/leads/{lead_id:str}",
        sync_to_thread=True,
        dependencies={"principal": api_principal},
        summary="One lead with its routing decisions and deliveries",
    )
    def lead_detail(
        self,
        request: Request[Any, Any, Any],
        lead_id: FromPath[str],
        principal: NamedDependency[ApiPrincipal],
    ) -> dict[str, Any]:
        hub: Hub = request.app.state.hub
        return get_lead(hub.con(), principal, lead_id)
