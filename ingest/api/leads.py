"""API v1 leads: ``GET /v1/leads`` (filtered, paginated) and ``GET /v1/leads/{lead_id}`` (with its
routing decisions and deliveries), scoped to the API key's account and its sub-accounts.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath

from hub.attribution import ATTRIBUTION
from hub.db import Hub
from hub.errors import ApiError
from hub.security import ApiPrincipal
from ingest.api.deps import DEFAULT_LIMIT, MAX_LIMIT
from ingest.api.params import int_param, invalid_query, since_param
from ingest.queries import q

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
    *ATTRIBUTION,
    "page_url",
    "referrer",
    "provider_id",
    "entity_id",
    "duplicate_of",
    "created_at",
    "updated_at",
)


def parse_filters(query: Mapping[str, str]) -> dict[str, Any]:
    """Query parameters of ``GET /v1/leads`` → SQL parameters (422 naming a bad one)."""
    status = query.get("status") or None
    if status is not None and status not in LEAD_STATUSES:
        raise invalid_query(
            "status",
            "invalid_choice",
            "Statut inconnu.",
            f"status must be one of: {', '.join(LEAD_STATUSES)}.",
        )
    return {
        "status": status,
        "since": since_param(query.get("since")),
        "form_key": query.get("form_key") or None,
        "offset": int_param(query, "offset", 0, 0, 10**9),
        "limit": int_param(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
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


def leads_page(
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


@get(
    "/v1/leads",
    opt={"permission": "leads.read"},
    sync_to_thread=True,
    summary="API v1: list leads (Authorization: Token <key>)",
    tags=["API v1", "Leads"],
)
def list_leads(
    request: Request[Any, Any, Any],
    hub: NamedDependency[Hub],
    principal: NamedDependency[ApiPrincipal],
) -> dict[str, Any]:
    return leads_page(hub.con(), principal, dict(request.query_params.items()))


@get(
    "/v1/leads/{lead_id:str}",
    opt={"permission": "leads.read"},
    sync_to_thread=True,
    summary="One lead with its routing decisions and deliveries",
    tags=["API v1"],
)
def lead_detail(
    lead_id: FromPath[str], hub: NamedDependency[Hub], principal: NamedDependency[ApiPrincipal]
) -> dict[str, Any]:
    return get_lead(hub.con(), principal, lead_id)


routes: list[HTTPRouteHandler] = [list_leads, lead_detail]
