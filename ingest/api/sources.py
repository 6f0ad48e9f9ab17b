"""API v1 traffic sources: the sources and providers seen per account, blocked or not
(:mod:`hub.services.sources`); block a traffic source of the key's account (its new leads are
held) and unblock it (the held leads are routed; :mod:`hub.services.leadops`).
"""

from __future__ import annotations

from typing import Any, cast

from litestar import delete, get, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery, JSONBody

from hub.db import Hub, utcnow
from hub.errors import ApiError, FieldError
from hub.security import ApiPrincipal
from hub.services import leadops, sources
from hub.services.actor import Actor
from ingest.api.deps import Page
from ingest.api.params import bool_param, json_object
from ingest.api.responses.sources import SourceBlocked, SourcePage, SourceUnblocked

TAGS = ["API v1: lead ops"]


@get(
    "/v1/sources",
    opt={"permission": "sources.read"},
    sync_to_thread=True,
    summary="Traffic sources and providers seen, blocked or not (filters: account_id, blocked)",
    tags=TAGS,
)
def list_sources(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    page: NamedDependency[Page],
    account_id: FromQuery[str | None] = None,
    blocked: FromQuery[str | None] = None,
) -> SourcePage:
    """Per account and source: lead count, last lead, provider, and the block if any."""
    return cast(
        SourcePage,
        sources.list_sources(
            hub.con(), actor, page.offset, page.limit, account_id, bool_param("blocked", blocked)
        ),
    )


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
) -> SourceBlocked:
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
) -> SourceUnblocked:
    """Lift the block and route the leads it held."""
    requeued = leadops.unblock_source(hub.con(), actor, principal.account_id, source, utcnow())
    return {"account_id": principal.account_id, "source": source, "requeued_leads": requeued}


routes: list[HTTPRouteHandler] = [list_sources, block_source, unblock_source]
