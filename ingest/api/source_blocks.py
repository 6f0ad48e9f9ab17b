"""API v1 source blocks: block a traffic source of the key's account (its new leads are held)
and unblock it (the held leads are routed). The work is done by :mod:`hub.services.leadops`.
"""

from __future__ import annotations

from typing import Any

from litestar import delete, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, JSONBody

from hub.db import Hub, utcnow
from hub.errors import ApiError, FieldError
from hub.security import ApiPrincipal
from hub.services import leadops
from hub.services.actor import Actor
from ingest.api.params import json_object

TAGS = ["API v1: lead ops"]


@post(
    "/v1/source-blocks",
    opt={"permission": "sources.write"},
    sync_to_thread=True,
    summary="Block a traffic source",
    tags=TAGS,
)
def block_source(
    hub: NamedDependency[Hub],
    principal: NamedDependency[ApiPrincipal],
    actor: NamedDependency[Actor],
    data: JSONBody[Any],
) -> dict[str, Any]:
    """``{"source": "facebook", "reason": "…"}``: its new leads are held until unblocked."""
    body = json_object(data)
    source, reason = body.get("source"), body.get("reason")
    bad = [
        FieldError(name, "required", f"« {name} » requis.", f"{name} is required.")
        for name, value in (("source", source), ("reason", reason))
        if not isinstance(value, str) or not value.strip() or len(value) > 200
    ]
    if bad:
        raise ApiError(422, "invalid", "source and reason are required.", bad)
    assert isinstance(source, str) and isinstance(reason, str)
    leadops.block_source(
        hub.con(), actor, principal.account_id, source.strip(), reason.strip(), utcnow()
    )
    return {"account_id": principal.account_id, "source": source.strip(), "blocked": True}


@delete(
    "/v1/source-blocks/{source:str}",
    opt={"permission": "sources.write"},
    sync_to_thread=True,
    status_code=200,
    summary="Unblock",
    tags=TAGS,
)
def unblock_source(
    hub: NamedDependency[Hub],
    principal: NamedDependency[ApiPrincipal],
    actor: NamedDependency[Actor],
    source: FromPath[str],
) -> dict[str, Any]:
    """Lift the block and route the leads it held."""
    requeued = leadops.unblock_source(hub.con(), actor, principal.account_id, source, utcnow())
    return {"account_id": principal.account_id, "source": source, "requeued_leads": requeued}


routes: list[HTTPRouteHandler] = [block_source, unblock_source]
