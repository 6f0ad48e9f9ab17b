"""Every API v1 route handler, and the dependencies they are given by name (:mod:`.deps`).

``routes`` each declare the permission an API key needs; ``public_routes`` take no key (a
one-time password link's token is its own credential)."""

from __future__ import annotations

from litestar.handlers import HTTPRouteHandler

from ingest.api import (
    accounts,
    activity,
    api_keys,
    billing,
    buyer_delivery,
    buyers,
    catalogue,
    commandes,
    costs,
    deliveries,
    leadops,
    leads,
    links,
    password_links,
    pipeline,
    prepaid,
    privacy,
    privacy_erasure,
    products,
    providers,
    sources,
    users,
    verify,
)
from ingest.api.deps import dependencies

__all__ = ["dependencies", "public_routes", "routes"]

routes: list[HTTPRouteHandler] = [
    *leads.routes,
    *providers.routes,
    *commandes.routes,
    *leadops.routes,
    *deliveries.routes,
    *sources.routes,
    *verify.routes,
    *pipeline.routes,
    *accounts.routes,
    *users.routes,
    *password_links.routes,
    *api_keys.routes,
    *activity.routes,
    *catalogue.routes,
    *links.routes,
    *buyers.routes,
    *buyer_delivery.routes,
    *products.routes,
    *prepaid.routes,
    *billing.routes,
    *costs.routes,
    *privacy.routes,
    *privacy_erasure.routes,
]

public_routes: list[HTTPRouteHandler] = [*password_links.public_routes]
