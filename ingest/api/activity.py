"""API v1 activity log: ``GET /v1/activity`` — every change in the key's accounts, newest first,
filtered by ``action`` (a prefix: ``commande.``), ``actor``, ``subject``, ``since``, ``until``.
The work is done by :mod:`hub.services.activity`, shared with the CLI."""

from __future__ import annotations

from typing import cast

from litestar import get
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromQuery

from hub.db import Hub
from hub.services import activity
from hub.services.actor import Actor
from ingest.api.deps import Page
from ingest.api.responses.accounts import ActivityPage

TAGS = ["API v1: activity"]


@get(
    "/v1/activity",
    opt={"permission": "activity.read"},
    sync_to_thread=True,
    summary="The activity log of this key's accounts (paginated, newest first)",
    tags=TAGS,
)
def list_activity(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    page: NamedDependency[Page],
    action: FromQuery[str | None] = None,
    by: FromQuery[str | None] = None,
    subject: FromQuery[str | None] = None,
    since: FromQuery[str | None] = None,
    until: FromQuery[str | None] = None,
) -> ActivityPage:
    """``by`` is the actor label (``cli``, ``api_key:key_…``, ``user:usr_…``)."""
    filters = {"action": action, "actor": by, "subject": subject, "since": since, "until": until}
    return cast(
        ActivityPage, activity.list_activity(hub.con(), actor, filters, page.offset, page.limit)
    )


routes: list[HTTPRouteHandler] = [list_activity]
