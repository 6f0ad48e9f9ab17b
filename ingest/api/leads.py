"""API v1 leads: ``GET /v1/leads`` (search and filters, paginated with ``total``) and
``GET /v1/leads/{lead_id}`` (with its decisions, deliveries, credits and timeline), scoped to
the API key's account and its sub-accounts. Thin callers of :mod:`hub.services.leads`.

Filters: ``q`` (phone, e-mail or name), ``phone``, ``email``, ``name`` (partial, normalised),
``status``, ``source``, ``campaign``, ``lp``, ``form`` (id or key; ``form_key`` too), ``buyer``,
``departement``, ``since``, ``until`` (Paris days or ISO date-times), ``is_test``.
"""

from __future__ import annotations

from typing import Any, cast

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath

from hub.db import Hub
from hub.services import leads
from hub.services.actor import Actor
from ingest.api.deps import DEFAULT_LIMIT, MAX_LIMIT
from ingest.api.params import int_param
from ingest.api.responses.leads import LeadDetail, LeadPage

_PAGING = ("offset", "limit")


@get(
    "/v1/leads",
    opt={"permission": "leads.read"},
    sync_to_thread=True,
    summary="API v1: search leads (Authorization: Token <key>)",
    tags=["API v1", "Leads"],
)
def list_leads(
    request: Request[Any, Any, Any], hub: NamedDependency[Hub], actor: NamedDependency[Actor]
) -> LeadPage:
    query = dict(request.query_params.items())
    offset = int_param(query, "offset", 0, 0, 10**9)
    limit = int_param(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    filters = {k: v for k, v in query.items() if k not in _PAGING}
    return cast(LeadPage, leads.list_leads(hub.con(), actor, filters, offset, limit))


@get(
    "/v1/leads/{lead_id:str}",
    opt={"permission": "leads.read"},
    sync_to_thread=True,
    summary="One lead with its routing decisions, deliveries, credits and timeline",
    tags=["API v1"],
)
def lead_detail(
    lead_id: FromPath[str], hub: NamedDependency[Hub], actor: NamedDependency[Actor]
) -> LeadDetail:
    return cast(LeadDetail, leads.get_lead(hub.con(), actor, lead_id))


routes: list[HTTPRouteHandler] = [list_leads, lead_detail]
