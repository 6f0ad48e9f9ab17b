"""Accounts: entities (the selling companies, with their legal identity) and their brands.

For API v1, the CLI and the dashboard alike. Everyone reads the accounts it sees; admins create,
change and archive brands under their entities; only super_admin creates or archives an entity.
An archived account is kept (leads, sales and the log refer to it), never deleted, and so are
its buyers, LPs and forms; while it (or its entity) is archived its new leads are held (reason
``account_archived``) and its buyers' commandes are skipped. Unarchiving routes the leads it
held and wakes the waiting leads its buyers may take again (decision 0032).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.db import iso, new_id, sql, transaction
from hub.errors import ApiError
from hub.rules import backlog
from hub.services.actor import Actor, log_change
from hub.services.fields import Fields, choice_filter, not_found, page

KINDS = ("entity", "brand")
IDENTITY = ("name", "legal_name", "siren", "vat_number", "address")
_SIREN = re.compile(r"\d{9}")
_VAT = re.compile(r"[A-Z]{2}[0-9A-Z]{2,13}")


def _item(row: sqlite3.Row) -> dict[str, Any]:
    return dict(row)


def _row(con: sqlite3.Connection, account_id: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = con.execute(sql("account_get"), {"id": account_id}).fetchone()
    return row


def identity(f: Fields, *, partial: bool) -> dict[str, str | None]:
    """The name and legal identity of a body: a SIREN is 9 digits, a VAT number a country code
    and 2 to 13 letters or digits (spaces dropped, upper-cased)."""
    values: dict[str, str | None] = {}
    if not partial or f.given("name"):
        values["name"] = f.text("name", required=True)
    for name, max_len in (("legal_name", 200), ("address", 500)):
        if not partial or f.given(name):
            values[name] = f.text(name, max_len=max_len)
    if not partial or f.given("siren"):
        raw = f.payload.get("siren")
        if isinstance(raw, int) and not isinstance(raw, bool):  # --set siren=552100554
            f.payload = {**f.payload, "siren": str(raw)}
        siren = f.text("siren", max_len=20)
        siren = siren.replace(" ", "") if siren else None
        if siren is not None and not _SIREN.fullmatch(siren):
            f.add("siren", "invalid_siren", "Un SIREN a 9 chiffres.", "A SIREN is 9 digits.")
        values["siren"] = siren
    if not partial or f.given("vat_number"):
        vat = f.text("vat_number", max_len=20)
        vat = vat.replace(" ", "").upper() if vat else None
        if vat is not None and not _VAT.fullmatch(vat):
            f.add(
                "vat_number",
                "invalid_vat_number",
                "Numéro de TVA invalide (ex. FR12345678901).",
                "Invalid VAT number (e.g. FR12345678901).",
            )
        values["vat_number"] = vat
    return values


def _visible(con: sqlite3.Connection, actor: Actor) -> list[dict[str, Any]]:
    return [_item(r) for r in con.execute(sql("accounts_all")) if actor.sees(r["id"])]


def list_accounts(
    con: sqlite3.Connection,
    actor: Actor,
    offset: int = 0,
    limit: int = 50,
    *,
    kind: str | None = None,
    parent_id: str | None = None,
    archived: bool | None = None,
) -> dict[str, Any]:
    """The accounts the actor sees, filtered by ``kind``, ``parent_id`` and ``archived``."""
    actor.require("accounts.read")
    kind = choice_filter("kind", kind, KINDS)
    rows = [
        r
        for r in _visible(con, actor)
        if (kind is None or r["kind"] == kind)
        and (parent_id is None or r["parent_id"] == parent_id)
        and (archived is None or (r["archived_at"] is not None) == archived)
    ]
    return page(rows, offset, limit)


def get_account(con: sqlite3.Connection, actor: Actor, account_id: str) -> dict[str, Any]:
    actor.require("accounts.read")
    row = _row(con, account_id)
    if row is None or not actor.sees(account_id):
        raise not_found("account", account_id)
    return _item(row)


def insert_account(
    con: sqlite3.Connection,
    actor: Actor,
    account_id: str,
    kind: str,
    parent_id: str | None,
    values: Mapping[str, str | None],
    now: datetime,
) -> None:
    """Write one account and its log entry (inside the caller's transaction)."""
    row = {name: values.get(name) for name in IDENTITY}
    row.update(id=account_id, kind=kind, parent_id=parent_id, created_at=iso(now))
    con.execute(sql("account_insert"), row)
    detail = {"kind": kind, "parent_id": parent_id, **values}
    log_change(con, actor, "account.created", account_id, account_id, detail, now)


def create_account(
    con: sqlite3.Connection, actor: Actor, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """A brand under an entity the actor sees, or (super_admin only) a new entity."""
    actor.require("accounts.write")
    f = Fields(payload, ("id", "kind", "parent_id", *IDENTITY))
    ident = f.ident()
    kind = f.choice("kind", KINDS, default="brand")
    parent_id = f.text("parent_id", max_len=64)
    values = identity(f, partial=False)
    if kind == "entity" and parent_id is not None:
        f.add(
            "parent_id", "not_allowed", "Une entité n'a pas de parent.", "An entity has no parent."
        )
    if kind == "brand":
        parent = _row(con, parent_id) if parent_id else None
        if parent_id is None:
            f.add("parent_id", "required", "Entité parente obligatoire.", "parent_id is required.")
        elif parent is None or not actor.sees(parent_id):
            f.add("parent_id", "unknown", "Entité inconnue.", "Unknown entity.")
        elif parent["kind"] != "entity" or parent["archived_at"] is not None:
            f.add(
                "parent_id",
                "not_an_entity",
                "Le parent doit être une entité active.",
                "The parent must be an active entity.",
            )
    f.check()
    if kind == "entity" and actor.role != "super_admin":
        raise ApiError(403, "forbidden", "Only a super_admin may create an entity.")
    account_id = ident or new_id("acc")
    with transaction(con):
        if _row(con, account_id) is not None:
            raise ApiError(409, "conflict", f"Account {account_id!r} already exists.")
        insert_account(con, actor, account_id, kind, parent_id, values, now)
    created = _row(con, account_id)
    assert created is not None
    return _item(created)


def update_account(
    con: sqlite3.Connection,
    actor: Actor,
    account_id: str,
    payload: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """Change the name and legal identity (``kind`` and ``parent_id`` never change)."""
    actor.require("accounts.write")
    current = get_account(con, actor, account_id)
    f = Fields(payload, IDENTITY, read_only=("id", "kind", "parent_id", "created_at"))
    changes = identity(f, partial=True)
    f.check()
    if all(current[k] == v for k, v in changes.items()):
        return current  # nothing changes: nothing is logged
    with transaction(con):
        con.execute(
            sql("account_update"),
            {**{k: current[k] for k in IDENTITY}, **changes, "id": account_id},
        )
        before = {k: current[k] for k in changes}
        log_change(
            con, actor, "account.updated", account_id, account_id,
            {"before": before, "after": changes}, now,
        )  # fmt: skip
    return get_account(con, actor, account_id)


def archive_account(
    con: sqlite3.Connection, actor: Actor, account_id: str, now: datetime
) -> dict[str, Any]:
    """Set ``archived_at`` (an entity: super_admin only); archiving twice changes nothing."""
    actor.require("accounts.write")
    current = get_account(con, actor, account_id)
    if current["kind"] == "entity" and actor.role != "super_admin":
        raise ApiError(403, "forbidden", "Only a super_admin may archive an entity.")
    if current["archived_at"] is None:
        with transaction(con):
            con.execute(sql("account_archive"), {"id": account_id, "now": iso(now)})
            log_change(con, actor, "account.archived", account_id, account_id, {}, now)
    return get_account(con, actor, account_id)


def unarchive_account(
    con: sqlite3.Connection, actor: Actor, account_id: str, now: datetime
) -> dict[str, Any]:
    """Clear ``archived_at`` (an entity: super_admin only; a brand of an archived entity: 409,
    the entity first); the leads the archive held are routed now (``released_leads``) and the
    waiting leads of its buyers' products tried again (``woken_leads``). Unarchiving an active
    account changes nothing."""
    actor.require("accounts.write")
    current = get_account(con, actor, account_id)
    if current["kind"] == "entity" and actor.role != "super_admin":
        raise ApiError(403, "forbidden", "Only a super_admin may unarchive an entity.")
    parent = _row(con, current["parent_id"]) if current["parent_id"] else None
    if parent is not None and parent["archived_at"] is not None:
        raise ApiError(
            409, "conflict", f"Its entity {parent['id']!r} is archived: unarchive it first."
        )
    released = woken = 0
    if current["archived_at"] is not None:
        with transaction(con):
            con.execute(sql("account_unarchive"), {"id": account_id})
            held = con.execute(sql("leads_held_by_archive"), {"account_id": account_id})
            lead_ids = [r[0] for r in held.fetchall()]
            for lead_id in lead_ids:
                backlog.requeue(con, lead_id, now)
            released = len(lead_ids)
            params = {"account_id": account_id, "now": iso(now)}
            woken = con.execute(sql("wake_account_buyers"), params).rowcount
            detail = {"released_leads": released, "woken_leads": woken}
            log_change(con, actor, "account.unarchived", account_id, account_id, detail, now)
    return {**get_account(con, actor, account_id), "released_leads": released, "woken_leads": woken}
