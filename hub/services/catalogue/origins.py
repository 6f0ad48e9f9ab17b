"""The origins allowed to send tracking events for an account: list, add, remove."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.db import sql, transaction
from hub.services.actor import Actor, log_change
from hub.services.catalogue.common import allow, origin_value
from hub.services.fields import Fields, not_found


def _origin_account(con: sqlite3.Connection, actor: Actor, account_id: str) -> None:
    row = con.execute(sql("account_get"), {"id": account_id}).fetchone()
    if row is None or not actor.sees(account_id):
        raise not_found("account", account_id)


def list_origins(
    con: sqlite3.Connection,
    actor: Actor,
    account_id: str,
    offset: int = 0,
    limit: int | None = None,
) -> dict[str, Any]:
    """The account's allowed origins (``limit`` None: every one), with their ``total``."""
    actor.require("catalogue.read")
    _origin_account(con, actor, account_id)
    origins = [r["origin"] for r in con.execute(sql("brief_origins"), {"account_id": account_id})]
    end = None if limit is None else offset + limit
    return {
        "account_id": account_id,
        "origins": origins[offset:end],
        "total": len(origins),
        "offset": offset,
        "limit": limit,
    }


def add_origin(
    con: sqlite3.Connection,
    actor: Actor,
    account_id: str,
    payload: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """Allow ``origin`` (``http(s)://host[:port]``, no path) for the account."""
    actor.require("catalogue.write")
    _origin_account(con, actor, account_id)
    f = Fields(payload, ("origin",))
    origin = origin_value(f)
    f.check()
    assert origin
    with transaction(con):
        allow(con, actor, account_id, [origin], now)
    return list_origins(con, actor, account_id)


def remove_origin(
    con: sqlite3.Connection, actor: Actor, account_id: str, origin: str | None, now: datetime
) -> dict[str, Any]:
    """Stop allowing ``origin`` for the account (removing an absent one changes nothing)."""
    actor.require("catalogue.write")
    _origin_account(con, actor, account_id)
    f = Fields({"origin": origin}, ("origin",))
    value = origin_value(f)
    f.check()
    assert value
    with transaction(con):
        cur = con.execute(sql("origin_delete"), {"account_id": account_id, "origin": value})
        if cur.rowcount:
            log_change(con, actor, "origin.removed", value, account_id, {"origin": value}, now)
    return list_origins(con, actor, account_id)
