"""Tracked redirect links (``GET /r/{link_key}``), for LPs that cannot run our script: create,
list, read, change, archive.

A link belongs to an LP of the actor's accounts (its account is the LP's), optionally to one of
the LP's forms; its target is an http(s) URL (default: the form's URL). Its key is readable and
unique: ``lk_<slug of the name>_<8 random [a-z0-9]>``. An archived link (``active = 0``) still
redirects (a printed ad must not break) but the collector quarantines its clicks as
``key:inactive``; it is never deleted. Every change is in the activity log (subject: the key).
"""

from __future__ import annotations

import secrets
import sqlite3
import string
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.db import iso, sql, transaction
from hub.services.actor import Actor, log_change
from hub.services.catalogue.common import active_value, slug, url_value
from hub.services.catalogue.landing_pages import lp_row
from hub.services.fields import Fields, page, visible

LINK_FIELDS = ("lp_id", "form_id", "name", "target_url")
READ_ONLY = ("link_key", "account_id", "created_at", "updated_at")
_RANDOM = string.ascii_lowercase + string.digits


def _link_row(con: sqlite3.Connection, link_key: str) -> dict[str, Any] | None:
    row = con.execute(sql("link_get"), {"link_key": link_key}).fetchone()
    return None if row is None else dict(row)


def new_link_key(con: sqlite3.Connection, name: str) -> str:
    """A link key not taken yet: ``lk_<slug>_<8 random [a-z0-9]>`` (at most 36 characters)."""
    while True:
        key = f"lk_{slug(name)}_{''.join(secrets.choice(_RANDOM) for _ in range(8))}"
        if _link_row(con, key) is None:
            return key


def get_link(con: sqlite3.Connection, actor: Actor, link_key: str) -> dict[str, Any]:
    actor.require("catalogue.read")
    return visible(actor, _link_row(con, link_key), "redirect link", link_key)


def list_links(
    con: sqlite3.Connection,
    actor: Actor,
    offset: int = 0,
    limit: int = 50,
    account_id: str | None = None,
    lp_id: str | None = None,
    active: bool | None = None,
) -> dict[str, Any]:
    actor.require("catalogue.read")
    rows = [
        dict(r)
        for r in con.execute(sql("links_all"))
        if actor.sees(r["account_id"])
        and (account_id is None or r["account_id"] == account_id)
        and (lp_id is None or r["lp_id"] == lp_id)
        and (active is None or bool(r["active"]) == active)
    ]
    return page(rows, offset, limit)


def _lp_value(con: sqlite3.Connection, actor: Actor, f: Fields) -> dict[str, Any] | None:
    lp_id = f.text("lp_id", required=True, max_len=64)
    if lp_id is None:
        return None
    lp = lp_row(con, lp_id)
    if lp is None or not actor.sees(lp["account_id"]):
        f.add("lp_id", "unknown", "Landing page inconnue.", "Unknown landing page.")
        return None
    return lp


def _form_value(
    con: sqlite3.Connection, f: Fields, lp_id: str | None
) -> tuple[bool, dict[str, Any] | None]:
    """(given, the form) of ``form_id``: a form of the link's LP (null clears it)."""
    if not f.given("form_id"):
        return False, None
    form_id = f.text("form_id", max_len=64)
    if form_id is None:
        return True, None
    row = con.execute(sql("form_get"), {"id": form_id}).fetchone()
    if row is None or lp_id is None or row["lp_id"] != lp_id:
        f.add(
            "form_id",
            "not_of_lp",
            "Formulaire inconnu ou d'une autre landing page.",
            "Unknown form, or a form of another landing page.",
        )
        return True, None
    return True, dict(row)


def create_link(
    con: sqlite3.Connection, actor: Actor, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """A link of an LP the actor sees: lp_id, name, target_url (http/https; default: the
    form's URL), form_id (optional, a form of that LP)."""
    actor.require("catalogue.write")
    f = Fields(payload, LINK_FIELDS, read_only=READ_ONLY)
    lp = _lp_value(con, actor, f)
    _, form = _form_value(con, f, lp["id"] if lp else None)
    name = f.text("name", required=True)
    target = url_value(f, "target_url", required=not f.given("form_id"))
    if target is None and form is not None and not f.given("target_url"):
        target = form["url"]
    f.check()
    assert lp and name and target
    with transaction(con):
        row = {
            "link_key": new_link_key(con, name),
            "account_id": lp["account_id"],
            "lp_id": lp["id"],
            "form_id": form["id"] if form else None,
            "name": name,
            "target_url": target,
            "created_at": iso(now),
        }
        con.execute(sql("link_insert"), row)
        log_change(con, actor, "link.created", row["link_key"], lp["account_id"], row, now)
    return get_link(con, actor, row["link_key"])


def update_link(
    con: sqlite3.Connection,
    actor: Actor,
    link_key: str,
    payload: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """Change name, target_url, form_id (a form of the link's LP, or null) or active."""
    actor.require("catalogue.write")
    current = get_link(con, actor, link_key)
    f = Fields(payload, ("form_id", "name", "target_url", "active"), (*READ_ONLY, "lp_id"))
    changes: dict[str, Any] = {}
    given, form = _form_value(con, f, current["lp_id"])
    if given:
        changes["form_id"] = form["id"] if form else None
    if f.given("name"):
        changes["name"] = f.text("name", required=True)
    if f.given("target_url"):
        changes["target_url"] = url_value(f, "target_url", required=True)
    if f.given("active"):
        changes["active"] = active_value(f)
    f.check()
    return _save(con, actor, current, changes, "link.updated", now)


def archive_link(
    con: sqlite3.Connection, actor: Actor, link_key: str, now: datetime
) -> dict[str, Any]:
    """``active = 0``: it still redirects, its clicks are quarantined; twice changes nothing."""
    actor.require("catalogue.write")
    current = get_link(con, actor, link_key)
    return _save(con, actor, current, {"active": 0}, "link.archived", now)


def _save(
    con: sqlite3.Connection,
    actor: Actor,
    current: dict[str, Any],
    changes: dict[str, Any],
    action: str,
    now: datetime,
) -> dict[str, Any]:
    changes = {k: v for k, v in changes.items() if current[k] != v}
    if not changes:
        return current
    key = current["link_key"]
    with transaction(con):
        con.execute(sql("link_update"), {**current, **changes, "updated_at": iso(now)})
        before = {k: current[k] for k in changes}
        detail = {"before": before, "after": changes}
        log_change(con, actor, action, key, current["account_id"], detail, now)
    return get_link(con, actor, key)
