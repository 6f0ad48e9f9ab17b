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
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from hub.db import iso, transaction
from routing import claims
from routing.queries import q

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
    cur = con.execute(q("wake_unrouted"), {"product": product_code, "now": iso(now)})
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
    with transaction(con):
        leads = [r[0] for r in con.execute(q("backlog_due"), params).fetchall()]
        for lead_id in leads:
            claims.enqueue(con, "route", lead_id, now)
            con.execute(
                "INSERT INTO backlog_offers (lead_id, offered_at) VALUES (?, ?)"
                " ON CONFLICT (lead_id) DO UPDATE SET offered_at = excluded.offered_at",
                (lead_id, iso(now)),
            )
    return len(leads)


class Sweeper:
    """Runs :func:`sweep` at most every ``interval`` seconds in this process."""

    def __init__(self, interval: float = 300.0) -> None:
        self.interval = interval
        self._next = 0.0
        self._lock = threading.Lock()

    def due(self) -> bool:
        with self._lock:
            now = time.monotonic()
            if now < self._next:
                return False
            self._next = now + self.interval
            return True
