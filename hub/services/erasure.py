"""GDPR erasure in the hub: a person's leads keep their rows (status, product, département,
attribution, money) with every personal field nulled; refused submissions holding the person
keep their reason, not their content; each buyer that received (or may have received) a lead
gets an erasure request (a ``lead.erased`` job retried like a delivery, no personal data in it);
the person goes on the opposition list. One transaction, logged without the person's data (the
keyed hash only). An account admin erases only the leads of the accounts it sees.

The lake and the warehouse are erased by :mod:`warehouse.erase`, which reads :func:`find`
first (the visitor and session ids the lake rewrite needs are gone from the hub afterwards) and
calls :func:`erase` last, so a failed rewrite changes nothing and can simply be run again.
Decision 0051.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hub.calendar import period_key
from hub.db import iso, new_id, sql, transaction
from hub.rules import prepaid
from hub.services import opposition
from hub.services.actor import Actor, log_change
from hub.services.fields import Fields
from hub.settings import Settings
from hub.subject import Subject

PERMISSION = opposition.PERMISSION


@dataclass(frozen=True)
class Found:
    """What the hub holds of one person, within the actor's accounts."""

    person: Subject
    leads: list[dict[str, Any]] = field(default_factory=list)

    @property
    def lead_ids(self) -> list[str]:
        return [lead["id"] for lead in self.leads]

    @property
    def visitor_ids(self) -> set[str]:
        return {lead["visitor_id"] for lead in self.leads if lead["visitor_id"]}

    @property
    def session_ids(self) -> set[str]:
        return {lead["session_id"] for lead in self.leads if lead["session_id"]}


def request(
    con: sqlite3.Connection, actor: Actor, settings: Settings, payload: Mapping[str, Any]
) -> Found:
    """Check the actor and the body (``{phone}`` or ``{email}``; 403, 422) and find the
    person's leads the actor sees. Changes nothing."""
    actor.require(PERMISSION)
    f = Fields(payload, ("phone", "email"))
    person = opposition.read_subject(f, settings)
    f.check()
    assert person is not None
    return find(con, actor, person)


def find(con: sqlite3.Connection, actor: Actor, person: Subject) -> Found:
    actor.require(PERMISSION)
    rows = con.execute(sql(f"erasure_leads_by_{person.kind}"), {"value": person.value})
    return Found(person, [dict(r) for r in rows if actor.sees(r["account_id"])])


def _matches(text: str, needles: tuple[str, ...]) -> bool:
    low = text.lower()
    return any(n in low for n in needles)


def erase(
    con: sqlite3.Connection,
    actor: Actor,
    found: Found,
    now: datetime,
    done_elsewhere: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Erase ``found`` from the hub in one transaction; what was done, counted
    (``done_elsewhere``: the lake and warehouse counts, kept in the log entry)."""
    actor.require(PERMISSION)
    person, erasure_id = found.person, new_id("era")
    counts = {"leads": 0, "rejections": 0, "deliveries_cancelled": 0, "buyer_requests": 0}
    with transaction(con):
        for lead in found.leads:
            counts = _erase_lead(con, actor, lead, erasure_id, person, counts, now)
        for row in con.execute(sql("erasure_rejections")).fetchall():
            mine = actor.accounts is None or actor.sees(row["account_id"])
            if mine and _matches(row["payload"], person.needles):
                con.execute(sql("erasure_rejection_redact"), {"id": row["id"]})
                counts["rejections"] += 1
        accounts = opposition.top_accounts(con, actor)
        added = opposition.record(con, actor, person, accounts, "erasure", now)
        summary = {
            "erasure_id": erasure_id,
            "kind": person.kind,
            "hash": person.hash,
            **counts,
            "oppositions_added": len(added),
            **dict(done_elsewhere or {}),
        }
        log_change(con, actor, "privacy.erased", erasure_id, None, summary, now)
    notices = [dict(r) for r in con.execute(sql("erasure_notices_of"), {"erasure_id": erasure_id})]
    return {**summary, "lead_ids": found.lead_ids, "requests": notices}


def _cancel(con: sqlite3.Connection, d: Mapping[str, Any], actor: Actor, now: datetime) -> None:
    """A pending delivery of an erased lead is never sent (nor retried): rejected, its cap unit
    and prepaid draw given back, as lead ops' reroute does."""
    con.execute(sql("erasure_delivery_cancel"), {"delivery_id": d["id"], "now": iso(now)})
    day = period_key(datetime.fromisoformat(d["created_at"]), "day")
    con.execute(sql("release_cap"), {"commande_id": d["commande_id"], "period": day})
    prepaid.give_back(con, d["id"], now, actor=actor.label, note="lead erased")


def _erase_lead(
    con: sqlite3.Connection,
    actor: Actor,
    lead: Mapping[str, Any],
    erasure_id: str,
    person: Subject,
    counts: dict[str, int],
    now: datetime,
) -> dict[str, int]:
    lead_id, stamp = lead["id"], iso(now)
    con.execute(sql("erasure_lead_null"), {"lead_id": lead_id, "now": stamp})
    requests = 0
    for d in con.execute(sql("erasure_deliveries"), {"lead_id": lead_id}).fetchall():
        if d["status"] == "pending":
            _cancel(con, d, actor, now)
            counts["deliveries_cancelled"] += 1
        if d["status"] == "delivered" or d["attempts"] > 0:
            notice_id = new_id("ern")
            con.execute(
                sql("erasure_notice_insert"),
                {
                    "id": notice_id,
                    "erasure_id": erasure_id,
                    "delivery_id": d["id"],
                    "lead_id": lead_id,
                    "buyer_id": d["buyer_id"],
                    "now": stamp,
                },
            )
            job = {"kind": "deliver", "ref_id": notice_id, "now": stamp}
            con.execute(sql("outbox_enqueue"), job)
            requests += 1
    con.execute(sql("erasure_jobs_cancel"), {"lead_id": lead_id, "now": stamp})
    detail = {
        "erasure_id": erasure_id,
        "kind": person.kind,
        "hash": person.hash,
        "buyer_requests": requests,
    }
    log_change(con, actor, "lead.erased", lead_id, lead["account_id"], detail, now)
    counts["leads"] += 1
    counts["buyer_requests"] += requests
    return counts
