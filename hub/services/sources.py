"""Traffic sources: what each account's leads came from (``leads.source``: utm_source, referrer
host, ``provider:<name>``), the sources it blocked and its providers, blocked or not.

A source is blocked for an account when the account or an account above it blocked it (its new
leads are held, :mod:`hub.services.leadops` blocks and unblocks), or when it is a provider that
is blocked. Everyone reads the sources of the accounts it sees (``sources.read``).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from hub.db import sql
from hub.services.actor import Actor
from hub.services.fields import page


def _ancestors(parents: dict[str, str | None], account_id: str) -> list[str]:
    chain, seen = [account_id], {account_id}
    while (parent := parents.get(chain[-1])) and parent not in seen:
        chain.append(parent)
        seen.add(parent)
    return chain


def _block_of(
    blocks: dict[tuple[str, str], dict[str, Any]], accounts: list[str], row: sqlite3.Row
) -> dict[str, Any] | None:
    """The block of the source: set on the account or above it, else its provider's."""
    for account in accounts:
        if (account, row["source"]) in blocks:
            return blocks[(account, row["source"])]
    if row["provider_blocked"]:
        reason = row["provider_blocked_reason"]
        return {"account_id": row["account_id"], "source": row["source"], "reason": reason}
    return None


def list_sources(
    con: sqlite3.Connection,
    actor: Actor,
    offset: int = 0,
    limit: int = 50,
    account_id: str | None = None,
    blocked: bool | None = None,
) -> dict[str, Any]:
    """Each (account, source) seen: ``leads``, ``last_lead_at``, ``provider_id``, ``blocked``
    and ``blocked_by`` (the block: account, reason, since; or the provider's reason)."""
    actor.require("sources.read")
    parents = {r["id"]: r["parent_id"] for r in con.execute(sql("account_parents"))}
    blocks = {
        (r["account_id"], r["source"]): dict(r) for r in con.execute(sql("source_blocks_all"))
    }
    rows = []
    for r in con.execute(sql("sources_seen")):
        if not actor.sees(r["account_id"]) or account_id not in (None, r["account_id"]):
            continue
        block = _block_of(blocks, _ancestors(parents, r["account_id"]), r)
        if blocked is not None and (block is not None) != blocked:
            continue
        rows.append(
            {
                "account_id": r["account_id"],
                "source": r["source"],
                "leads": r["leads"],
                "last_lead_at": r["last_lead_at"],
                "provider_id": r["provider_id"],
                "provider_archived": bool(r["provider_archived_at"]),
                "blocked": block is not None,
                "blocked_by": block,
            }
        )
    return page(rows, offset, limit)
