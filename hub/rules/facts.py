"""A lead as routing sees it, read from the hub: its entity, the buyers its consent names, its
past sales; and the Paris day its cap unit counts in. Shared by the router (``routing.route``)
and ``simulate`` so that both judge a lead the same way."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime, timedelta

from hub.calendar import period_key
from hub.db import sql
from hub.rules.select import LeadFacts, Sale

DEDUPE_WINDOW = timedelta(days=30)


def cap_period(now: datetime) -> str:
    """The daily cap bucket: the Europe/Paris calendar day (never the UTC one)."""
    return period_key(now, "day")


def entities(con: sqlite3.Connection) -> dict[str, str]:
    """Every account → its selling entity (the root of its account tree)."""
    parents = {r[0]: r[1] for r in con.execute(sql("account_parents"))}

    def root(acc: str) -> str:
        seen = set()
        while parents.get(acc) and acc not in seen:
            seen.add(acc)
            acc = parents[acc]
        return acc

    return {acc: root(acc) for acc in parents}


def consent_buyers(con: sqlite3.Connection, lead: sqlite3.Row) -> frozenset[str] | None:
    params = {"form_id": lead["form_id"], "consent_version": lead["consent_version"] or ""}
    named = con.execute(sql("consent_buyers"), params).fetchall()
    return frozenset(r[0] for r in named) if named else None


def past_sales(con: sqlite3.Connection, lead_id: str) -> list[sqlite3.Row]:
    return con.execute(sql("lead_sales"), {"lead_id": lead_id}).fetchall()


def lead_facts(
    lead: sqlite3.Row,
    ents: Mapping[str, str],
    consent: frozenset[str] | None,
    sales: list[sqlite3.Row],
    backlog: bool,
) -> LeadFacts:
    """The lead as selection sees it (also built this way by ``simulate``)."""
    live = (
        ()
        if backlog
        else tuple(
            Sale(s["commande_id"], s["buyer_id"], s["max_buyers"])
            for s in sales
            if s["status"] in ("pending", "delivered")
        )
    )
    return LeadFacts(
        id=lead["id"],
        product_code=lead["product_code"],
        departement=lead["departement"],
        entity=lead["entity_id"] or ents.get(lead["account_id"], lead["account_id"]),
        from_provider=lead["provider_id"] is not None,
        consent_buyers=consent,
        backlog=backlog,
        is_test=bool(lead["is_test"]),
        sold_to=live,
    )


def source_block(con: sqlite3.Connection, lead: sqlite3.Row) -> sqlite3.Row | None:
    """The block holding this lead's source or provider in its account tree, if any."""
    row: sqlite3.Row | None = con.execute(
        sql("source_blocked"),
        {
            "account_id": lead["account_id"],
            "source": lead["source"],
            "provider_id": lead["provider_id"],
        },
    ).fetchone()
    return row


def account_archived(con: sqlite3.Connection, account_id: str) -> str | None:
    """Why a lead of this account is held (``account acc_… is archived``: the account or one
    above it is archived), or None."""
    row = con.execute(sql("account_archived"), {"account_id": account_id}).fetchone()
    return None if row is None else str(row["reason"])
