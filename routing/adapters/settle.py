"""What an attempt's outcome does to a delivery, its lead and the cap — shared by the
per-lead adapters and the daily CSV batch. Call inside the settling transaction.

delivered → lead sold (intercompany transfer price frozen if another entity produced it);
dead → alert in the activity log; rejected or duplicate → the cap unit (and a prepaid buyer's
money) is given back and the lead goes back to routing (that buyer now has a delivery row, so it
is not chosen again).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from cryptography.fernet import InvalidToken

from hub.db import iso, sql, utcnow
from hub.errors import ApiError
from hub.rules import outbox, prepaid
from hub.rules.facts import cap_period
from routing import breaker, claims
from routing.adapters import Attempt
from routing.claims import Job
from routing.queries import q
from routing.retry import RetryPolicy

FINAL = ("delivered", "rejected", "duplicate", "dead")


def deferral(gate: breaker.Admission, since: datetime, policy: RetryPolicy) -> datetime | None:
    """While a breaker is open: when to come back (never past the give-up deadline), or None
    when the deadline has passed (the job gives up without calling the endpoint)."""
    deadline = since + timedelta(seconds=policy.give_up_after)
    if utcnow() >= deadline:
        return None
    return min(gate.retry_at or utcnow(), deadline)


def record_attempt(
    con: sqlite3.Connection,
    ctx: Mapping[str, Any],
    attempt: Attempt,
    outcome: str,
    now: datetime,
) -> None:
    """One ``delivery_attempts`` row and the delivery's counters. A possibly duplicated send
    (ambiguous failure) to a buyer that does not dedupe is flagged and alerted once."""
    con.execute(
        q("attempt_insert"),
        {
            "delivery_id": ctx["delivery_id"],
            "attempt_no": ctx["delivery_attempts"] + 1,
            "started_at": iso(attempt.started),
            "duration_ms": attempt.duration_ms,
            "status_code": attempt.status_code,
            "error": attempt.error,
            "outcome": outcome,
            "ambiguous": int(attempt.ambiguous),
        },
    )
    flag = attempt.ambiguous and not ctx["dedupes"] and not ctx["possible_duplicate"]
    con.execute(
        q("delivery_attempted"),
        {
            "error": attempt.error,
            "now": iso(now),
            "flag": int(flag),
            "delivery_id": ctx["delivery_id"],
        },
    )
    if flag:
        alert(con, ctx, "delivery.possible_duplicate", attempt.error, now)


def misconfiguration(exc: Exception) -> str:
    """What is wrong with a buyer's settings, in words (never the secret itself)."""
    if isinstance(exc, InvalidToken):
        return "webhook secret cannot be decrypted with this server's key"
    if isinstance(exc, ApiError):
        return f"delivery settings: {exc.message}"
    return f"webhook secret: {exc}"


def park(
    con: sqlite3.Connection,
    job: Job,
    worker: str,
    ctx: Mapping[str, Any],
    error: str,
    until: datetime,
    now: datetime,
) -> bool:
    """A delivery whose buyer's settings cannot work: flag the buyer (its commandes are skipped),
    say why on the lead, and park the job until the give-up time (fixing the settings wakes it).
    True when this attempt flagged the buyer (then it is alerted once)."""
    cur = con.execute(
        q("buyer_misconfigured"),
        {"error": error[:500], "now": iso(now), "buyer_id": ctx["buyer_id"]},
    )
    first = cur.rowcount == 1
    if first:
        alert(con, ctx, "buyer.misconfigured", error, now)
    con.execute(
        q("lead_reason"),
        {
            "reason": f"waiting: {ctx['buyer_name']} misconfigured ({error})"[:500],
            "now": iso(now),
            "lead_id": ctx["lead_id"],
        },
    )
    claims.reschedule(con, job, worker, until, error)
    return first


def alert(
    con: sqlite3.Connection, ctx: Mapping[str, Any], action: str, error: str | None, now: datetime
) -> None:
    detail = {
        "lead_id": ctx["lead_id"],
        "buyer_id": ctx["buyer_id"],
        "error": error,
        "attempts": ctx["delivery_attempts"] + 1,
    }
    con.execute(
        q("activity_insert"),
        {
            "account_id": ctx["buyer_account_id"],
            "action": action,
            "subject": ctx["delivery_id"],
            "detail": json.dumps(detail, ensure_ascii=False),
            "created_at": iso(now),
        },
    )


def finalize(
    con: sqlite3.Connection, ctx: Mapping[str, Any], status: str, error: str | None, now: datetime
) -> bool:
    """Give the delivery its final status, once (False: another worker already did)."""
    assert status in FINAL, status
    cur = con.execute(
        q("delivery_finalize"),
        {
            "status": status,
            "delivered_at": iso(now) if status == "delivered" else None,
            "delivery_id": ctx["delivery_id"],
        },
    )
    if cur.rowcount != 1:
        return False
    lead_id = ctx["lead_id"]
    if status == "delivered":
        con.execute(q("lead_sold"), {"now": iso(now), "lead_id": lead_id})
        if ctx["producer_entity"] != ctx["seller_entity"]:
            con.execute(
                q("delivery_transfer"),
                {
                    "product_code": ctx["product_code"],
                    "producer": ctx["producer_entity"],
                    "seller": ctx["seller_entity"],
                    "delivery_id": ctx["delivery_id"],
                },
            )
        return True
    alert(con, ctx, f"delivery.{status}", error, now)
    if status == "dead":
        con.execute(
            q("lead_reason"),
            {
                "reason": f"delivery to {ctx['buyer_name']} dead: {error}"[:500],
                "now": iso(now),
                "lead_id": lead_id,
            },
        )
        return True
    # Rejected or duplicate: the buyer did not take it; give the unit back and route again.
    created = datetime.fromisoformat(ctx["delivery_created_at"])
    con.execute(
        sql("release_cap"), {"commande_id": ctx["commande_id"], "period": cap_period(created)}
    )
    prepaid.give_back(con, ctx["delivery_id"], now, note=f"delivery {status}")
    cur = con.execute(
        q("lead_unrouted"),
        {
            "reason": f"{status} at {ctx['buyer_name']}: {error}"[:500],
            "now": iso(now),
            "lead_id": lead_id,
        },
    )
    if cur.rowcount == 1:
        outbox.enqueue(con, "route", lead_id, now)
    return True
