"""Lead ops: requeue, reroute and return a lead, block or unblock a traffic source — for API v1,
the CLI and the dashboard. Each takes the acting :class:`~hub.services.actor.Actor`, checks its
role and scope (another tenant's lead is a 404) and logs the change in its transaction.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict
from datetime import datetime

from hub.db import iso, sql, transaction
from hub.errors import ApiError
from hub.rules import backlog
from hub.services import returns
from hub.services.actor import Actor, log_change
from hub.services.commandes import invalid


def _lead_account(con: sqlite3.Connection, actor: Actor, lead_id: str) -> str:
    row = con.execute(sql("lead_account"), {"lead_id": lead_id}).fetchone()
    if row is None or not actor.sees(row["account_id"]):
        raise ApiError(404, "not_found", f"No lead {lead_id!r} in this account.")
    return str(row["account_id"])


def _state(con: sqlite3.Connection, lead_id: str) -> dict[str, object]:
    """The lead's status and each of its deliveries' (what a requeue or reroute changes)."""
    lead = con.execute(sql("lead_status"), {"lead_id": lead_id}).fetchone()
    sales = con.execute(sql("lead_deliveries"), {"lead_id": lead_id}).fetchall()
    return {"status": lead["status"], "deliveries": {s["id"]: s["status"] for s in sales}}


def lead_op(
    con: sqlite3.Connection, actor: Actor, lead_id: str, action: str, now: datetime
) -> dict[str, object]:
    """``requeue`` or ``reroute`` one lead (409 when its state does not allow it); the log
    entry holds the lead's and its deliveries' statuses before → after."""
    actor.require("leads.operate")
    account = _lead_account(con, actor, lead_id)
    try:
        with transaction(con):
            before = _state(con, lead_id)
            if action == "requeue":
                done = backlog.requeue(con, lead_id, now)
            else:
                done = backlog.reroute(con, lead_id, now)
            detail = {**done, "before": before, "after": _state(con, lead_id)}
            log_change(con, actor, f"lead.{action}", lead_id, account, detail, now)
    except backlog.OpsConflict as exc:
        raise ApiError(409, "conflict", str(exc)) from None
    return done


def return_lead(
    con: sqlite3.Connection,
    actor: Actor,
    lead_id: str,
    reason: object,
    now: datetime,
    buyer_id: str | None = None,
) -> dict[str, object]:
    """A buyer's return, through the delivery side's ``hub.services.returns.return_lead`` (window,
    credit); ``buyer_id`` says which buyer when the lead was shared."""
    if not isinstance(reason, str) or not 0 < len(reason.strip()) <= 500:
        fr, en = "Motif requis (500 caractères max).", "A reason is required (500 chars max)."
        raise invalid([("reason", "required", fr, en)], "invalid")
    credit = returns.return_lead(con, actor, lead_id, reason.strip(), now, buyer_id=buyer_id)
    return {"lead_id": lead_id, "returned": True, "credit": asdict(credit)}


def block_source(
    con: sqlite3.Connection, actor: Actor, account_id: str, source: str, reason: str, now: datetime
) -> None:
    """Hold the leads of a traffic source of an account (and its sub-accounts)."""
    actor.require("sources.write", account_id, "account")
    with transaction(con):
        con.execute(
            sql("source_block_set"),
            {"account_id": account_id, "source": source, "reason": reason, "now": iso(now)},
        )
        log_change(con, actor, "source.blocked", source, account_id, {"reason": reason}, now)


def unblock_source(
    con: sqlite3.Connection, actor: Actor, account_id: str, source: str, now: datetime
) -> int:
    """Lift the block and route the leads it held now; returns how many."""
    actor.require("sources.write", account_id, "account")
    with transaction(con):
        con.execute(sql("source_block_delete"), {"account_id": account_id, "source": source})
        log_change(con, actor, "source.unblocked", source, account_id, {}, now)
        held = con.execute(sql("leads_held_by_source"), {"source": source}).fetchall()
    for (lead_id,) in held:
        backlog.requeue(con, lead_id, now)
    return len(held)
