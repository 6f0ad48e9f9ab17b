"""The dependencies API v1 handlers are given (by name) instead of reading ``app.state``.

- ``hub``: the hub (each thread takes its own connection with ``hub.con()``);
- ``settings``: the collector's settings;
- ``principal``: the caller's API key, ``Authorization: Token <key>`` (``Bearer`` accepted):
  401 with ``WWW-Authenticate`` when missing, malformed, unknown or revoked (429 once the client
  address has sent too many unknown keys, :mod:`ingest.auth`), 403 for a provider's key (it
  may only post leads, :mod:`ingest.intake.callers`);
- ``accounts``: the account scope, i.e. the accounts the key may see: its own and every
  sub-account, never another tenant (``scope`` is a name Litestar reserves);
- ``actor``: the key as the hub services take it (:class:`hub.services.actor.Actor`);
- ``page``: ``offset`` and ``limit`` query parameters (422 naming a bad one), checked after
  authentication.

A dependency is resolved only for the handlers that name it: the tracking path takes none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.di import NamedDependency, Provide

from hub.db import Hub
from hub.errors import ApiError, FieldError
from hub.security import ApiPrincipal
from hub.services.actor import PERMISSIONS, Actor
from hub.settings import Settings
from ingest.api.params import int_param
from ingest.auth import actor_of, authenticate, key_guard, provider_of_key, scope_account_ids

DEFAULT_LIMIT, MAX_LIMIT = 50, 500


@dataclass(frozen=True, slots=True)
class Page:
    offset: int
    limit: int


def provide_hub(request: Request[Any, Any, Any]) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


def provide_settings(request: Request[Any, Any, Any]) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def provide_principal(request: Request[Any, Any, Any], hub: NamedDependency[Hub]) -> ApiPrincipal:
    """An account's own key, whose role holds the permission the handler declares
    (``opt={"permission": …}``, checked against ``hub.services.actor.PERMISSIONS``: 403
    otherwise). A provider's key may only post leads: 403 everywhere else."""
    principal = authenticate(hub.con(), request.headers.get("authorization"), key_guard(request))
    permission = request.route_handler.opt.get("permission")
    if permission is not None and principal.role not in PERMISSIONS[permission]:
        raise ApiError(403, "forbidden", f"Role {principal.role!r} may not {permission}.")
    if provider_of_key(hub.con(), principal.key_id) is not None:
        raise ApiError(
            403,
            "forbidden",
            "A provider key may only post leads (POST /v1/leads).",
            [
                FieldError(
                    "authorization",
                    "provider_key",
                    "Une clé de fournisseur ne peut qu'envoyer des leads.",
                    "A provider key may only post leads.",
                )
            ],
        )
    return principal


def provide_accounts(
    hub: NamedDependency[Hub], principal: NamedDependency[ApiPrincipal]
) -> set[str]:
    return set(scope_account_ids(hub.con(), principal.account_id))


def provide_actor(hub: NamedDependency[Hub], principal: NamedDependency[ApiPrincipal]) -> Actor:
    """The key as the hub services see it: who acts, with which role, on which accounts."""
    return actor_of(hub.con(), principal)


def provide_page(request: Request[Any, Any, Any], principal: NamedDependency[ApiPrincipal]) -> Page:
    """``offset`` then ``limit`` (``principal`` is named so that authentication comes first)."""
    query = request.query_params
    offset = int_param(query, "offset", 0, 0, 10**9, detailed=True)
    return Page(offset, int_param(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, detailed=True))


dependencies: dict[str, Provide] = {
    "hub": Provide(provide_hub, sync_to_thread=False),
    "settings": Provide(provide_settings, sync_to_thread=False),
    "principal": Provide(provide_principal, sync_to_thread=True),
    "accounts": Provide(provide_accounts, sync_to_thread=True),
    "actor": Provide(provide_actor, sync_to_thread=True),
    "page": Provide(provide_page, sync_to_thread=False),
}
