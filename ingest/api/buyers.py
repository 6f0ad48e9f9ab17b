"""API v1 buyers: list, create (a signing secret generated is returned once), read, change,
archive (``active = 0``, never deleted).

Scoped to the key's account and its sub-accounts (another tenant's buyer is a 404); never a
secret in an answer but the one generated at creation. The work is done by
:mod:`hub.services.buyers`, shared with the ``leadhub`` CLI.
"""

from __future__ import annotations

from typing import cast

from litestar import delete, get, patch, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery

from hub.db import Hub, utcnow
from hub.services import buyers
from hub.services.actor import Actor
from hub.settings import Settings
from ingest.api.bodies import BuyerCreate, BuyerUpdate
from ingest.api.deps import Page
from ingest.api.params import bool_param, json_object
from ingest.api.responses.buyers import Buyer, BuyerCreated, BuyerPage

TAGS = ["API v1: buyers, products, prices"]


@get(
    "/v1/buyers",
    opt={"permission": "buyers.read"},
    sync_to_thread=True,
    summary="Buyers this key sees (paginated; has_secret, never a secret; filters: "
    "account_id, active, is_test)",
    tags=TAGS,
)
def list_buyers(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    page: NamedDependency[Page],
    account_id: FromQuery[str | None] = None,
    active: FromQuery[str | None] = None,
    is_test: FromQuery[str | None] = None,
) -> BuyerPage:
    return cast(
        BuyerPage,
        buyers.list_buyers(
            hub.con(),
            actor,
            page.offset,
            page.limit,
            account_id=account_id,
            active=bool_param("active", active),
            is_test=bool_param("is_test", is_test),
        ),
    )


@post(
    "/v1/buyers",
    opt={"permission": "buyers.write"},
    sync_to_thread=True,
    summary="Create a buyer (a generated signing secret is returned once)",
    description="Fields: account_id, name, webhook_url (required), contact_email, dedupes, "
    "return_window_days (0 to 365), is_test (a test buyer: test leads only, never billed), "
    "secret (whsec_…; generated when absent), id (optional).",
    tags=TAGS,
)
def create_buyer(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    settings: NamedDependency[Settings],
    data: BuyerCreate,
) -> BuyerCreated:
    return cast(
        BuyerCreated, buyers.create_buyer(hub.con(), actor, settings, json_object(data), utcnow())
    )


@get(
    "/v1/buyers/{buyer_id:str}",
    opt={"permission": "buyers.read"},
    sync_to_thread=True,
    summary="One buyer (never its secret)",
    tags=TAGS,
)
def get_buyer(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], buyer_id: FromPath[str]
) -> Buyer:
    return cast(Buyer, buyers.get_buyer(hub.con(), actor, buyer_id))


@patch(
    "/v1/buyers/{buyer_id:str}",
    opt={"permission": "buyers.write"},
    sync_to_thread=True,
    summary="Change a buyer",
    description="Fields: name, contact_email, webhook_url, dedupes, return_window_days, is_test, "
    "active, secret. Delivery mode and settings: leadhub delivery set.",
    tags=TAGS,
)
def update_buyer(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    settings: NamedDependency[Settings],
    buyer_id: FromPath[str],
    data: BuyerUpdate,
) -> Buyer:
    return cast(
        Buyer,
        buyers.update_buyer(hub.con(), actor, settings, buyer_id, json_object(data), utcnow()),
    )


@delete(
    "/v1/buyers/{buyer_id:str}",
    opt={"permission": "buyers.write"},
    sync_to_thread=True,
    status_code=200,
    summary="Archive a buyer (active = 0; kept, never deleted)",
    tags=TAGS,
)
def archive_buyer(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], buyer_id: FromPath[str]
) -> Buyer:
    return cast(Buyer, buyers.archive_buyer(hub.con(), actor, buyer_id, utcnow()))


routes: list[HTTPRouteHandler] = [list_buyers, create_buyer, get_buyer, update_buyer, archive_buyer]
