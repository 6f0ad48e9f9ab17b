"""API v1 lead ops: requeue, reroute, return and flag as test one lead of the key's account or
sub-accounts (another tenant's lead is a 404). The work is done by :mod:`hub.services.leadops`
and :mod:`hub.services.leads`, shared with the CLI and the dashboard.
"""

from __future__ import annotations

from typing import Any, cast

from litestar import post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, JSONBody

from hub.db import Hub, utcnow
from hub.services import leadops, leads
from hub.services.actor import Actor
from ingest.api.params import json_object, optional_text
from ingest.api.responses.leads import LeadOp, LeadReturned, LeadTestFlag

TAGS = ["API v1: lead ops"]


@post(
    "/v1/leads/{lead_id:str}/requeue",
    opt={"permission": "leads.operate"},
    sync_to_thread=True,
    status_code=200,
    summary="Requeue",
    tags=TAGS,
)
def requeue(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], lead_id: FromPath[str]
) -> LeadOp:
    """Dead deliveries are tried again (same idempotency key); a waiting lead is routed."""
    return cast(LeadOp, leadops.lead_op(hub.con(), actor, lead_id, "requeue", utcnow()))


@post(
    "/v1/leads/{lead_id:str}/reroute",
    opt={"permission": "leads.operate"},
    sync_to_thread=True,
    status_code=200,
    summary="Reroute",
    tags=TAGS,
)
def reroute(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], lead_id: FromPath[str]
) -> LeadOp:
    """Take the lead back from its pending or dead deliveries and route it elsewhere."""
    return cast(LeadOp, leadops.lead_op(hub.con(), actor, lead_id, "reroute", utcnow()))


@post(
    "/v1/leads/{lead_id:str}/return",
    opt={"permission": "leads.operate"},
    sync_to_thread=True,
    status_code=200,
    summary="Return",
    tags=TAGS,
)
def return_lead(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    lead_id: FromPath[str],
    data: JSONBody[Any],
) -> LeadReturned:
    """A buyer returns the lead within its window, with a reason: ``{"reason": "…"}`` (and
    ``"buyer_id"`` when the lead was shared)."""
    body = json_object(data)
    buyer = optional_text(
        body, "buyer_id", "Identifiant d'acheteur invalide.", "buyer_id must be a string."
    )
    return cast(
        LeadReturned,
        leadops.return_lead(hub.con(), actor, lead_id, body.get("reason"), utcnow(), buyer),
    )


@post(
    "/v1/leads/{lead_id:str}/test",
    opt={"permission": "leads.operate"},
    sync_to_thread=True,
    status_code=200,
    summary="Flag as test traffic",
    tags=TAGS,
)
def mark_test(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    lead_id: FromPath[str],
    data: JSONBody[Any] = None,
) -> LeadTestFlag:
    """Flag the lead as test traffic, kept out of billing and funnels (``{"is_test": false}``
    takes the flag off); logged."""
    body = json_object({} if data is None else data)
    return cast(
        LeadTestFlag, leads.set_test(hub.con(), actor, lead_id, body.get("is_test", True), utcnow())
    )


routes: list[HTTPRouteHandler] = [requeue, reroute, return_lead, mark_test]
