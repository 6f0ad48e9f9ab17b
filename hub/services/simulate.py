"""``simulate``: replay the last N days of leads against a changed commande, saving nothing.

Each lead is replayed at its arrival time, in arrival order, through the same selection code
as real routing (:func:`hub.rules.select.plan`, :func:`routing.route.lead_facts`,
:func:`hub.rules.select.commande_from_row`); only the facts come from memory: cap units start
from the sales made before the window and grow with the simulated ones, and the 30-day phone
dedupe sees the sales before the window plus the simulated ones. Assumptions (documented in
decision 0019): every simulated sale is accepted by the buyer, and a lead is replayed fresh
(backlog resale is not replayed).
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hub.calendar import PERIOD_KINDS, period_key
from hub.db import iso, sql
from hub.rules.facts import DEDUPE_WINDOW, consent_buyers, entities, lead_facts, source_block
from hub.rules.select import (
    Candidate,
    Commande,
    LeadFacts,
    Reserve,
    Usage,
    commande_from_row,
    plan,
    reservations,
)

HISTORY = timedelta(days=32)  # the longest cap period (a month) and the 30-day dedupe
NEW_COMMANDE_ID = "cmd_simulated"


@dataclass
class Ledger:
    """In-memory cap units and sales, the simulation's stand-in for cap_usage/deliveries."""

    used: Counter[tuple[str, str]] = field(default_factory=Counter)
    phones: dict[tuple[str, str], list[tuple[str, datetime]]] = field(default_factory=dict)
    leads: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add_sale(
        self, lead_id: str, phone: str | None, product: str, buyer: str, at: datetime
    ) -> None:
        self.leads[lead_id].add(buyer)
        if phone:
            self.phones.setdefault((phone, product), []).append((buyer, at))

    def usage(self, lead: sqlite3.Row, c: Commande, now: datetime) -> Usage:
        used = {k: self.used[(c.id, period_key(now, k))] for k in PERIOD_KINDS}
        used.update(
            {f"lb-{k}": self.used[(c.id, "lb-" + period_key(now, k))] for k in PERIOD_KINDS}
        )
        since = now - DEDUPE_WINDOW
        bought = any(
            b == c.buyer_id and at >= since
            for b, at in self.phones.get((lead["phone_e164"], lead["product_code"]), [])
        )
        return Usage(used, c.buyer_id in self.leads[lead["id"]], bought)

    def reserver(self, lead: LeadFacts, now: datetime) -> Reserve:
        def reserve(cand: Candidate) -> str | None:
            wanted = reservations(lead, cand.commande, now)
            for period, cap, why in wanted:
                if cap is not None and self.used[(cand.commande.id, period)] >= cap:
                    return why
            for period, _, _ in wanted:
                self.used[(cand.commande.id, period)] += 1
            return None

        return reserve


@dataclass
class Simulation:
    since: str
    until: str
    leads: list[dict[str, Any]]
    commandes: dict[str, dict[str, int]]
    names: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        changed = [item for item in self.leads if item["changed"]]
        return {
            "since": self.since,
            "until": self.until,
            "leads_replayed": len(self.leads),
            "leads_changed": len(changed),
            "commandes": self.commandes,
            "summary": summarize(self.commandes, self.names),
            "leads": self.leads,
        }


_COUNTS = ("actual", "simulated", "actual_cents", "simulated_cents")


def summarize(
    commandes: Mapping[str, Mapping[str, int]], names: Mapping[str, str]
) -> dict[str, Any]:
    """The preview of a change over the shown commandes: sales and revenue (cents HT) as they
    were and as simulated, and each commande's gain or loss, the largest change first."""
    rows: list[dict[str, Any]] = []
    for cid, counts in commandes.items():
        delta = counts["simulated"] - counts["actual"]
        cents = counts["simulated_cents"] - counts["actual_cents"]
        rows.append(
            {
                "commande_id": cid,
                "name": names.get(cid, cid),
                **{k: counts[k] for k in _COUNTS},
                "delta": delta,
                "cents_delta": cents,
                "changed": bool(delta or cents),
            }
        )
    rows.sort(key=lambda r: (-abs(r["delta"]), -abs(r["cents_delta"]), r["commande_id"]))
    total = {k: sum(counts[k] for counts in commandes.values()) for k in _COUNTS}
    return {
        "sales_actual": total["actual"],
        "sales_simulated": total["simulated"],
        "sales_delta": total["simulated"] - total["actual"],
        "cents_actual": total["actual_cents"],
        "cents_simulated": total["simulated_cents"],
        "cents_delta": total["simulated_cents"] - total["actual_cents"],
        "commandes": rows,
    }


