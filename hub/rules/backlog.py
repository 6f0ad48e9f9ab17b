"""Leads that wait: when an unrouted lead is tried again, and backlog ("LB") resale.

A lead unsold after ``unsold_after`` (8 days), or whose last sale is older than
``resale_after`` (30 days), is offered as backlog to commandes that take backlog leads, never
twice to the same buyer (``deliveries`` is unique per lead and buyer). Leads older than
``max_age`` are no longer offered. Unrouted leads keep their ``route`` job and are tried again
at the earliest of: a skipped commande opening (calendar, validity, cap period), the lead
turning backlog, or a growing safety delay; a commande saved through the API or the CLI wakes
them at once (:func:`wake`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from hub.calendar import period_key
from hub.db import iso, sql, transaction
from hub.rules import outbox, prepaid

LIVE = ("pending", "delivered")
WAITING = ("new", "unrouted", "held")


@dataclass(frozen=True, slots=True)
class BacklogPolicy:
    unsold_after: timedelta = timedelta(days=8)
    resale_after: timedelta = timedelta(days=30)
    max_age: timedelta = timedelta(days=90)


@dataclass(frozen=True, slots=True)
class Mode:
    kind: str  # fresh | backlog | none
    reason: str
    wake_at: datetime | None = None  # when the lead changes mode (fresh → backlog)


@dataclass(frozen=True, slots=True)
class PastSale:
    status: str
    created_at: datetime
    sale_kind: str


def classify(
    policy: BacklogPolicy,
    status: str,
    created_at: datetime,
    sales: Sequence[PastSale],
    now: datetime,
) -> Mode:
    """How the lead may be sold now: fresh, as backlog, or not at all (with why)."""
    age = now - created_at
    if age >= policy.max_age:
        return Mode("none", f"older than {policy.max_age.days} days: no longer offered")
    live = [s for s in sales if s.status in LIVE]
    if status in WAITING:
        if age >= policy.unsold_after and not any(s.status == "delivered" for s in sales):
            return Mode("backlog", f"unsold after {policy.unsold_after.days} days: backlog (LB)")
        return Mode("fresh", "fresh lead", created_at + policy.unsold_after)
    if status == "sold" and live:
        last = max(s.created_at for s in live)
        if now - last >= policy.resale_after:
            days = policy.resale_after.days
            return Mode("backlog", f"sold more than {days} days ago: backlog (LB)")
        return Mode("none", f"sold on {last.date().isoformat()}: not yet backlog")
    return Mode("none", f"lead is {status}")


@dataclass(frozen=True, slots=True)
class UnroutedRetry:
    """Safety net for unrouted leads (changes we are not told about): 1 min, doubling, ≤ 1 h."""

    first: timedelta = timedelta(seconds=60)
    longest: timedelta = timedelta(hours=1)

    def next_at(self, attempts: int, now: datetime, wake_at: datetime | None) -> datetime:
        delay = min(self.longest, self.first * 2 ** min(max(0, attempts - 1), 20))
        at = now + delay
        return at if wake_at is None or wake_at > at else max(wake_at, now)


def wake(con: sqlite3.Connection, product_code: str, now: datetime) -> int:
    """Make every waiting route job of this product due now (call after a commande change,
    inside its transaction). Jobs leased by a worker are left to it."""
    cur = con.execute(sql("wake_unrouted"), {"product": product_code, "now": iso(now)})
    return cur.rowcount


def sweep(
    con: sqlite3.Connection,
    now: datetime,
    policy: BacklogPolicy | None = None,
    *,
    product_code: str | None = None,
    force: bool = False,
    limit: int = 500,
) -> int:
    """Queue a route job for each sold lead due for backlog resale, when some active commande
    takes backlog leads of its product. A lead is offered at most once a day unless ``force``."""
    policy = policy or BacklogPolicy()
    params = {
        "min_created": iso(now - policy.max_age),
        "resale_before": iso(now - policy.resale_after),
        "offer_before": iso(now - timedelta(days=1)),
        "product": product_code,
        "force": int(force),
        "limit": limit,
    }
    if not con.execute(sql("backlog_due"), params).fetchall():  # cheap read before the write lock
        return 0
    with transaction(con):
        leads = [r[0] for r in con.execute(sql("backlog_due"), params).fetchall()]
        for lead_id in leads:
            outbox.enqueue(con, "route", lead_id, now)
            con.execute(sql("backlog_offer_record"), {"lead_id": lead_id, "now": iso(now)})
    return len(leads)


class OpsConflict(Exception):
    """The lead is not in a state this operation applies to (the API answers 409)."""


def _route_now(con: sqlite3.Connection, lead_id: str, now: datetime) -> None:
    cur = con.execute(sql("route_job_due_now"), {"lead_id": lead_id, "now": iso(now)})
    pending = con.execute(sql("route_job_pending"), {"lead_id": lead_id}).fetchone()
    if cur.rowcount == 0 and pending is None:
        outbox.enqueue(con, "route", lead_id, now)


def requeue(con: sqlite3.Connection, lead_id: str, now: datetime) -> dict[str, object]:
    """Dead deliveries of the lead are tried again (same delivery, same idempotency key); a
    waiting lead (new, unrouted, held) is routed now."""
    with transaction(con):
        lead = con.execute(sql("lead_status"), {"lead_id": lead_id}).fetchone()
        if lead is None:
            raise LookupError(lead_id)
        dead = [r[0] for r in con.execute(sql("lead_dead_deliveries"), {"lead_id": lead_id})]
        if dead:
            for delivery_id in dead:
                con.execute(sql("delivery_requeue"), {"delivery_id": delivery_id, "now": iso(now)})
                outbox.enqueue(con, "deliver", delivery_id, now)
            return {"lead_id": lead_id, "action": "deliver", "deliveries": dead}
        if lead["status"] not in WAITING:
            raise OpsConflict(f"lead is {lead['status']} with no dead delivery: nothing to requeue")
        _route_now(con, lead_id, now)
        return {"lead_id": lead_id, "action": "route", "deliveries": []}


def reroute(con: sqlite3.Connection, lead_id: str, now: datetime) -> dict[str, object]:
    """Take the lead back from its pending or dead deliveries (their buyers are then excluded,
    their cap units given back) and route it again now. A delivered lead must be returned first."""
    with transaction(con):
        sales = con.execute(sql("lead_deliveries"), {"lead_id": lead_id}).fetchall()
        if any(s["status"] == "delivered" and not s["returned"] for s in sales):
            raise OpsConflict("lead was delivered: return it before rerouting")
        taken = [s for s in sales if s["status"] in ("pending", "dead")]
        for s in taken:
            taken_back = {"delivery_id": s["id"], "now": iso(now)}
            con.execute(sql("delivery_reject_rerouted"), taken_back)
            day = period_key(datetime.fromisoformat(s["created_at"]), "day")
            con.execute(sql("release_cap"), {"commande_id": s["commande_id"], "period": day})
            prepaid.give_back(con, s["id"], now, actor="lead ops", note="rerouted by lead ops")
            con.execute(sql("deliver_job_cancel_rerouted"), taken_back)
        con.execute(sql("lead_unrouted_rerouted"), {"lead_id": lead_id, "now": iso(now)})
        _route_now(con, lead_id, now)
        return {"lead_id": lead_id, "action": "route", "taken_back": [s["id"] for s in taken]}
