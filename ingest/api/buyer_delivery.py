"""API v1 buyer delivery: how a buyer receives leads (``GET|PUT /v1/buyers/{id}/delivery``).

The same service as ``leadhub delivery set`` (:mod:`hub.services.delivery`): auth headers and the
signing secret are write-only (``has_auth`` only is answered, neither is logged), a URL's query
is cut in answers, the change is logged before → after, a bad setting is a 422 naming it.
"""

from __future__ import annotations

from typing import cast

from litestar import get, put
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath

from hub.db import Hub, utcnow
from hub.services import delivery
from hub.services.actor import Actor
from hub.settings import Settings
from ingest.api.bodies_delivery import DeliveryPut
from ingest.api.params import json_object
from ingest.api.responses.buyers import BuyerDelivery

TAGS = ["API v1: buyers, products, prices"]


@get(
    "/v1/buyers/{buyer_id:str}/delivery",
    opt={"permission": "buyers.read"},
    sync_to_thread=True,
    summary="A buyer's delivery mode and settings (never a secret: has_auth only)",
    tags=TAGS,
)
def get_delivery(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], buyer_id: FromPath[str]
) -> BuyerDelivery:
    return cast(BuyerDelivery, delivery.get_delivery(hub.con(), actor, buyer_id))


@put(
    "/v1/buyers/{buyer_id:str}/delivery",
    opt={"permission": "delivery.write"},
    sync_to_thread=True,
    summary="Set how a buyer receives leads (logged before → after, secrets masked)",
    description="Fields: mode (webhook, http_mapping, csv_email, email), config, url, "
    "auth_headers and secret (write-only), dedupes, return_window_days. The buyer's waiting "
    "deliveries start again at once.",
    tags=TAGS,
)
def put_delivery(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    settings: NamedDependency[Settings],
    buyer_id: FromPath[str],
    data: DeliveryPut,
) -> BuyerDelivery:
    return cast(
        BuyerDelivery,
        delivery.put_delivery(hub.con(), actor, settings, buyer_id, json_object(data), utcnow()),
    )


routes: list[HTTPRouteHandler] = [get_delivery, put_delivery]