def _commande_rows(
    con: sqlite3.Connection, change: Mapping[str, object]
) -> list[dict[str, object]]:
    rows = [dict(r) for r in con.execute(sql("commandes_all")).fetchall()]
    target = str(change.get("id") or NEW_COMMANDE_ID)
    for row in rows:
        if row["id"] == target:
            row.update(change)
            return rows
    buyer = con.execute(sql("buyer_state"), {"buyer_id": change.get("buyer_id")}).fetchone()
    if buyer is None:
        raise ValueError("a new commande needs an existing buyer_id")
    row = {**change, "id": target}  # the caller validated it with every column filled
    archived = con.execute(sql("account_archived"), {"account_id": buyer["account_id"]})
    row.update(
        buyer_active=buyer["active"],
        buyer_is_test=buyer["is_test"],
        buyer_account_id=buyer["account_id"],
        buyer_archived=archived.fetchone() is not None,
    )
    return [*rows, row]


def _history(con: sqlite3.Connection, since: datetime) -> Ledger:
    ledger = Ledger()
    params = {"history_since": iso(since - HISTORY), "since": iso(since)}
    for d in con.execute(sql("simulate_history"), params):
        at = datetime.fromisoformat(d["created_at"])
        for kind in PERIOD_KINDS:
            ledger.used[(d["commande_id"], period_key(at, kind))] += 1
            if d["sale_kind"] == "backlog":
                ledger.used[(d["commande_id"], "lb-" + period_key(at, kind))] += 1
        if d["status"] in ("pending", "delivered"):
            phones = ledger.phones.setdefault((d["phone_e164"], d["product_code"]), [])
            phones.append((d["buyer_id"], at))
    return ledger


def simulate(
    con: sqlite3.Connection,
    now: datetime,
    days: int,
    change: Mapping[str, object],
    *,
    seed: str = "",
    visible_accounts: set[str] | None = None,
) -> Simulation:
    """Replay leads of the last ``days`` days with ``change`` applied (columns of one commande:
    with ``id``, an existing commande changed; without, a new one) and compare with reality."""
    since, until = now - timedelta(days=days), now
    window = {"since": iso(since), "until": iso(until)}
    ents = entities(con)
    rows = _commande_rows(con, change)
    names = {str(r["id"]): str(r.get("name") or r["id"]) for r in rows}
    commandes = [
        commande_from_row(r, ents.get(str(r["buyer_account_id"]), str(r["buyer_account_id"])))
        for r in rows
    ]
    ledger = _history(con, since)
    actual: dict[str, list[str]] = defaultdict(list)
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    for d in con.execute(sql("simulate_actual"), window):
        actual[d["lead_id"]].append(d["commande_id"])
        stats[d["commande_id"]].update(actual=1, actual_cents=d["price_cents"])
    out = []
    for lead in con.execute(sql("simulate_leads"), window).fetchall():
        at = datetime.fromisoformat(lead["created_at"])
        chosen = _replay(con, lead, ents, commandes, ledger, at, seed)
        for c in chosen:
            stats[c.id].update(simulated=1, simulated_cents=c.price(False))
        if visible_accounts is None or lead["account_id"] in visible_accounts:
            simulated = [c.id for c in chosen]
            before = actual.get(lead["id"], [])
            out.append(
                {
                    "lead_id": lead["id"],
                    "created_at": lead["created_at"],
                    "product_code": lead["product_code"],
                    "departement": lead["departement"],
                    "actual": before,
                    "simulated": simulated,
                    "changed": sorted(before) != sorted(simulated),
                }
            )
    by_id = {c.id: c for c in commandes}
    shown = {
        cid: {k: int(counts[k]) for k in _COUNTS}
        for cid, counts in sorted(stats.items())
        if visible_accounts is None
        or (cid in by_id and _buyer_account(con, by_id[cid]) in visible_accounts)
    }
    return Simulation(iso(since), iso(until), out, shown, {c: names.get(c, c) for c in shown})


def _buyer_account(con: sqlite3.Connection, c: Commande) -> str | None:
    row = con.execute(sql("buyer_account"), {"buyer_id": c.buyer_id}).fetchone()
    return None if row is None else str(row[0])


def _replay(
    con: sqlite3.Connection,
    lead: sqlite3.Row,
    ents: dict[str, str],
    commandes: list[Commande],
    ledger: Ledger,
    at: datetime,
    seed: str,
) -> list[Commande]:
    blocked = source_block(con, lead)
    if blocked is not None:
        return []
    facts = lead_facts(lead, ents, consent_buyers(con, lead), [], backlog=False)
    cands = [Candidate(c, ledger.usage(lead, c, at)) for c in commandes]
    chosen = plan(facts, cands, at, seed, ledger.reserver(facts, at))
    for cand in chosen.selected:
        c = cand.commande
        ledger.add_sale(lead["id"], lead["phone_e164"], lead["product_code"], c.buyer_id, at)
    return [cand.commande for cand in chosen.selected]
