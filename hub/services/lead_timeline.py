"""What happened to one lead, from the hub: its submission, each routing decision (with its
French wording, :mod:`hub.rules.decision_text`), each sale and delivery attempt with the
buyer's answer, returns and credits, and the actions people took on it, in time order.

The session's events before the submission live in the event lake and warehouse, not in the
hub: the dashboard adds them from the published snapshot (the hub has no copy).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from hub.db import sql
from hub.rules.decision_text import decision_line, french

# Same time: the order things happen in (a sale follows its decision, an attempt its sale).
_ORDER = {
    "submitted": 0,
    "decision": 1,
    "sale": 2,
    "attempt": 3,
    "delivered": 4,
    "credit": 5,
    "action": 6,
}


def _decision(row: sqlite3.Row) -> dict[str, Any]:
    item = dict(row)
    words = french(row["reason"], row["outcome"])
    name = row["commande_name"] or row["commande_id"]
    item["reason_fr"] = words.text
    item["reason_fr_known"] = words.known
    item["line_fr"] = decision_line(name, row["outcome"], row["reason"])
    return item


def _event(at: str, kind: str, /, **data: Any) -> dict[str, Any]:
    return {**data, "at": at, "kind": kind}


def history(con: sqlite3.Connection, lead: sqlite3.Row) -> dict[str, Any]:
    """``routing_decisions``, ``deliveries`` (each with its ``attempts``), ``credits``,
    ``actions`` and the ``timeline`` that interleaves them (oldest first)."""
    key = {"lead_id": lead["id"]}
    decisions = [_decision(r) for r in con.execute(sql("lead_decisions"), key)]
    attempts = [dict(r) for r in con.execute(sql("lead_attempts"), key)]
    deliveries = []
    for row in con.execute(sql("lead_deliveries_detail"), key):
        sale = {**dict(row), "currency": "EUR"}
        for flag in ("returned", "possible_duplicate"):
            sale[flag] = bool(sale[flag])
        sale["attempts"] = [a for a in attempts if a["delivery_id"] == row["id"]]
        deliveries.append(sale)
    credits = [dict(r) for r in con.execute(sql("lead_credits"), key)]
    actions = [
        {**dict(r), "detail": json.loads(r["detail"] or "{}")}
        for r in con.execute(sql("lead_activity"), key)
    ]
    buyers = {d["id"]: d["buyer_name"] for d in deliveries}
    timeline = [
        _event(
            lead["created_at"],
            "submitted",
            form_key=lead["form_key"],
            form_name=lead["form_name"],
            status=lead["status"],
            status_reason=lead["status_reason"],
            source=lead["source"],
            page_url=lead["page_url"],
        )
    ]
    timeline += [_event(d["created_at"], "decision", **d) for d in decisions]
    for d in deliveries:
        sale = {k: d[k] for k in ("id", "buyer_name", "commande_name", "price_cents", "sale_kind")}
        timeline.append(_event(d["created_at"], "sale", **sale))
        if d["delivered_at"]:
            timeline.append(_event(d["delivered_at"], "delivered", **sale))
    timeline += [
        _event(a["started_at"], "attempt", buyer_name=buyers.get(a["delivery_id"]), **a)
        for a in attempts
    ]
    timeline += [_event(c["created_at"], "credit", credit_kind=c["kind"], **c) for c in credits]
    timeline += [_event(a["created_at"], "action", **a) for a in actions]
    timeline.sort(key=lambda e: (e["at"], _ORDER[e["kind"]]))
    return {
        "routing_decisions": decisions,
        "deliveries": deliveries,
        "credits": credits,
        "actions": actions,
        "timeline": timeline,
    }
