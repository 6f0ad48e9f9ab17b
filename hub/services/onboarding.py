"""``leadhub init``: the first entity, its super-admin, a first API key and the standard
products (PV, PAC, ITE), on an empty hub.

One transaction: the hub is initialised completely or not at all. An initialised hub (any
account) is refused with 409 ``already_initialised`` and nothing is written. Each object is in
the activity log with the actor (``cli`` from the command line).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from hub.db import new_id, sql, transaction
from hub.errors import ApiError, FieldError
from hub.security import hash_password
from hub.services.accounts import identity, insert_account
from hub.services.actor import Actor
from hub.services.api_keys import insert_key
from hub.services.fields import Fields
from hub.services.products import insert_standard
from hub.services.users import email_field, insert_user, new_password, password_field


@dataclass(frozen=True, slots=True)
class Started:
    account_id: str
    email: str
    password: str | None  # the generated one (None when the operator chose it)
    api_key: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "account_id": self.account_id,
            "admin": {"email": self.email, "password": self.password},
            "api_key": self.api_key,
        }


def already_initialised() -> ApiError:
    return ApiError(
        409,
        "already_initialised",
        "The hub is already initialised (it holds accounts): nothing was written. "
        "Manage it with leadhub accounts|users|keys or API v1.",
    )


def _renamed(error: FieldError, name: str) -> FieldError:
    if error.field != "name":
        return error
    message = error.message_en.replace("name", name, 1)
    return FieldError(name, error.reason, error.message_fr, message)


def is_initialised(con: sqlite3.Connection) -> bool:
    return con.execute(sql("accounts_any")).fetchone() is not None


def init_hub(
    con: sqlite3.Connection,
    actor: Actor,
    fields: dict[str, Any],
    now: datetime,
) -> Started:
    """``fields``: ``entity_name`` (``name`` of the entity), ``siren``, ``vat_number``,
    ``email``, ``admin_name``, ``password`` (generated when absent)."""
    if actor.role != "super_admin":
        raise ApiError(403, "forbidden", "Only the server's operator may initialise the hub.")
    if is_initialised(con):
        raise already_initialised()
    entity = Fields(
        {"name": fields.get("entity_name"), "siren": fields.get("siren"),
         "vat_number": fields.get("vat_number")},
        ("name", "siren", "vat_number"),
    )  # fmt: skip
    values = identity(entity, partial=True)
    admin = Fields(
        {"email": fields.get("email"), "name": fields.get("admin_name"),
         "password": fields.get("password")},
        ("email", "name", "password"),
    )  # fmt: skip
    email = email_field(admin)
    name = admin.text("name") or (email.split("@")[0] if email else None)
    password = password_field(admin)
    # the options are named entity_name and admin_name: the errors say so
    entity.errors = [_renamed(e, "entity_name") for e in entity.errors]
    entity.errors += [_renamed(e, "admin_name") for e in admin.errors]
    entity.check()
    assert email is not None
    generated = new_password() if password is None else None
    account_id = new_id("acc")
    password_hash = hash_password(password or str(generated))
    with transaction(con):
        if is_initialised(con):
            raise already_initialised()
        insert_account(con, actor, account_id, "entity", None, values, now)
        user = {"email": email, "name": name, "role": "super_admin", "account_ids": [account_id]}
        insert_user(con, actor, user, password_hash, now)
        _, key = insert_key(con, actor, account_id, "init", "super_admin", now)
        insert_standard(con, actor, now)
    return Started(account_id, email, generated, key)
