"""API keys: list (prefix, role, dates; never the key), create (the key is shown once), update
(name, role), revoke.

A key belongs to one account and acts with its own role on that account and its sub-accounts
(a super_admin key on every account). Admins manage the keys of their accounts and never give a
key a role above their own; a revoked key gets 401 at once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.db import iso, sql, transaction
from hub.errors import ApiError
from hub.security import issue_api_key
from hub.services.actor import ROLES, Actor, log_change
from hub.services.fields import Fields, choice_filter, page, visible
from hub.services.users import check_accounts

DEFAULT_ROLE = "admin"


def list_keys(
    con: sqlite3.Connection,
    actor: Actor,
    offset: int = 0,
    limit: int = 50,
    *,
    account_id: str | None = None,
    role: str | None = None,
    revoked: bool | None = None,
) -> dict[str, Any]:
    """The keys of the actor's accounts, filtered by ``account_id``, ``role`` and ``revoked``."""
    actor.require("keys.read")
    role = choice_filter("role", role, ROLES)
    rows = [
        dict(r)
        for r in con.execute(sql("api_keys_all"))
        if actor.sees(r["account_id"])
        and (account_id is None or r["account_id"] == account_id)
        and (role is None or r["role"] == role)
        and (revoked is None or (r["revoked_at"] is not None) == revoked)
    ]
    return page(rows, offset, limit)


def get_key(con: sqlite3.Connection, actor: Actor, key_id: str) -> dict[str, Any]:
    actor.require("keys.read")
    row = con.execute(sql("api_key_get"), {"id": key_id}).fetchone()
    return dict(visible(actor, row, "API key", key_id))


def insert_key(
    con: sqlite3.Connection, actor: Actor, account_id: str, name: str, role: str, now: datetime
) -> tuple[str, str]:
    """Write a key and its log entry (inside the caller's transaction): ``(id, key)``."""
    key_id, key = issue_api_key(con, account_id, name, role)
    detail = {"name": name, "role": role, "prefix": key[:10]}
    log_change(con, actor, "api_key.created", key_id, account_id, detail, now)
    return key_id, key


def create_key(
    con: sqlite3.Connection, actor: Actor, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """A new key of ``account_id`` with ``name`` and ``role`` (default admin); the answer holds
    the key, shown this once."""
    actor.require("keys.write")
    f = Fields(payload, ("account_id", "name", "role"))
    account_id = f.text("account_id", required=True, max_len=64)
    name = f.text("name", required=True, max_len=100)
    role = f.choice("role", ROLES, default=DEFAULT_ROLE)
    if account_id is not None:
        check_accounts(con, actor, f, [account_id], field="account_id")
    f.check()
    if not actor.may_grant(role):
        raise ApiError(403, "forbidden", f"Role {actor.role!r} may not grant role {role!r}.")
    assert account_id is not None and name is not None
    with transaction(con):
        key_id, key = insert_key(con, actor, account_id, name, role, now)
    return {**get_key(con, actor, key_id), "key": key}


def update_key(
    con: sqlite3.Connection, actor: Actor, key_id: str, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """Rename a key or change its role (the actor may grant both its old and its new role);
    a revoked key cannot change. Logged before → after."""
    actor.require("keys.write")
    current = get_key(con, actor, key_id)
    f = Fields(payload, ("name", "role"), read_only=("id", "account_id", "prefix", "created_at"))
    after = {"name": current["name"], "role": current["role"]}
    if f.given("name"):
        after["name"] = f.text("name", required=True, max_len=100)
    if f.given("role"):
        after["role"] = f.choice("role", ROLES, required=True)
    f.check()
    if current["revoked_at"] is not None:
        raise ApiError(409, "conflict", "This key is revoked: it cannot change.")
    for role in (current["role"], after["role"]):
        if not actor.may_grant(role):
            raise ApiError(403, "forbidden", f"Role {actor.role!r} may not grant role {role!r}.")
    before = {"name": current["name"], "role": current["role"]}
    if after != before:
        with transaction(con):
            con.execute(sql("api_key_update"), {"id": key_id, **after})
            detail = {"prefix": current["prefix"], "before": before, "after": after}
            log_change(con, actor, "api_key.updated", key_id, current["account_id"], detail, now)
    return get_key(con, actor, key_id)


def revoke_key(con: sqlite3.Connection, actor: Actor, key_id: str, now: datetime) -> dict[str, Any]:
    """Revoke a key (401 from now on); revoking twice changes nothing."""
    actor.require("keys.write")
    current = get_key(con, actor, key_id)
    if not actor.may_grant(current["role"]):
        raise ApiError(
            403, "forbidden", f"Role {actor.role!r} may not revoke a {current['role']} key."
        )
    if current["revoked_at"] is None:
        with transaction(con):
            con.execute(sql("api_key_revoke"), {"id": key_id, "now": iso(now)})
            detail = {"name": current["name"], "prefix": current["prefix"]}
            log_change(con, actor, "api_key.revoked", key_id, current["account_id"], detail, now)
    return get_key(con, actor, key_id)
