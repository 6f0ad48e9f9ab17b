"""The delivery queue — for API v1, the CLI and the dashboard: deliveries pending, retrying (next
attempt time, last error) and dead letters; per buyer, its breaker, success rate and p95 latency
over 24 h; and the bulk requeue of dead letters once the buyer is fixed.

A delivery belongs to its buyer's account: another tenant's delivery, buyer or account is a 404
(a requeue naming one requeues nothing). A requeued dead letter is the same delivery (same
idempotency key: a buyer that already holds it answers with its first answer) with its retry
window restarted; requeueing one that is no longer dead changes nothing (idempotent). Each
requeue is logged in the activity log, in the requeue's transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from hub.db import iso, sql, transaction
from hub.errors import ApiError, FieldError
from hub.rules import outbox
from hub.rules.endpoint import buyer_endpoint
from hub.services.actor import Actor, log_change
from hub.services.fields import Fields, not_found
from hub.settings import Settings

STATUSES = ("pending", "retrying", "dead")
STATS_WINDOW = timedelta(hours=24)
MAX_REQUEUE = 500


def _scope(actor: Actor) -> dict[str, Any]:
    return {"every": int(actor.accounts is None), "scope": json.dumps(sorted(actor.accounts or ()))}


def _filters(
    con: sqlite3.Connection, actor: Actor, buyer_id: str | None, account_id: str | None
) -> dict[str, Any]:
    """The buyer and account filters, each a 404 when outside the actor's accounts."""
    if account_id is not None and not actor.sees(account_id):
        raise not_found("account", account_id)
    if buyer_id is not None:
        row = con.execute(sql("buyer_account"), {"buyer_id": buyer_id}).fetchone()
        if row is None or not actor.sees(row["account_id"]):
            raise not_found("buyer", buyer_id)
    return {"buyer_id": buyer_id, "account_id": account_id, **_scope(actor)}


def list_deliveries(
    con: sqlite3.Connection,
    actor: Actor,
    status: str,
    *,
    buyer_id: str | None = None,
    account_id: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> dict[str, Any]:
    """One page of the deliveries in ``status`` (pending, retrying, dead), oldest first, with
    the total; a retrying one has its ``next_attempt_at`` and ``last_error``."""
    actor.require("leads.read")
    if status not in STATUSES:
        listed = ", ".join(STATUSES)
        raise ApiError(
            422,
            "invalid_query",
            f"status must be one of: {listed}.",
            [
                FieldError(
                    "status",
                    "invalid_choice",
                    f"Valeurs possibles : {listed}.",
                    f"One of {listed}.",
                )
            ],
        )
    params = {"status": status, **_filters(con, actor, buyer_id, account_id)}
    total = con.execute(sql("deliveries_queue_count"), params).fetchone()[0]
    rows = con.execute(sql("deliveries_queue"), {**params, "offset": offset, "limit": limit})
    return {"items": [dict(r) for r in rows], "total": total, "offset": offset, "limit": limit}


def _breaker(row: Mapping[str, Any] | None, now: datetime) -> dict[str, Any]:
    """A breaker as the queue shows it: an open one whose cool-down is over lets one probe by."""
    if row is None:
        return {"state": "closed", "failures": 0, "open_until": None}
    state = row["state"]
    if state == "open" and row["open_until"] and datetime.fromisoformat(row["open_until"]) <= now:
        state = "half_open"
    return {"state": state, "failures": row["failures"], "open_until": row["open_until"]}


def buyer_stats(
    con: sqlite3.Connection,
    actor: Actor,
    settings: Settings,
    now: datetime,
    *,
    buyer_id: str | None = None,
    account_id: str | None = None,
) -> dict[str, Any]:
    """Per active buyer: its breaker; the calls made to it over the last 24 h (attempts refused
    by its open breaker called nobody), their success rate and p95 latency in ms (``None``
    without calls); how many of its deliveries are pending, retrying, dead."""
    actor.require("leads.read")
    since = now - STATS_WINDOW
    params = {"since": iso(since), **_filters(con, actor, buyer_id, account_id)}
    breakers = {r["endpoint"]: dict(r) for r in con.execute(sql("breakers_all"))}
    items = []
    for row in con.execute(sql("delivery_buyer_stats"), params):
        item = dict(row)
        url = item.pop("webhook_url") or ""
        key = buyer_endpoint(item["delivery_mode"], url, settings.smtp_host, settings.smtp_port)
        calls = item["calls"]
        item["success_rate"] = round(item["delivered"] / calls, 4) if calls else None
        item["breaker"] = {"endpoint": key, **_breaker(breakers.get(key), now)}
        items.append(item)
    return {"since": iso(since), "until": iso(now), "items": items, "total": len(items)}


def requeue(con: sqlite3.Connection, actor: Actor, payload: Any, now: datetime) -> dict[str, Any]:
    """Requeue the dead letters ``payload["ids"]`` (at most 500) in one transaction: each is
    pending again with its retry window restarted, a deliver job queued and the change logged.
    One id unknown or of another tenant: 404, nothing requeued. One no longer dead: left as it
    is (listed in ``unchanged`` with its status)."""
    actor.require("leads.operate")
    f = Fields(payload, {"ids"})
    ids = f.ids("ids", required=True)
    if len(ids) > MAX_REQUEUE:
        f.add("ids", "too_many", f"{MAX_REQUEUE} au plus.", f"At most {MAX_REQUEUE} ids.")
    f.check()
    requeued: list[str] = []
    unchanged: list[dict[str, str]] = []
    with transaction(con):
        found = {
            r["id"]: r for r in con.execute(sql("deliveries_by_ids"), {"ids": json.dumps(ids)})
        }
        for delivery_id in ids:
            row = found.get(delivery_id)
            if row is None or not actor.sees(row["account_id"]):
                raise not_found("delivery", delivery_id)
        for delivery_id in ids:
            row = found[delivery_id]
            cur = con.execute(
                sql("delivery_requeue"), {"delivery_id": delivery_id, "now": iso(now)}
            )
            if cur.rowcount != 1:
                unchanged.append({"id": delivery_id, "status": row["status"]})
                continue
            outbox.enqueue(con, "deliver", delivery_id, now)
            detail = {
                "lead_id": row["lead_id"],
                "buyer_id": row["buyer_id"],
                "last_error": row["last_error"],
                "before": {"status": row["status"]},
                "after": {"status": "pending"},
            }
            log_change(con, actor, "delivery.requeue", delivery_id, row["account_id"], detail, now)
            requeued.append(delivery_id)
    return {"requeued": requeued, "unchanged": unchanged}
