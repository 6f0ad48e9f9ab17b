"""Every API v1 route handler, and the dependencies they are given by name (:mod:`.deps`)."""

from __future__ import annotations

from litestar.handlers import HTTPRouteHandler

from ingest.api import (
    accounts,
    activity,
    api_keys,
    buyers,
    catalogue,
    commandes,
    deliveries,
    leadops,
    leads,
    products,
    providers,
    source_blocks,
    users,
    verify,
)
from ingest.api.deps import dependencies

__all__ = ["dependencies", "routes"]

routes: list[HTTPRouteHandler] = [
    *leads.routes,
    *providers.routes,
    *commandes.routes,
    *leadops.routes,
    *deliveries.routes,
    *source_blocks.routes,
    *verify.routes,
    *accounts.routes,
    *users.routes,
    *api_keys.routes,
    *activity.routes,
    *catalogue.routes,
    *buyers.routes,
    *products.routes,
]
