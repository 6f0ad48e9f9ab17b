"""Providers: outside suppliers that post leads with their own API key (decision 0017).

List, read, create (with its key, shown once, only its hash stored), change (name, blocked and
why: a blocked provider's leads are held), archive (kept, never deleted: its leads refer to it;
its keys are revoked in the same transaction, so it posts nothing more). Everyone reads the
providers of the accounts it sees (``providers.read``); ops and admins change them
(``providers.write``). Every change is in the activity log (subject: the provider's id).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.db import iso, new_id, sql, transaction
from hub.errors import ApiError, FieldError
from hub.security import hash_api_key, new_api_key
from hub.services.actor import Actor, log_change
from hub.services.fields import Fields, page, visible

FIELDS = ("account_id", "name", "blocked", "blocked_reason")
READ_ONLY = ("id", "created_at", "updated_at", "archived_at")


def _item(row: Mapping[str, Any]) -> dict[str, Any]:
    item = dict(row)
    item["blocked"] = bool(item["blocked"])
    return item


def _row(con: sqlite3.Connection, provider_id: str) -> dict[str, Any] | None:
    row = con.execute(sql("provider_get"), {"id": provider_id}).fetchone()
    return None if row is None else _item(row)


def get_provider(con: sqlite3.Connection, actor: Actor, provider_id: str) -> dict[str, Any]:
    actor.require("providers.read")
    return visible(actor, _row(con, provider_id), "provider", provider_id)


def list_providers(
    con: sqlite3.Connection,
    actor: Actor,
    offset: int = 0,
    limit: int = 50,
    account_id: str | None = None,
    blocked: bool | None = None,
    archived: bool | None = None,
) -> dict[str, Any]:
    actor.require("providers.read")
    rows = [
        _item(r)
        for r in con.execute(sql("providers_all"))
        if actor.sees(r["account_id"])
        and (account_id is None or r["account_id"] == account_id)
        and (blocked is None or bool(r["blocked"]) == blocked)
        and (archived is None or (r["archived_at"] is not None) == archived)
    ]
    return page(rows, offset, limit)


def _blocked(f: Fields) -> bool | None:
    value = f.payload.get("blocked")
    if value is not None and not isinstance(value, bool):
        f.add("blocked", "invalid", "« blocked » : vrai ou faux.", "blocked must be a boolean.")
        return None
    return value


def _name(con: sqlite3.Connection, f: Fields, account_id: str, provider_id: str = "") -> str:
    name = f.text("name", required=True, max_len=100)
    f.check("invalid_provider")
    assert name
    taken = {"account_id": account_id, "name": name, "id": provider_id}
    if con.execute(sql("provider_named"), taken).fetchone():
        fr, en = "Ce fournisseur existe déjà.", "This provider exists."
        raise ApiError(409, "invalid_provider", en, [FieldError("name", "exists", fr, en)])
    return name


def create_provider(
    con: sqlite3.Connection, actor: Actor, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """A provider of an account the actor sees (account_id, name, blocked, blocked_reason) and
    its API key: ``{"provider": …, "api_key": "lh_…"}`` (the key is never shown again)."""
    actor.require("providers.write")
    f = Fields(payload, FIELDS, READ_ONLY)
    account_id = f.text("account_id", required=True, max_len=64)
    if account_id is not None and (
        not actor.sees(account_id)
        or con.execute(sql("account_get"), {"id": account_id}).fetchone() is None
    ):
        f.add(
            "account_id",
            "out_of_scope",
            "Compte inconnu ou hors de portée de cette clé.",
            "Unknown account, or outside this key's accounts.",
        )
    blocked = bool(_blocked(f))
    reason = f.text("blocked_reason", max_len=200) if blocked else None
    name = _name(con, f, account_id or "")
    assert account_id
    provider_id, key = new_id("prv"), new_api_key()
    with transaction(con):
        row = {
            "id": provider_id,
            "account_id": account_id,
            "name": name,
            "blocked": int(blocked),
            "blocked_reason": reason,
            "created_at": iso(now),
        }
        con.execute(sql("provider_insert"), row)
        key_row = {
            "id": new_id("key"),
            "account_id": account_id,
            "name": f"provider {name}",
            "prefix": key[:10],
            "key_hash": hash_api_key(key),
            "created_at": iso(now),
            "provider_id": provider_id,
        }
        con.execute(sql("provider_key_insert"), key_row)
        detail = {**row, "key_id": key_row["id"], "key_prefix": key_row["prefix"]}
        log_change(con, actor, "provider.created", provider_id, account_id, detail, now)
    return {"provider": get_provider(con, actor, provider_id), "api_key": key}


def update_provider(
    con: sqlite3.Connection,
    actor: Actor,
    provider_id: str,
    payload: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """Change name, blocked or blocked_reason (unblocking clears the reason)."""
    actor.require("providers.write")
    current = get_provider(con, actor, provider_id)
    f = Fields(payload, ("name", "blocked", "blocked_reason"), (*READ_ONLY, "account_id"))
    if current["archived_at"] is not None:
        raise ApiError(409, "archived", f"Provider {provider_id!r} is archived.")
    changes: dict[str, Any] = {}
    blocked = _blocked(f)
    if blocked is not None:
        changes["blocked"] = blocked
    if f.given("blocked_reason"):
        changes["blocked_reason"] = f.text("blocked_reason", max_len=200)
    if not changes.get("blocked", current["blocked"]):
        changes["blocked_reason"] = None
    if f.given("name"):
        changes["name"] = _name(con, f, current["account_id"], provider_id)
    f.check("invalid_provider")
    changes = {k: v for k, v in changes.items() if current[k] != v}
    if not changes:
        return current
    action = "provider.updated"
    if "blocked" in changes:
        action = "provider.blocked" if changes["blocked"] else "provider.unblocked"
    return _save(con, actor, current, changes, action, now)


def archive_provider(
    con: sqlite3.Connection, actor: Actor, provider_id: str, now: datetime
) -> dict[str, Any]:
    """Archive a provider and revoke its keys; archiving twice changes nothing."""
    actor.require("providers.write")
    current = get_provider(con, actor, provider_id)
    if current["archived_at"] is not None:
        return current
    return _save(con, actor, current, {"archived_at": iso(now)}, "provider.archived", now)


def _save(
    con: sqlite3.Connection,
    actor: Actor,
    current: dict[str, Any],
    changes: dict[str, Any],
    action: str,
    now: datetime,
) -> dict[str, Any]:
    provider_id = current["id"]
    with transaction(con):
        row = {**current, **changes, "updated_at": iso(now)}
        row["blocked"] = int(row["blocked"])
        con.execute(sql("provider_update"), row)
        detail: dict[str, Any] = {"before": {k: current[k] for k in changes}, "after": changes}
        if "archived_at" in changes:
            revoked = con.execute(
                sql("provider_keys_revoke"), {"provider_id": provider_id, "now": iso(now)}
            )
            detail["revoked_keys"] = sorted(r[0] for r in revoked.fetchall())
        log_change(con, actor, action, provider_id, current["account_id"], detail, now)
    return get_provider(con, actor, provider_id)
