"""API v1 delivery queue: ``GET /v1/deliveries?status=pending|retrying|dead`` (filters
``buyer_id``, ``account_id``; paginated with the total), ``GET /v1/deliveries/stats`` (per buyer:
breaker, success rate and p95 latency over 24 h) and ``POST /v1/deliveries/requeue`` (dead
letters by id, all or none). Scoped to the key's accounts (another tenant's delivery, buyer or
account is a 404). The work is done by :mod:`hub.services.deliveries`, shared with the CLI and
the dashboard.
"""

from __future__ import annotations

from typing import cast

from litestar import get, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromQuery

from hub.db import Hub, utcnow
from hub.services import deliveries
from hub.services.actor import Actor
from hub.settings import Settings
from ingest.api.bodies import DeliveriesRequeue
from ingest.api.deps import Page
from ingest.api.responses.deliveries import DeliveryPage, DeliveryStats, Requeued

TAGS = ["API v1: delivery queue"]


@get(
    "/v1/deliveries",
    opt={"permission": "leads.read"},
    sync_to_thread=True,
    summary="Deliveries pending, retrying (next attempt, last error) or dead (paginated)",
    tags=TAGS,
)
def list_deliveries(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    page: NamedDependency[Page],
    status: FromQuery[str | None] = None,
    buyer_id: FromQuery[str | None] = None,
    account_id: FromQuery[str | None] = None,
) -> DeliveryPage:
    """``status`` is required: ``pending`` (never tried), ``retrying`` or ``dead``."""
    return cast(
        DeliveryPage,
        deliveries.list_deliveries(
            hub.con(),
            actor,
            status or "",
            buyer_id=buyer_id or None,
            account_id=account_id or None,
            offset=page.offset,
            limit=page.limit,
        ),
    )


@get(
    "/v1/deliveries/stats",
    opt={"permission": "leads.read"},
    sync_to_thread=True,
    summary="Per buyer: breaker state, success rate and p95 latency over 24 h, queue counts",
    tags=TAGS,
)
def buyer_stats(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    settings: NamedDependency[Settings],
    buyer_id: FromQuery[str | None] = None,
    account_id: FromQuery[str | None] = None,
) -> DeliveryStats:
    return cast(
        DeliveryStats,
        deliveries.buyer_stats(
            hub.con(),
            actor,
            settings,
            utcnow(),
            buyer_id=buyer_id or None,
            account_id=account_id or None,
        ),
    )


@post(
    "/v1/deliveries/requeue",
    opt={"permission": "leads.operate"},
    sync_to_thread=True,
    status_code=200,
    summary="Requeue dead letters (all or none; one no longer dead is left unchanged)",
    tags=TAGS,
)
def requeue(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], data: DeliveriesRequeue
) -> Requeued:
    return cast(Requeued, deliveries.requeue(hub.con(), actor, data, utcnow()))


routes: list[HTTPRouteHandler] = [list_deliveries, buyer_stats, requeue]
