"""How a buyer receives leads, and manual credits — for API v1, the CLI and the dashboard. Each
takes the acting :class:`~hub.services.actor.Actor`, checks its role and scope (another tenant's
buyer is a 404) and logs the change (secrets never: only whether one changed)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.db import sql, transaction
from hub.errors import ApiError
from hub.rules import delivery_config
from hub.security import SecretBox
from hub.services.actor import Actor, log_change


def _buyer(con: sqlite3.Connection, actor: Actor, buyer_id: str) -> sqlite3.Row:
    row = con.execute(sql("buyer_delivery_get"), {"buyer_id": buyer_id}).fetchone()
    if row is None or not actor.sees(row["account_id"]):
        raise ApiError(404, "buyer_not_found", f"no buyer {buyer_id!r}")
    found: sqlite3.Row = row
    return found


def get_delivery(con: sqlite3.Connection, actor: Actor, buyer_id: str) -> dict[str, Any]:
    """A buyer's delivery settings, never a secret (a URL's query may hold a token: cut)."""
    actor.require("buyers.read")
    out = dict(_buyer(con, actor, buyer_id))
    out.pop("account_id")
    out["delivery_config"] = json.loads(out["delivery_config"])
    out["webhook_url"] = (out["webhook_url"] or "").split("?")[0]
    out["has_auth"] = bool(out["has_auth"])
    return out


def set_delivery(
    con: sqlite3.Connection,
    actor: Actor,
    box: SecretBox,
    buyer_id: str,
    mode: str,
    config: Mapping[str, Any],
    now: datetime,
    **options: Any,
) -> None:
    """Validate and store the buyer's delivery settings (see ``delivery_config.set_delivery``
    for the options), in one transaction with its activity log entry."""
    actor.require("delivery.write")
    account = _buyer(con, actor, buyer_id)["account_id"]
    with transaction(con):
        delivery_config.set_delivery(con, box, buyer_id, mode, config, **options)
        detail = {"mode": mode, "secret_changed": options.get("secret") is not None}
        log_change(con, actor, "buyer.delivery_set", buyer_id, account, detail, now)
