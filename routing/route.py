"""The ``route`` job: pick a commande for a lead and reserve its cap, in one transaction."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hub.db import iso, new_id, transaction
from routing import claims
from routing.claims import Job
from routing.queries import q
from routing.select import Candidate, Verdict, evaluate

PARIS = ZoneInfo("Europe/Paris")
ROUTABLE_STATUSES = ("new", "unrouted")
UNROUTED_RETRY = timedelta(seconds=60)
RESALE_WINDOW = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class RouteResult:
    outcome: str  # routed | unrouted | skipped | lost
    delivery_id: str | None = None
    commande_id: str | None = None
    deliver_job: Job | None = None  # already claimed by the routing worker


def cap_period(now: datetime) -> str:
    """The daily cap bucket: the Europe/Paris calendar day (never the UTC one)."""
    return "day:" + now.astimezone(PARIS).date().isoformat()


def _candidates(con: sqlite3.Connection, lead: sqlite3.Row, now: datetime) -> list[Candidate]:
    params = {
        "period": cap_period(now),
        "lead_id": lead["id"],
        "phone": lead["phone_e164"],
        "product": lead["product_code"],
        "since": iso(now - RESALE_WINDOW),
    }
    return [
        Candidate(
            commande_id=r["commande_id"],
            buyer_id=r["buyer_id"],
            product_code=r["product_code"],
            departements=r["departements"],
            daily_cap=r["daily_cap"],
            price_cents=r["price_cents"],
            priority=r["priority"],
            active=bool(r["active"]),
            buyer_active=bool(r["buyer_active"]),
            used_today=r["used_today"],
            buyer_has_lead=bool(r["buyer_has_lead"]),
            buyer_bought_phone=bool(r["buyer_bought_phone"]),
        )
        for r in con.execute(q("candidates"), params)
    ]


def _reserve(con: sqlite3.Connection, c: Candidate, now: datetime) -> bool:
    params = {"commande_id": c.commande_id, "period": cap_period(now), "cap": c.daily_cap}
    return con.execute(q("reserve_cap"), params).rowcount == 1


def _record(
    con: sqlite3.Connection,
    lead: sqlite3.Row,
    rows: list[tuple[str | None, str, str]],
    now: datetime,
) -> None:
    """Write this batch of decisions, unless it repeats the lead's previous batch exactly."""
    if lead["status"] == "unrouted":
        last = con.execute(q("last_decisions"), {"lead_id": lead["id"]}).fetchall()
        if sorted(rows, key=str) == sorted(
            ((r["commande_id"], r["outcome"], r["reason"]) for r in last), key=str
        ):
            return
    con.executemany(
        "INSERT INTO routing_decisions (lead_id, commande_id, outcome, reason, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [(lead["id"], cid, outcome, reason, iso(now)) for cid, outcome, reason in rows],
    )


def _set_lead(
    con: sqlite3.Connection, lead_id: str, status: str, reason: str | None, now: datetime
) -> None:
    con.execute(
        "UPDATE leads SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?",
        (status, reason, iso(now), lead_id),
    )


def _choose(
    con: sqlite3.Connection, verdicts: list[Verdict], now: datetime
) -> tuple[Candidate | None, list[tuple[str | None, str, str]]]:
    selected: Candidate | None = None
    rows: list[tuple[str | None, str, str]] = []
    for v in verdicts:
        c = v.candidate
        if v.reason is not None:
            rows.append((c.commande_id, "skipped", v.reason))
        elif selected is not None:
            rows.append(
                (c.commande_id, "skipped", f"eligible, but {selected.commande_id} comes first")
            )
        elif _reserve(con, c, now):
            selected = c
            rows.append((c.commande_id, "selected", f"priority {c.priority}, first eligible"))
        else:
            rows.append((c.commande_id, "skipped", f"daily cap {c.daily_cap} reached"))
    return selected, rows


def route_lead(
    con: sqlite3.Connection, job: Job, worker: str, now: datetime, lease_seconds: float = 60.0
) -> RouteResult:
    """Route one lead; every write (cap, delivery, deliver job, decisions, lead) or none.

    The new deliver job is returned claimed by this worker, so it can be run at once."""
    with transaction(con):
        if not claims.holds(con, job, worker):
            return RouteResult("lost")
        lead = con.execute("SELECT * FROM leads WHERE id = ?", (job.ref_id,)).fetchone()
        if lead is None:
            claims.complete(con, job, worker, now, error="lead not found")
            return RouteResult("skipped")
        if lead["status"] not in ROUTABLE_STATUSES:
            claims.complete(con, job, worker, now, error=f"lead is {lead['status']}")
            return RouteResult("skipped")
        if lead["phone_class"] == "invalid":
            _record(con, lead, [(None, "unrouted", "phone invalid: not routable")], now)
            _set_lead(con, lead["id"], "invalid", "phone invalid: not routable", now)
            claims.complete(con, job, worker, now, error="phone invalid")
            return RouteResult("skipped")
        verdicts = evaluate(lead["product_code"], lead["departement"], _candidates(con, lead, now))
        selected, rows = _choose(con, verdicts, now)
        if selected is None:
            rows.append((None, "unrouted", "no eligible commande"))
            _record(con, lead, rows, now)
            _set_lead(con, lead["id"], "unrouted", "no eligible commande", now)
            claims.reschedule(con, job, worker, now + UNROUTED_RETRY, "no eligible commande")
            return RouteResult("unrouted")
        delivery_id = new_id("dlv")
        con.execute(
            "INSERT INTO deliveries (id, lead_id, buyer_id, commande_id, price_cents, status,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)",
            (
                delivery_id,
                lead["id"],
                selected.buyer_id,
                selected.commande_id,
                selected.price_cents,
                iso(now),
                iso(now),
            ),
        )
        deliver = claims.enqueue_claimed(con, "deliver", delivery_id, worker, now, lease_seconds)
        _record(con, lead, rows, now)
        _set_lead(con, lead["id"], "routed", None, now)
        claims.complete(con, job, worker, now)
        return RouteResult("routed", delivery_id, selected.commande_id, deliver)
