"""The ``route`` job: pick the commande(s) for a lead and reserve their caps, in one transaction.

Everything happens in one BEGIN IMMEDIATE transaction: reading the cap usage, reserving a unit
in every Paris period of a commande (day, week, month: all or none, through a savepoint),
creating the delivery rows (price frozen) and their deliver jobs, the decision log and the lead
status. A prepaid buyer's price is drawn from its balance in the same savepoint as the caps
(never a negative balance, whatever the number of routers). Selection itself is
:func:`hub.rules.select.plan`, shared with ``simulate``.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from hub.calendar import period_keys
from hub.db import iso, new_id, transaction
from hub.rules import outbox, prepaid
from hub.rules.backlog import BacklogPolicy, Mode, PastSale, UnroutedRetry, classify
from hub.rules.facts import (
    DEDUPE_WINDOW,
    account_archived,
    consent_buyers,
    lead_facts,
    past_sales,
    source_block,
)
from hub.rules.select import (
    Candidate,
    LeadFacts,
    Plan,
    Reserve,
    Row,
    Usage,
    plan,
    reservations,
    unpaid_reason,
)
from routing import claims
from routing.claims import Job
from routing.queries import q
from routing.selection import CommandeCache, Compiled

__all__ = ["RouteResult", "route_lead"]

ROUTABLE_STATUSES = ("new", "unrouted", "held", "sold")
DEFAULT_SEED = ""


@dataclass(frozen=True, slots=True)
class RouteResult:
    outcome: str  # routed | unrouted | held | skipped | lost
    delivery_id: str | None = None
    commande_id: str | None = None
    deliver_job: Job | None = None  # already claimed by the routing worker
    delivery_ids: tuple[str, ...] = ()


def _candidates(
    con: sqlite3.Connection, lead: sqlite3.Row, compiled: Compiled, now: datetime
) -> list[Candidate]:
    """The compiled commandes with this lead's facts about each (usage, balance, past sales)."""
    params = {
        **period_keys(now),
        "lead_id": lead["id"],
        "phone": lead["phone_e164"],
        "product": lead["product_code"],
        "since": iso(now - DEDUPE_WINDOW),
    }
    out = []
    for r in con.execute(q("candidates"), params):
        used = {k: r[f"used_{k}"] for k in ("day", "week", "month")}
        used.update({f"lb-{k}": r[f"used_lb_{k}"] for k in ("day", "week", "month")})
        usage = Usage(
            used,
            bool(r["buyer_has_lead"]),
            bool(r["buyer_bought_phone"]),
            int(r["prepaid_balance_cents"]),
        )
        out.append(Candidate(compiled.commandes[r["id"]], usage))
    return out


def _sql_reserver(con: sqlite3.Connection, lead: LeadFacts, now: datetime) -> Reserve:
    def reserve(cand: Candidate) -> str | None:
        """One unit in every period bucket of the commande and, for a prepaid buyer, the price
        from its balance: all or none (savepoint)."""
        con.execute("SAVEPOINT reserve")
        failed = None
        for period, cap, why in reservations(lead, cand.commande, now):
            params = {"commande_id": cand.commande.id, "period": period, "cap": cap}
            if con.execute(q("reserve_cap"), params).rowcount != 1:
                failed = why
                break
        price = _prepaid_price(cand, lead.backlog)
        if failed is None and price and not prepaid.draw(con, cand.commande.buyer_id, price, now):
            failed = unpaid_reason(prepaid.balance(con, cand.commande.buyer_id), price)
        if failed:
            con.execute("ROLLBACK TO reserve")
        con.execute("RELEASE reserve")
        return failed

    return reserve


def _prepaid_price(cand: Candidate, backlog: bool) -> int:
    """What a sale to this commande draws from a prepaid balance (0: nothing)."""
    return cand.commande.price(backlog) if cand.commande.prepaid else 0


def _record(con: sqlite3.Connection, lead: sqlite3.Row, rows: list[Row], now: datetime) -> None:
    """Write this batch of decisions, unless it repeats the lead's previous batch exactly."""
    if lead["status"] in ("unrouted", "sold", "held"):
        last = con.execute(q("last_decisions"), {"lead_id": lead["id"]}).fetchall()
        if sorted(rows, key=str) == sorted(
            ((r["commande_id"], r["outcome"], r["reason"]) for r in last), key=str
        ):
            return
    con.executemany(
        q("decision_insert"),
        [
            {
                "lead_id": lead["id"],
                "commande_id": cid,
                "outcome": outcome,
                "reason": reason,
                "created_at": iso(now),
            }
            for cid, outcome, reason in rows
        ],
    )


def _set_lead(
    con: sqlite3.Connection, lead_id: str, status: str, reason: str | None, now: datetime
) -> None:
    con.execute(
        q("lead_set_status"),
        {"status": status, "reason": reason, "now": iso(now), "lead_id": lead_id},
    )


