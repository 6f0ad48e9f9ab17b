"""API v1 API keys: list (never the key), create (the key is returned once), read, update (name,
role), revoke.

Scoped to the key's accounts (another tenant's key is a 404); the work is done by
:mod:`hub.services.api_keys`, shared with the ``leadhub`` CLI.
"""

from __future__ import annotations

from typing import cast

from litestar import delete, get, patch, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery

from hub.db import Hub, utcnow
from hub.services import api_keys
from hub.services.actor import Actor
from ingest.api.bodies import KeyCreate, KeyUpdate
from ingest.api.deps import Page
from ingest.api.params import bool_param, json_object
from ingest.api.responses.accounts import ApiKey, ApiKeyCreated, ApiKeyPage

TAGS = ["API v1: accounts, users, keys"]


@get(
    "/v1/api-keys",
    opt={"permission": "keys.read"},
    sync_to_thread=True,
    summary="API keys of these accounts (prefix, role, dates; never the key; filters: "
    "account_id, role, revoked)",
    tags=TAGS,
)
def list_keys(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    page: NamedDependency[Page],
    account_id: FromQuery[str | None] = None,
    role: FromQuery[str | None] = None,
    revoked: FromQuery[str | None] = None,
) -> ApiKeyPage:
    return cast(
        ApiKeyPage,
        api_keys.list_keys(
            hub.con(),
            actor,
            page.offset,
            page.limit,
            account_id=account_id,
            role=role,
            revoked=bool_param("revoked", revoked),
        ),
    )


@post(
    "/v1/api-keys",
    opt={"permission": "keys.write"},
    sync_to_thread=True,
    summary="Create an API key (the key is in this answer only)",
    description="Fields: account_id (required), name (required), role (default admin; never "
    "above the caller's).",
    tags=TAGS,
)
def create_key(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], data: KeyCreate
) -> ApiKeyCreated:
    return cast(ApiKeyCreated, api_keys.create_key(hub.con(), actor, json_object(data), utcnow()))


@get(
    "/v1/api-keys/{key_id:str}",
    opt={"permission": "keys.read"},
    sync_to_thread=True,
    summary="One API key",
    tags=TAGS,
)
def get_key(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], key_id: FromPath[str]
) -> ApiKey:
    return cast(ApiKey, api_keys.get_key(hub.con(), actor, key_id))


@patch(
    "/v1/api-keys/{key_id:str}",
    opt={"permission": "keys.write"},
    sync_to_thread=True,
    summary="Rename an API key or change its role (never above the caller's)",
    tags=TAGS,
)
def update_key(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    key_id: FromPath[str],
    data: KeyUpdate,
) -> ApiKey:
    return cast(ApiKey, api_keys.update_key(hub.con(), actor, key_id, json_object(data), utcnow()))


@delete(
    "/v1/api-keys/{key_id:str}",
    opt={"permission": "keys.write"},
    sync_to_thread=True,
    status_code=200,
    summary="Revoke an API key (401 from now on)",
    tags=TAGS,
)
def revoke_key(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], key_id: FromPath[str]
) -> ApiKey:
    return cast(ApiKey, api_keys.revoke_key(hub.con(), actor, key_id, utcnow()))


routes: list[HTTPRouteHandler] = [
    list_keys,
    create_key,
    get_key,
    update_key,
    revoke_key,
]
