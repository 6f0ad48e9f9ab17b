"""API v1 providers: outside suppliers that post leads to ``POST /v1/leads`` with their own API key.

Decisions (record: ``docs/decisions/0017-providers-and-entities.md``):
- A provider belongs to one account; its key is an ``api_keys`` row with ``provider_id``.
  A provider key may post leads, and only to forms of its account and sub-accounts (else 403
  naming ``form_key``): its leads stay in that entity (``leads.entity_id``, enforced again by
  routing). Its leads get ``provider_id`` and ``source = "provider:<name>"``.
- A blocked provider's leads are stored with status ``held``, reason ``source_blocked``,
  answered 201 with that status (a partner is told), and not routed. An archived provider's
  keys are revoked (401).
- A provider key gets 403 on every endpoint but ``POST /v1/leads`` (``principal``,
  :mod:`ingest.api.deps`).

The work is done by :mod:`hub.services.providers`, shared with the ``leadhub`` CLI.
"""

from __future__ import annotations

from typing import cast

from litestar import delete, get, patch, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery

from hub.db import Hub, utcnow
from hub.security import ApiPrincipal
from hub.services import providers
from hub.services.actor import Actor
from ingest.api.bodies import ProviderCreate, ProviderUpdate
from ingest.api.deps import Page
from ingest.api.params import bool_param, json_object
from ingest.api.responses.sources import Provider, ProviderCreated, ProviderPage

TAGS = ["API v1"]
READ = {"permission": "providers.read"}
WRITE = {"permission": "providers.write"}


@get(
    "/v1/providers",
    opt=READ,
    sync_to_thread=True,
    summary="Providers (filters: account_id, blocked, archived)",
    tags=TAGS,
)
def list_providers(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    page: NamedDependency[Page],
    account_id: FromQuery[str | None] = None,
    blocked: FromQuery[str | None] = None,
    archived: FromQuery[str | None] = None,
) -> ProviderPage:
    return cast(
        ProviderPage,
        providers.list_providers(
            hub.con(),
            actor,
            page.offset,
            page.limit,
            account_id,
            bool_param("blocked", blocked),
            bool_param("archived", archived),
        ),
    )


@post(
    "/v1/providers",
    opt=WRITE,
    sync_to_thread=True,
    summary="Create a provider and its API key, shown once",
    tags=TAGS,
)
def create_provider(
    hub: NamedDependency[Hub],
    principal: NamedDependency[ApiPrincipal],
    actor: NamedDependency[Actor],
    data: ProviderCreate,
) -> ProviderCreated:
    body = {"account_id": principal.account_id, **json_object(data)}
    return cast(ProviderCreated, providers.create_provider(hub.con(), actor, body, utcnow()))


@get(
    "/v1/providers/{provider_id:str}",
    opt=READ,
    sync_to_thread=True,
    summary="One provider",
    tags=TAGS,
)
def get_provider(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], provider_id: FromPath[str]
) -> Provider:
    return cast(Provider, providers.get_provider(hub.con(), actor, provider_id))


@patch(
    "/v1/providers/{provider_id:str}",
    opt=WRITE,
    sync_to_thread=True,
    summary="Change, block or unblock a provider",
    tags=TAGS,
)
def update_provider(
    hub: NamedDependency[Hub],
    actor: NamedDependency[Actor],
    provider_id: FromPath[str],
    data: ProviderUpdate,
) -> Provider:
    return cast(
        Provider,
        providers.update_provider(hub.con(), actor, provider_id, json_object(data), utcnow()),
    )


@delete(
    "/v1/providers/{provider_id:str}",
    opt=WRITE,
    sync_to_thread=True,
    status_code=200,
    summary="Archive a provider (its keys are revoked; kept, never deleted)",
    tags=TAGS,
)
def archive_provider(
    hub: NamedDependency[Hub], actor: NamedDependency[Actor], provider_id: FromPath[str]
) -> Provider:
    return cast(Provider, providers.archive_provider(hub.con(), actor, provider_id, utcnow()))


routes: list[HTTPRouteHandler] = [
    list_providers,
    create_provider,
    get_provider,
    update_provider,
    archive_provider,
]