def _hold(con: sqlite3.Connection, lead: sqlite3.Row) -> tuple[str, str] | None:
    """(status reason, decision reason) when the lead must wait: its account is archived
    (released by unarchiving) or its source blocked (released by unblocking)."""
    archived = account_archived(con, lead["account_id"])
    if archived is not None:
        return "account_archived", archived
    blocked = source_block(con, lead)
    if blocked is not None and lead["status"] != "sold":
        return "source_blocked", str(blocked["reason"])
    return None


def _mode(lead: sqlite3.Row, sales: list[sqlite3.Row], now: datetime) -> Mode:
    past = [
        PastSale(s["status"], datetime.fromisoformat(s["created_at"]), s["sale_kind"])
        for s in sales
    ]
    created = datetime.fromisoformat(lead["created_at"])
    return classify(BacklogPolicy(), lead["status"], created, past, now)


def _sell(
    con: sqlite3.Connection,
    lead: sqlite3.Row,
    chosen: Plan,
    backlog: bool,
    worker: str,
    now: datetime,
    lease_seconds: float,
) -> RouteResult:
    ids: list[str] = []
    first_job: Job | None = None
    for cand in chosen.selected:
        c = cand.commande
        delivery_id = new_id("dlv")
        con.execute(
            q("delivery_insert"),
            {
                "id": delivery_id,
                "lead_id": lead["id"],
                "buyer_id": c.buyer_id,
                "commande_id": c.id,
                "price_cents": c.price(backlog),
                "sale_kind": "backlog" if backlog else "fresh",
                "now": iso(now),
            },
        )
        price = _prepaid_price(cand, backlog)
        if price:
            prepaid.record_sale(con, c.buyer_id, delivery_id, price, now)
        if first_job is None:
            first_job = claims.enqueue_claimed(
                con, "deliver", delivery_id, worker, now, lease_seconds
            )
        else:
            outbox.enqueue(con, "deliver", delivery_id, now)
        ids.append(delivery_id)
    if lead["status"] != "sold":
        _set_lead(con, lead["id"], "routed", None, now)
    first = chosen.selected[0].commande.id
    return RouteResult("routed", ids[0], first, first_job, tuple(ids))


def route_lead(
    con: sqlite3.Connection,
    job: Job,
    worker: str,
    now: datetime,
    lease_seconds: float = 60.0,
    *,
    seed: str = DEFAULT_SEED,
    retry: UnroutedRetry | None = None,
    cache: CommandeCache | None = None,
) -> RouteResult:
    """Route one lead; every write (caps, deliveries, deliver jobs, decisions, lead) or none.

    The first new deliver job is returned claimed by this worker, so it can be run at once.
    ``cache``: the process's compiled commandes (without one, they are compiled for this lead)."""
    with transaction(con):
        if not claims.holds(con, job, worker):
            return RouteResult("lost")
        lead = con.execute(q("lead_get"), {"lead_id": job.ref_id}).fetchone()
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
        sales = past_sales(con, lead["id"])
        mode = _mode(lead, sales, now)
        if mode.kind == "none":
            claims.complete(con, job, worker, now, error=mode.reason)
            return RouteResult("skipped")
        held = _hold(con, lead)
        if held is not None:
            status_reason, reason = held
            if lead["status"] == "sold":  # a backlog offer of an archived account: not now
                claims.complete(con, job, worker, now, error=reason)
                return RouteResult("skipped")
            _record(con, lead, [(None, "held", reason)], now)
            _set_lead(con, lead["id"], "held", status_reason, now)
            claims.complete(con, job, worker, now, error=reason)
            return RouteResult("held")
        compiled = (cache or CommandeCache()).get(con)
        backlog = mode.kind == "backlog"
        facts = lead_facts(lead, compiled.entities, consent_buyers(con, lead), sales, backlog)
        cands = _candidates(con, lead, compiled, now)
        chosen = plan(facts, cands, now, seed, _sql_reserver(con, facts, now))
        rows = ([(None, "backlog", mode.reason)] if backlog else []) + chosen.rows
        if chosen.selected:
            result = _sell(con, lead, chosen, backlog, worker, now, lease_seconds)
            _record(con, lead, rows, now)
            claims.complete(con, job, worker, now)
            return result
        rows.append((None, "unrouted", "no eligible commande"))
        _record(con, lead, rows, now)
        if lead["status"] == "sold":  # a backlog offer nobody took: try again another day
            claims.complete(con, job, worker, now, error="no backlog commande took it")
            return RouteResult("unrouted")
        _set_lead(con, lead["id"], "unrouted", "no eligible commande", now)
        wake = min((w for w in (chosen.wake_at, mode.wake_at) if w is not None), default=None)
        at = (retry or UnroutedRetry()).next_at(job.attempts, now, wake)
        claims.reschedule(con, job, worker, at, "no eligible commande")
        return RouteResult("unrouted")
