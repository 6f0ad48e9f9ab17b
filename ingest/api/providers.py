"""API v1 providers: outside suppliers that post leads to ``POST /v1/leads`` with their own API key.

Decisions (record: ``docs/decisions/0017-providers-and-entities.md``):
- A provider belongs to one account; its key is an ``api_keys`` row with ``provider_id``.
  A provider key may post leads, and only to forms of its account and sub-accounts (else 403
  naming ``form_key``): its leads stay in that entity (``leads.entity_id``, enforced again by
  routing). Its leads get ``provider_id`` and ``source = "provider:<name>"``.
- A blocked provider's leads are stored with status ``held``, reason ``source_blocked``,
  answered 201 with that status (a partner is told), and not routed.
- Any key without a provider is the account's own ("admin") key: it may also post leads (a
  Landbot-style server) and manage providers with ``GET/POST /v1/providers`` and
  ``PATCH /v1/providers/{id}``. A provider key gets 403 there, as on every API v1 endpoint
  (``principal``, :mod:`ingest.api.deps`). Every change is logged in ``activity_log``.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from litestar import get, patch, post
from litestar.di import NamedDependency
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, JSONBody

from hub.db import Hub, new_id, now_iso, transaction
from hub.errors import ApiError, FieldError
from hub.security import ApiPrincipal, hash_api_key, new_api_key
from ingest.auth import scope_account_ids
from ingest.queries import q

TAGS = ["API v1"]


def _bad(name: str, reason: str, fr: str, en: str, status: int = 422) -> ApiError:
    return ApiError(status, "invalid_provider", en, [FieldError(name, reason, fr, en)])


def _item(row: sqlite3.Row) -> dict[str, Any]:
    item = dict(row)
    item["blocked"] = bool(item["blocked"])
    return item


def list_providers(con: sqlite3.Connection, principal: ApiPrincipal) -> dict[str, Any]:
    rows = con.execute(q("leads_providers_list"), {"account_id": principal.account_id})
    items = [_item(r) for r in rows.fetchall()]
    return {"items": items, "total": len(items), "offset": 0, "limit": len(items)}


def _text(data: dict[str, Any], name: str, limit: int, *, required: bool) -> str | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > limit:
        raise _bad(
            name,
            "required" if value in (None, "") else "invalid",
            f"« {name} » : texte de 1 à {limit} caractères.",
            f"{name} must be text of 1 to {limit} characters.",
        )
    return value.strip()


def _blocked(data: dict[str, Any]) -> bool | None:
    value = data.get("blocked")
    if value is not None and not isinstance(value, bool):
        raise _bad(
            "blocked", "invalid", "« blocked » : vrai ou faux.", "blocked must be a boolean."
        )
    return value


def _log(
    con: sqlite3.Connection, principal: ApiPrincipal, account_id: str, action: str, **detail: Any
) -> None:
    con.execute(
        q("leads_activity_insert"),
        {
            "account_id": account_id,
            "actor": f"api_key:{principal.key_id}",
            "action": action,
            "subject": detail.get("provider_id"),
            "detail": json.dumps(detail, ensure_ascii=False),
            "created_at": now_iso(),
        },
    )


def create_provider(
    con: sqlite3.Connection, principal: ApiPrincipal, data: dict[str, Any]
) -> dict[str, Any]:
    """Create a provider and its API key (shown once, only its hash is stored)."""
    name = _text(data, "name", 100, required=True)
    account_id = _text(data, "account_id", 64, required=False) or principal.account_id
    if account_id not in scope_account_ids(con, principal.account_id):
        raise _bad(
            "account_id",
            "out_of_scope",
            "Compte inconnu ou hors de portée de cette clé.",
            "Unknown account, or outside this key's accounts.",
        )
    blocked = bool(_blocked(data))
    reason = _text(data, "blocked_reason", 200, required=False)
    provider_id, key, now = new_id("prv"), new_api_key(), now_iso()
    with transaction(con):
        if con.execute(q("leads_provider_named"), (account_id, name)).fetchone():
            raise _bad(
                "name", "exists", "Ce fournisseur existe déjà.", "This provider exists.", 409
            )
        con.execute(
            q("leads_provider_insert"),
            (provider_id, account_id, name, int(blocked), reason, now, now),
        )
        con.execute(
            q("leads_provider_key_insert"),
            (
                new_id("key"),
                account_id,
                f"provider {name}",
                key[:10],
                hash_api_key(key),
                now,
                provider_id,
            ),
        )
        _log(con, principal, account_id, "provider.created", provider_id=provider_id, name=name)
    row = con.execute(q("leads_provider_get"), (provider_id,)).fetchone()
    return {"provider": _item(row), "api_key": key}


def update_provider(
    con: sqlite3.Connection, principal: ApiPrincipal, provider_id: str, data: dict[str, Any]
) -> dict[str, Any]:
    """Block or unblock a provider (``{"blocked": true, "blocked_reason": "…"}``)."""
    blocked = _blocked(data)
    if blocked is None:
        raise _bad("blocked", "required", "« blocked » est obligatoire.", "blocked is required.")
    reason = _text(data, "blocked_reason", 200, required=False) if blocked else None
    scope = scope_account_ids(con, principal.account_id)
    with transaction(con):
        row = con.execute(q("leads_provider_get"), (provider_id,)).fetchone()
        if row is None or row["account_id"] not in scope:
            raise ApiError(404, "not_found", f"No provider {provider_id!r} in this account.")
        con.execute(q("leads_provider_block"), (int(blocked), reason, now_iso(), provider_id))
        action = "provider.blocked" if blocked else "provider.unblocked"
        _log(con, principal, row["account_id"], action, provider_id=provider_id, reason=reason)
    return _item(con.execute(q("leads_provider_get"), (provider_id,)).fetchone())


@get(
    "/v1/providers",
    opt={"permission": "providers.read"},
    sync_to_thread=True,
    summary="Providers of this account (admin key)",
    tags=TAGS,
)
def api_list_providers(
    hub: NamedDependency[Hub], principal: NamedDependency[ApiPrincipal]
) -> dict[str, Any]:
    return list_providers(hub.con(), principal)


@post(
    "/v1/providers",
    opt={"permission": "providers.write"},
    sync_to_thread=True,
    summary="Create a provider and its API key, shown once (admin key)",
    tags=TAGS,
)
def api_create_provider(
    hub: NamedDependency[Hub],
    principal: NamedDependency[ApiPrincipal],
    data: JSONBody[dict[str, Any]],
) -> dict[str, Any]:
    return create_provider(hub.con(), principal, data)


@patch(
    "/v1/providers/{provider_id:str}",
    opt={"permission": "providers.write"},
    sync_to_thread=True,
    summary="Block or unblock a provider (admin key)",
    tags=TAGS,
)
def api_update_provider(
    hub: NamedDependency[Hub],
    principal: NamedDependency[ApiPrincipal],
    provider_id: FromPath[str],
    data: JSONBody[dict[str, Any]],
) -> dict[str, Any]:
    return update_provider(hub.con(), principal, provider_id, data)


routes: list[HTTPRouteHandler] = [api_list_providers, api_create_provider, api_update_provider]
