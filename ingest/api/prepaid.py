"""API v1 prepaid balances: top up a prepaid buyer, read its balance and history.

Finance, admin and super_admin keys top up (``billing.write``); ``billing.read`` reads. Another
tenant's buyer is a 404, a buyer that is not prepaid a 409, a bad amount or note a 422 naming the
field. The work is done by :mod:`hub.services.prepaid`, shared with the CLI and the dashboard.
"""

from __future__ import annotations

from typing import cast

from litestar import get, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath

from hub.db import Hub, utcnow
from hub.services import prepaid
from hub.services.actor import Actor
from ingest.api.bodies import TopUp
from ingest.api.deps import Page
from ingest.api.params import json_object
from ingest.api.responses.buyers import BalanceWithMovements, ToppedUp

TAGS = ["API v1: buyers, products, prices"]


@post(
    "/v1/buyers/{buyer_id:str}/top-ups",
    opt={"permission": "billing.write"},
    sync_to_thread=True,
    summary="Top up a prepaid buyer's balance (cents HT, with a note); logged",
    description="Answers the balance after the top-up; the leads waiting for this buyer's "
    "commandes are routed again at once. 409 not_prepaid when the buyer is billed weekly or "
    "monthly.",
    tags=TAGS,
)
def top_up(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    buyer_id: FromPath[str],
    data: TopUp,
) -> ToppedUp:
    return cast(ToppedUp, prepaid.top_up(hub.con(), actor, buyer_id, json_object(data), utcnow()))


@get(
    "/v1/buyers/{buyer_id:str}/balance",
    opt={"permission": "billing.read"},
    sync_to_thread=True,
    summary="A buyer's prepaid balance and its movements, newest first (paginated)",
    description="movements: top_up, sale (negative), refund (a delivery the buyer did not "
    "take), credit (a return or a manual credit); each with the balance after it.",
    tags=TAGS,
)
def get_balance(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    page: NamedDependency[Page],
    buyer_id: FromPath[str],
) -> BalanceWithMovements:
    con = hub.con()
    out = prepaid.balance(con, actor, buyer_id)
    out["movements"] = prepaid.history(con, actor, buyer_id, page.offset, page.limit)
    return cast(BalanceWithMovements, out)


routes: list[HTTPRouteHandler] = [top_up, get_balance]
