"""Leads: search (phone, e-mail, name, status, source, campaign, LP, form, buyer, département,
dates), one lead with its timeline, and the test flag — for API v1, the CLI and the dashboard.

Readers (``leads.read``) see the leads of their accounts only (another tenant's lead is a 404,
and never in a list); ops (``leads.operate``) flag a lead as test traffic or back, logged. The
other lead actions (requeue, reroute, return) are :mod:`hub.services.leadops`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from hub.attribution import ATTRIBUTION
from hub.db import iso, sql, transaction
from hub.services import lead_filters
from hub.services.actor import Actor, log_change
from hub.services.fields import Fields, not_found
from hub.services.lead_timeline import history

_PUBLIC_COLUMNS = (
    "id",
    "account_id",
    "form_key",
    "lp_id",
    "product_code",
    "status",
    "status_reason",
    "first_name",
    "last_name",
    "email",
    "phone_class",
    "postal_code",
    "departement",
    "city",
    "visitor_id",
    "session_id",
    "submission_id",
    "source",
    *ATTRIBUTION,
    "page_url",
    "referrer",
    "provider_id",
    "entity_id",
    "duplicate_of",
    "created_at",
    "updated_at",
)


def lead_item(row: sqlite3.Row) -> dict[str, Any]:
    """A lead as API v1 shows it (phone in E.164, its consent record)."""
    item: dict[str, Any] = {name: row[name] for name in _PUBLIC_COLUMNS}
    item["lp_key"] = row["lp_key"]
    item["phone"] = row["phone_e164"]
    item["is_test"] = bool(row["is_test"])
    item["extra"] = json.loads(row["extra"] or "{}")
    item["consent"] = {
        "given": bool(row["consent_given"]),
        "version": row["consent_version"],
        "text": row["consent_text"],
        "at": row["consent_at"],
        "page_url": row["page_url"],
        "ip": row["ip"],
        "user_agent": row["user_agent"],
    }
    return item


@contextmanager
def _snapshot(con: sqlite3.Connection) -> Iterator[None]:
    """One read transaction (what is shown comes from one state of the hub)."""
    if con.in_transaction:
        yield
        return
    con.execute("BEGIN")
    try:
        yield
    finally:
        con.execute("COMMIT")


def _scope(actor: Actor) -> str | None:
    return None if actor.accounts is None else json.dumps(sorted(actor.accounts))


def list_leads(
    con: sqlite3.Connection,
    actor: Actor,
    filters: Mapping[str, object],
    offset: int = 0,
    limit: int = 50,
) -> dict[str, Any]:
    """A page of the leads of the actor's accounts matching ``filters``, newest first, with the
    total (one statement)."""
    actor.require("leads.read")
    params = {**lead_filters.parse(filters), "account_ids": _scope(actor)}
    lead_filters.register(con)
    with _snapshot(con):
        found = con.execute(sql("leads_search"), {**params, "offset": offset, "limit": limit})
        rows = found.fetchall()  # at least one: the total, with the page's leads
    items = [lead_item(r) for r in rows if r["id"] is not None]
    return {"items": items, "total": int(rows[0]["total"]), "offset": offset, "limit": limit}


def _row(con: sqlite3.Connection, actor: Actor, lead_id: str) -> sqlite3.Row:
    row: sqlite3.Row | None = con.execute(sql("lead_detail"), {"lead_id": lead_id}).fetchone()
    if row is None or not actor.sees(row["account_id"]):
        raise not_found("lead", lead_id)
    return row


def get_lead(con: sqlite3.Connection, actor: Actor, lead_id: str) -> dict[str, Any]:
    """One lead with its routing decisions (and their French wording), deliveries with every
    attempt and the buyer's answers, credits, the actions taken on it and its timeline."""
    actor.require("leads.read")
    with _snapshot(con):
        row = _row(con, actor, lead_id)
        item = lead_item(row)
        item["form_name"], item["lp_name"] = row["form_name"], row["lp_name"]
        item.update(history(con, row))
    return item


def set_test(
    con: sqlite3.Connection, actor: Actor, lead_id: str, is_test: bool, now: datetime
) -> dict[str, Any]:
    """Flag a lead as test traffic (``is_test``: kept out of billing and funnels) or back;
    flagging it as it already is changes and logs nothing."""
    actor.require("leads.operate")
    if not isinstance(is_test, bool):
        f = Fields({}, ())
        f.add("is_test", "invalid", "Oui ou non (true/false).", "is_test must be true or false.")
        f.check()
    with transaction(con):
        row = _row(con, actor, lead_id)
        before = bool(row["is_test"])
        if before != is_test:
            params = {"lead_id": lead_id, "is_test": int(is_test), "now": iso(now)}
            con.execute(sql("lead_set_test"), params)
            action = "lead.marked_test" if is_test else "lead.unmarked_test"
            detail = {"before": {"is_test": before}, "after": {"is_test": is_test}}
            log_change(con, actor, action, lead_id, row["account_id"], detail, now)
    return {"lead_id": lead_id, "is_test": is_test, "changed": before != is_test}
