"""API v1 GDPR erasure and opposition list (decision 0051): erase a person (phone or e-mail)
from the hub, the lake, the warehouse and, by a signed ``lead.erased`` request, from each buyer
that received their leads; list, add and remove opposition entries (hashes, never values).

Admins only (``privacy.erase``), within the key's accounts: another tenant's leads are never
found, another tenant's opposition entry is a 404. The work is done by
:func:`warehouse.erase.erase_person` and :mod:`hub.services.opposition`, shared with the CLI
and the dashboard.
"""

from __future__ import annotations

from typing import Any, cast

from litestar import Request, delete, get, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath

from hub.db import Hub, utcnow
from hub.services import opposition
from hub.services.actor import Actor
from hub.settings import Settings
from ingest.api.bodies_privacy import Erasure, Opposition
from ingest.api.deps import Page
from ingest.api.params import json_object
from ingest.api.responses.privacy import Erased, OppositionAdded, OppositionPage, OppositionRemoved

TAGS = ["API v1: privacy (GDPR)"]
PERMISSION = {"permission": "privacy.erase"}


@post(
    "/v1/privacy/erasures",
    opt=PERMISSION,
    sync_to_thread=True,
    status_code=200,
    summary="Erase a person (phone or e-mail) from the hub, the lake, the warehouse and buyers",
    description="Body: {phone} or {email}. Lead rows stay (status, money) with personal fields "
    "nulled; the person's events leave the lake files and the warehouse; each buyer that "
    "received a lead gets a signed lead.erased request (retried like a delivery); the person "
    "goes on the opposition list. Answers what was erased, counted (the hash, never the value).",
    tags=TAGS,
)
def erase(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    settings: NamedDependency[Settings],
    data: Erasure,
) -> Erased:
    from warehouse.erase import erase_person  # DuckDB and pyarrow: loaded on first use

    return cast(Erased, erase_person(hub.con(), actor, settings, json_object(data), utcnow()))


@get(
    "/v1/privacy/oppositions",
    opt=PERMISSION,
    sync_to_thread=True,
    summary="Opposition entries this key sees (hashes; ?phone= or ?email= for one person)",
    tags=TAGS,
)
def list_oppositions(
    request: Request[Any, Any, Any],
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    settings: NamedDependency[Settings],
    page: NamedDependency[Page],
) -> OppositionPage:
    query = {k: v for k, v in request.query_params.items() if k in ("phone", "email")}
    return cast(
        OppositionPage,
        opposition.list_oppositions(
            hub.con(), actor, settings, page.offset, page.limit, query or None
        ),
    )


@post(
    "/v1/privacy/oppositions",
    opt=PERMISSION,
    sync_to_thread=True,
    summary="Put a person (phone or e-mail) on the opposition list: their leads are refused",
    description="Body: {phone} or {email}, optionally account_id (default: the key's accounts).",
    tags=TAGS,
)
def add_opposition(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    settings: NamedDependency[Settings],
    data: Opposition,
) -> OppositionAdded:
    return cast(
        OppositionAdded, opposition.oppose(hub.con(), actor, settings, json_object(data), utcnow())
    )


@delete(
    "/v1/privacy/oppositions/{opposition_id:str}",
    opt=PERMISSION,
    sync_to_thread=True,
    status_code=200,
    summary="Take one entry off the opposition list",
    tags=TAGS,
)
def remove_opposition(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], opposition_id: FromPath[str]
) -> OppositionRemoved:
    return cast(OppositionRemoved, opposition.unoppose(hub.con(), actor, opposition_id, utcnow()))


routes: list[HTTPRouteHandler] = [erase, list_oppositions, add_opposition, remove_opposition]
