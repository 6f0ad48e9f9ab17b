"""The opposition list: people who objected to being contacted (or were erased) have their
future leads refused at intake (``422 opposed``) — for API v1, the CLI and the dashboard.

Only a keyed hash of the normalised phone or e-mail is stored (:mod:`hub.subject`), never the
value: the list can be checked and an entry removed when the person asks again, but it cannot be
read back. An entry applies to an account and its sub-accounts, or (``account_id`` NULL, the
server's operator and super admins) to every account; an account admin adds entries for the
accounts they see and sees and removes only those. Every change is in the activity log with the
hash, never the value. Decision 0051.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from hub.db import iso, new_id, sql, transaction
from hub.errors import ApiError
from hub.services.actor import Actor, log_change
from hub.services.fields import Fields, not_found, page
from hub.settings import Settings
from hub.subject import Subject, SubjectError, hash_key, keyed_hash, subject

PERMISSION = "privacy.erase"


def read_subject(f: Fields, settings: Settings) -> Subject | None:
    """The one person a body names: exactly one of ``phone`` / ``email`` (errors added to
    ``f``; ``None`` when there is none)."""
    phone, email = f.text("phone", max_len=40), f.text("email", max_len=254)
    if phone is None and email is None and not f.errors:
        for name in ("phone", "email"):
            f.add(name, "required", "Téléphone ou e-mail requis.", "A phone or an e-mail.")
        return None
    if phone is not None and email is not None:
        f.add("email", "one_of", "Téléphone ou e-mail, pas les deux.", "Phone or e-mail, not both.")
        return None
    try:
        if phone is not None:
            return subject(settings, "phone", phone)
        if email is not None:
            return subject(settings, "email", email)
    except SubjectError as exc:
        name = "phone" if phone is not None else "email"
        fr = "Numéro de téléphone français invalide." if phone else "Adresse e-mail invalide."
        f.add(name, f"invalid_{name}", fr, f"Invalid {name}: {exc}.")
    return None


def top_accounts(con: sqlite3.Connection, actor: Actor) -> Sequence[str | None]:
    """Where an opposition of this actor applies: every account (``None``) for the server's
    operator and super admins, else each account it sees whose parent it does not see."""
    if actor.accounts is None:
        return [None]
    parents = {r["id"]: r["parent_id"] for r in con.execute(sql("account_parents"))}
    return sorted(a for a in actor.accounts if a in parents and not actor.sees(parents[a]))


def _item(row: Mapping[str, Any]) -> dict[str, Any]:
    return dict(row)


def record(
    con: sqlite3.Connection,
    actor: Actor,
    person: Subject,
    accounts: Sequence[str | None],
    reason: str,
    now: datetime,
) -> list[dict[str, Any]]:
    """Put ``person`` on the list of ``accounts`` (inside the caller's transaction); the entries
    added (one already there is not added again)."""
    added = []
    for account_id in accounts:
        row = {
            "id": new_id("opp"),
            "kind": person.kind,
            "hash": person.hash,
            "account_id": account_id,
            "reason": reason,
            "actor": actor.label,
            "created_at": iso(now),
        }
        if con.execute(sql("opposition_insert"), row).rowcount:
            detail = {"kind": person.kind, "hash": person.hash, "reason": reason}
            log_change(con, actor, "opposition.added", str(row["id"]), account_id, detail, now)
            added.append(row)
    return added


def oppose(
    con: sqlite3.Connection,
    actor: Actor,
    settings: Settings,
    payload: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """``{phone}`` or ``{email}``, optionally ``account_id`` (one the actor sees; default: the
    actor's top accounts, or every account): the entries added and the hash."""
    actor.require(PERMISSION)
    f = Fields(payload, ("phone", "email", "account_id"))
    person = read_subject(f, settings)
    account_id = f.text("account_id", max_len=64)
    if account_id is not None and (
        not actor.sees(account_id)
        or con.execute(sql("account_get"), {"id": account_id}).fetchone() is None
    ):
        f.add("account_id", "unknown", "Compte inconnu.", "Unknown account.")
    f.check()
    assert person is not None
    accounts: Sequence[str | None] = (
        [account_id] if account_id is not None else top_accounts(con, actor)
    )
    with transaction(con):
        added = record(con, actor, person, accounts, "request", now)
    return {"kind": person.kind, "hash": person.hash, "added": len(added), "items": added}


def _visible(actor: Actor, row: Mapping[str, Any]) -> bool:
    """An entry of every account is the server operator's and super admins' only."""
    return actor.accounts is None or (
        row["account_id"] is not None and actor.sees(row["account_id"])
    )


def list_oppositions(
    con: sqlite3.Connection,
    actor: Actor,
    settings: Settings,
    offset: int = 0,
    limit: int = 50,
    query: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The entries the actor sees, newest first; ``query`` ``{phone}`` or ``{email}``: only
    that person's (their hash, computed here: the list holds no value to search)."""
    actor.require(PERMISSION)
    rows = con.execute(sql("oppositions_all")).fetchall()
    if query:
        f = Fields(query, ("phone", "email"))
        person = read_subject(f, settings)
        f.check("invalid_query")
        assert person is not None
        rows = [r for r in rows if r["hash"] == person.hash]
    return page([_item(r) for r in rows if _visible(actor, r)], offset, limit)


def unoppose(
    con: sqlite3.Connection, actor: Actor, opposition_id: str, now: datetime
) -> dict[str, Any]:
    """Take one entry off the list (404 when the actor does not see it)."""
    actor.require(PERMISSION)
    with transaction(con):
        row = con.execute(sql("opposition_get"), {"id": opposition_id}).fetchone()
        if row is None or not _visible(actor, row):
            raise not_found("opposition", opposition_id)
        con.execute(sql("opposition_delete"), {"id": opposition_id})
        detail = {"kind": row["kind"], "hash": row["hash"]}
        log_change(con, actor, "opposition.removed", row["id"], row["account_id"], detail, now)
    return {"removed": 1, "items": [_item(row)]}


def unoppose_person(
    con: sqlite3.Connection,
    actor: Actor,
    settings: Settings,
    payload: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """Take ``{phone}`` or ``{email}`` off every list the actor sees (404 when on none)."""
    actor.require(PERMISSION)
    f = Fields(payload, ("phone", "email"))
    person = read_subject(f, settings)
    f.check()
    assert person is not None
    with transaction(con):
        rows = con.execute(sql("oppositions_of_hash"), {"hash": person.hash}).fetchall()
        mine = [r for r in rows if _visible(actor, r)]
        if not mine:
            raise ApiError(404, "not_found", "This person is not on your opposition list.")
        for row in mine:
            con.execute(sql("opposition_delete"), {"id": row["id"]})
            detail = {"kind": row["kind"], "hash": row["hash"]}
            log_change(con, actor, "opposition.removed", row["id"], row["account_id"], detail, now)
    return {"removed": len(mine), "items": [_item(r) for r in mine]}


def opposed(
    con: sqlite3.Connection,
    settings: Settings,
    account_id: str,
    phone_e164: str | None,
    email: str | None,
) -> str | None:
    """Intake's check: ``"phone"`` or ``"email"`` when the lead's person is on the list of the
    form's account, its entity or every account; ``None`` otherwise (one indexed lookup)."""
    if not phone_e164 and not email:
        return None
    key = hash_key(settings)
    row = con.execute(
        sql("opposition_match"),
        {
            "phone_hash": keyed_hash(key, "phone", phone_e164) if phone_e164 else None,
            "email_hash": keyed_hash(key, "email", email.strip().lower()) if email else None,
            "account_id": account_id,
        },
    ).fetchone()
    return None if row is None else str(row["kind"])
