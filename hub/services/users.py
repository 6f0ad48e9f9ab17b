"""Users: people who sign in (the dashboard), each with one role on one or more accounts.

Admins manage the users of their accounts and never grant a role above their own (only a
super_admin makes a super_admin). A user is seen by an actor who sees one of its accounts, and
changed only by one who sees all of them. A password is set by the admin (argon2) or generated
and returned once. A user is disabled, never deleted (the activity log names it).
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from email_validator import EmailNotValidError, validate_email

from hub.db import iso, new_id, sql, transaction
from hub.errors import ApiError
from hub.security import hash_password
from hub.services.actor import ROLES, Actor, highest, log_change
from hub.services.fields import Fields, choice_filter, not_found, page

PASSWORD_LENGTH = (12, 200)


def email_field(f: Fields, name: str = "email") -> str | None:
    """A deliverable-looking address, normalised (domain lower-cased); no DNS lookup."""
    value = f.text(name, required=True, max_len=254)
    if value is None:
        return None
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        f.add(name, "invalid_email", "Adresse e-mail invalide.", str(exc))
        return None


def password_field(f: Fields, name: str = "password") -> str | None:
    value = f.payload.get(name)
    low, high = PASSWORD_LENGTH
    if value is None:
        return None
    if not isinstance(value, str) or not low <= len(value) <= high:
        f.add(
            name,
            "invalid_password",
            f"Mot de passe de {low} à {high} caractères.",
            f"A password has {low} to {high} characters.",
        )
        return None
    return value


def new_password() -> str:
    return secrets.token_urlsafe(15)


def _role(memberships: list[sqlite3.Row]) -> str:
    return highest(m["role"] for m in memberships)


def _memberships(con: sqlite3.Connection) -> dict[str, list[sqlite3.Row]]:
    found: dict[str, list[sqlite3.Row]] = {}
    for m in con.execute(sql("memberships_all")):
        found.setdefault(m["user_id"], []).append(m)
    return found


def _item(actor: Actor, row: sqlite3.Row, memberships: list[sqlite3.Row]) -> dict[str, Any]:
    return {
        **dict(row),
        "role": _role(memberships),
        "account_ids": actor.visible(m["account_id"] for m in memberships),
    }


def _sees(actor: Actor, memberships: list[sqlite3.Row]) -> bool:
    return actor.accounts is None or any(actor.sees(m["account_id"]) for m in memberships)


def list_users(
    con: sqlite3.Connection,
    actor: Actor,
    offset: int = 0,
    limit: int = 50,
    *,
    account_id: str | None = None,
    role: str | None = None,
    disabled: bool | None = None,
) -> dict[str, Any]:
    """The users the actor sees, filtered by ``account_id`` (one of their accounts), ``role``
    and ``disabled``."""
    actor.require("users.read")
    role = choice_filter("role", role, ROLES)
    by_user = _memberships(con)
    rows = [
        item
        for item in (
            _item(actor, r, by_user.get(r["id"], []))
            for r in con.execute(sql("users_all"))
            if _sees(actor, by_user.get(r["id"], []))
        )
        if (account_id is None or account_id in item["account_ids"])
        and (role is None or item["role"] == role)
        and (disabled is None or (item["disabled_at"] is not None) == disabled)
    ]
    return page(rows, offset, limit)


def _load(con: sqlite3.Connection, actor: Actor, user_id: str) -> tuple[sqlite3.Row, list[Any]]:
    row = con.execute(sql("user_get"), {"id": user_id}).fetchone()
    memberships = con.execute(sql("memberships_of_user"), {"user_id": user_id}).fetchall()
    if row is None or not _sees(actor, memberships):
        raise not_found("user", user_id)
    return row, memberships


def managed(
    con: sqlite3.Connection, actor: Actor, user_id: str
) -> tuple[sqlite3.Row, list[sqlite3.Row]]:
    """A user the actor may change (404 unseen; 403 when it also belongs to accounts outside
    the actor's, or has a role the actor may not grant), with its memberships."""
    row, memberships = _load(con, actor, user_id)
    if not all(actor.sees(m["account_id"]) for m in memberships):
        raise ApiError(403, "forbidden", "This user also belongs to accounts outside your own.")
    _may_grant(actor, _role(memberships))
    return row, memberships


def get_user(con: sqlite3.Connection, actor: Actor, user_id: str) -> dict[str, Any]:
    actor.require("users.read")
    row, memberships = _load(con, actor, user_id)
    return _item(actor, row, memberships)


def check_accounts(
    con: sqlite3.Connection,
    actor: Actor,
    f: Fields,
    account_ids: list[str],
    field: str = "account_ids",
) -> None:
    """Each account exists, is seen by the actor and is not archived (else 422 naming it)."""
    for account_id in account_ids:
        row = con.execute(sql("account_get"), {"id": account_id}).fetchone()
        if row is None or not actor.sees(account_id):
            f.add(field, "unknown", "Compte inconnu.", f"Unknown account {account_id!r}.")
        elif row["archived_at"] is not None:
            f.add(field, "archived", "Compte archivé.", f"Account {account_id!r} is archived.")


def _may_grant(actor: Actor, role: str) -> None:
    if not actor.may_grant(role):
        raise ApiError(403, "forbidden", f"Role {actor.role!r} may not grant role {role!r}.")


def insert_user(
    con: sqlite3.Connection,
    actor: Actor,
    values: Mapping[str, Any],
    password_hash: str,
    now: datetime,
) -> str:
    """Write a user, its memberships and the log entry (inside the caller's transaction; the
    password is hashed before it, argon2 being slow on purpose); 409 when the e-mail is taken
    (case-insensitive)."""
    if con.execute(sql("user_email_taken"), {"email": values["email"]}).fetchone():
        raise ApiError(409, "conflict", f"A user with e-mail {values['email']!r} already exists.")
    user_id = new_id("usr")
    con.execute(
        sql("user_insert"),
        {
            "id": user_id,
            "email": values["email"],
            "name": values["name"],
            "password_hash": password_hash,
            "created_at": iso(now),
        },
    )
    for account_id in values["account_ids"]:
        con.execute(
            sql("membership_insert"),
            {"user_id": user_id, "account_id": account_id, "role": values["role"]},
        )
    detail = {k: values[k] for k in ("email", "name", "role", "account_ids")}
    log_change(con, actor, "user.created", user_id, values["account_ids"][0], detail, now)
    return user_id


def create_user(
    con: sqlite3.Connection, actor: Actor, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """A new user; ``password`` is in the answer only when it was generated (shown once)."""
    actor.require("users.write")
    f = Fields(payload, ("email", "name", "role", "account_ids", "password"))
    email = email_field(f)
    name = f.text("name") or (email.split("@")[0] if email else None)
    role = f.choice("role", ROLES, required=True)
    account_ids = f.ids("account_ids", required=True)
    password = password_field(f)
    check_accounts(con, actor, f, account_ids)
    f.check()
    _may_grant(actor, role)
    values = {"email": email, "name": name, "role": role, "account_ids": account_ids}
    generated = new_password() if password is None else None
    password_hash = hash_password(password or str(generated))
    with transaction(con):
        user_id = insert_user(con, actor, values, password_hash, now)
    item = get_user(con, actor, user_id)
    return {**item, "password": generated} if generated else item


def update_user(
    con: sqlite3.Connection,
    actor: Actor,
    user_id: str,
    payload: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """Change a user's name, role or accounts (the actor must see every account it had and
    gets, and may grant both its old and its new role)."""
    actor.require("users.write")
    row, memberships = _load(con, actor, user_id)
    allowed = ("name", "role", "account_ids", "password")
    f = Fields(payload, allowed, read_only=("id", "email", "created_at"))
    changes: dict[str, Any] = {}
    password = password_field(f)
    if f.given("password") and f.payload["password"] is None:
        f.add("password", "required", "Mot de passe attendu.", "A password is expected.")
    if f.given("name"):
        changes["name"] = f.text("name", required=True)
    if f.given("role"):
        changes["role"] = f.choice("role", ROLES, required=True)
    if f.given("account_ids"):
        changes["account_ids"] = f.ids("account_ids", required=True)
        check_accounts(con, actor, f, changes["account_ids"])
    f.check()
    before = {"name": row["name"], "role": _role(memberships)}
    before["account_ids"] = [m["account_id"] for m in memberships]
    if not all(actor.sees(a) for a in before["account_ids"]):
        raise ApiError(403, "forbidden", "This user also belongs to accounts outside your own.")
    _may_grant(actor, before["role"])
    role = changes.get("role", before["role"])
    _may_grant(actor, role)
    if password is None and all(before[k] == v for k, v in changes.items()):
        return _item(actor, row, memberships)  # nothing changes: nothing is logged
    password_hash = hash_password(password) if password is not None else None
    with transaction(con):
        if "name" in changes:
            con.execute(sql("user_rename"), {"id": user_id, "name": changes["name"]})
        if password_hash is not None:
            con.execute(sql("user_password"), {"id": user_id, "password_hash": password_hash})
        if "role" in changes or "account_ids" in changes:
            con.execute(sql("memberships_delete"), {"user_id": user_id})
            for account_id in changes.get("account_ids", before["account_ids"]):
                con.execute(
                    sql("membership_insert"),
                    {"user_id": user_id, "account_id": account_id, "role": role},
                )
        account = (changes.get("account_ids") or before["account_ids"] or [None])[0]
        log_change(
            con, actor, "user.updated", user_id, account,
            {"before": {k: before[k] for k in changes}, "after": changes,
             "password_changed": password is not None}, now,
        )  # fmt: skip
    return get_user(con, actor, user_id)


def disable_user(
    con: sqlite3.Connection, actor: Actor, user_id: str, now: datetime
) -> dict[str, Any]:
    """Set ``disabled_at``: the user signs in no more; kept with its history."""
    actor.require("users.write")
    row, memberships = managed(con, actor, user_id)
    accounts = [m["account_id"] for m in memberships]
    if row["disabled_at"] is None:
        with transaction(con):
            con.execute(sql("user_disable"), {"id": user_id, "now": iso(now)})
            account = accounts[0] if accounts else None
            log_change(con, actor, "user.disabled", user_id, account, {"email": row["email"]}, now)
    return get_user(con, actor, user_id)
