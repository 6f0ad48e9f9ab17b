"""A form's consent texts, one per version, and the buyers each version names.

A new version starts whenever the text or the named buyers change (``v1`` → ``v2``); every
version is kept (``consent_texts``) so a lead's consent proof shows the very text it saw, and
``consent_buyers`` lists the buyers that version names (none: any buyer may receive the lead;
routing offers a lead only to those named, :func:`hub.rules.facts.consent_buyers`)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from hub.db import iso, sql
from hub.services.actor import Actor
from hub.services.fields import Fields, page

MAX_BUYERS = 50


def buyers_value(con: sqlite3.Connection, actor: Actor, f: Fields) -> list[str] | None:
    """The buyers a consent text names: ids of buyers the actor sees, sorted, at most 50."""
    value = f.payload.get("consent_buyers")
    if value is None:
        return None
    if not isinstance(value, list) or len(value) > MAX_BUYERS:
        f.add(
            "consent_buyers",
            "invalid",
            f"Une liste d'au plus {MAX_BUYERS} identifiants d'acheteurs.",
            f"A list of at most {MAX_BUYERS} buyer ids.",
        )
        return None
    for buyer_id in value:
        row = con.execute(sql("buyer_get"), {"id": buyer_id}).fetchone() if buyer_id else None
        if row is None or not actor.sees(row["account_id"]):
            f.add(
                "consent_buyers",
                "unknown",
                f"Acheteur inconnu : {buyer_id}.",
                f"Unknown buyer: {buyer_id}.",
            )
            return None
    return sorted(set(value))


def named_buyers(con: sqlite3.Connection, form_id: str, version: str) -> list[str]:
    rows = con.execute(sql("consent_buyers"), {"form_id": form_id, "consent_version": version})
    return sorted(r["buyer_id"] for r in rows)


def record_version(
    con: sqlite3.Connection,
    form_id: str,
    version: str,
    text: str,
    buyers: list[str],
    now: datetime,
) -> None:
    """Keep a new consent version's text and named buyers (inside the caller's transaction)."""
    params = {"form_id": form_id, "consent_version": version}
    text_row = {**params, "consent_text": text, "created_at": iso(now)}
    con.execute(sql("consent_text_insert"), text_row)
    for buyer_id in buyers:
        con.execute(sql("consent_buyer_insert"), {**params, "buyer_id": buyer_id})


def history(con: sqlite3.Connection, form_id: str) -> dict[str, Any]:
    """Every consent version of a form (oldest first), with its text and named buyers; the
    caller has checked that the actor sees the form."""
    rows = [dict(r) for r in con.execute(sql("consent_texts_of_form"), {"form_id": form_id})]
    for row in rows:
        row["consent_buyers"] = named_buyers(con, form_id, row["consent_version"])
    return page(rows, 0, max(len(rows), 1))
