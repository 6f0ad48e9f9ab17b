"""Buyers: the companies leads are delivered to — for API v1, the CLI and the dashboard.

Readers list and read the buyers of their accounts (another tenant's buyer is a 404); ops create,
change and archive them (``active = 0``: kept, never deleted, sales and credits refer to them).
A buyer's webhook URL is http(s) and never a private, loopback or link-local address (unless
``allow_private_network``: the demo, tests). Its signing secret is given (a Standard Webhooks
secret) or generated and returned once; it is stored encrypted and never shown again
(``has_secret`` only), nor logged (``secret_changed`` only). A test buyer (``is_test``) takes test
leads only and is never billed (decision 0050). How leads are delivered (mode,
mapping, auth headers) stays with :func:`hub.services.delivery.set_delivery`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.db import iso, new_id, sql, transaction
from hub.errors import ApiError
from hub.security import SecretBox, new_webhook_secret
from hub.services.accounts import IDENTITY, identity
from hub.services.actor import Actor, log_change
from hub.services.buyer_fields import (
    PAYMENT_DAYS,
    WINDOW,
    contact_value,
    cycle_value,
    days_value,
    flag_value,
    secret_value,
    url_value,
)
from hub.services.fields import Fields, page, visible
from hub.settings import Settings

EDITABLE = (
    *IDENTITY,  # name and the legal identity invoices print
    "contact_email",
    "webhook_url",
    "dedupes",
    "return_window_days",
    "billing_cycle",
    "payment_days",
    "is_test",  # a test buyer: test leads only, never billed (decision 0050)
    "active",
)
_FLAGS = ("dedupes", "is_test", "active")  # stored 0/1


def _box(settings: Settings) -> SecretBox:
    return SecretBox.from_settings(settings.secret_key, settings.data_dir / "secret.key")


def _item(row: sqlite3.Row, *, shown: bool = True) -> dict[str, Any]:
    """A buyer as shown (a URL's query may hold a token: cut) or, ``shown=False``, as stored."""
    out = dict(row)
    for flag in ("has_secret", "dedupes", "is_test", "active"):
        out[flag] = bool(out[flag])
    if shown:
        out["webhook_url"] = out["webhook_url"].split("?")[0]
    return out


def _logged(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as the log keeps them: a URL's query (it may hold a token) cut."""
    out = dict(values)
    if out.get("webhook_url"):
        out["webhook_url"] = str(out["webhook_url"]).split("?")[0]
    return out


def _stored(con: sqlite3.Connection, actor: Actor, buyer_id: str) -> dict[str, Any]:
    get_buyer(con, actor, buyer_id)  # 404 outside the actor's accounts
    row = _row(con, buyer_id)
    assert row is not None
    return _item(row, shown=False)


def _row(con: sqlite3.Connection, buyer_id: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = con.execute(sql("buyer_get"), {"id": buyer_id}).fetchone()
    return row


def list_buyers(
    con: sqlite3.Connection,
    actor: Actor,
    offset: int = 0,
    limit: int = 50,
    *,
    account_id: str | None = None,
    active: bool | None = None,
    is_test: bool | None = None,
) -> dict[str, Any]:
    """The buyers the actor sees, filtered by ``account_id``, ``active`` and ``is_test``."""
    actor.require("buyers.read")
    rows = [
        item
        for item in (_item(r) for r in con.execute(sql("buyers_all")))
        if actor.sees(item["account_id"])
        and (account_id is None or item["account_id"] == account_id)
        and (active is None or item["active"] == active)
        and (is_test is None or item["is_test"] == is_test)
    ]
    return page(rows, offset, limit)


def get_buyer(con: sqlite3.Connection, actor: Actor, buyer_id: str) -> dict[str, Any]:
    actor.require("buyers.read")
    return _item(visible(actor, _row(con, buyer_id), "buyer", buyer_id))


def create_buyer(
    con: sqlite3.Connection,
    actor: Actor,
    settings: Settings,
    payload: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """A buyer of an account the actor sees; the answer holds ``secret`` when it was generated
    (the only time it is shown)."""
    actor.require("buyers.write")
    f = Fields(payload, ("id", "account_id", "secret", *EDITABLE[:-1]))
    ident = f.ident()
    account_id = f.text("account_id", required=True, max_len=64)
    if account_id is not None:
        account = con.execute(sql("account_get"), {"id": account_id}).fetchone()
        if account is None or not actor.sees(account_id):
            f.add("account_id", "unknown", "Compte inconnu.", "Unknown account.")
        elif account["archived_at"] is not None:
            f.add("account_id", "archived", "Compte archivé.", "The account is archived.")
    values: dict[str, Any] = {
        **identity(f, partial=False),
        "contact_email": contact_value(f),
        "webhook_url": url_value(f, settings, required=True),
        "dedupes": flag_value(f, "dedupes"),
        "return_window_days": days_value(f, "return_window_days", WINDOW),
        "billing_cycle": cycle_value(f),
        "payment_days": days_value(f, "payment_days", PAYMENT_DAYS),
        "is_test": flag_value(f, "is_test"),
    }
    given = secret_value(f)
    f.check()
    defaults = {"dedupes": True, "return_window_days": 7, "billing_cycle": "monthly"}
    for name, default in (*defaults.items(), ("payment_days", 30), ("is_test", False)):
        if values[name] is None:
            values[name] = default
    secret = given or new_webhook_secret()
    buyer_id = ident or new_id("buy")
    with transaction(con):
        if _row(con, buyer_id) is not None:
            raise ApiError(409, "conflict", f"Buyer {buyer_id!r} already exists.")
        con.execute(
            sql("buyer_insert"),
            {
                **values,
                "dedupes": int(values["dedupes"]),
                "is_test": int(values["is_test"]),
                "id": buyer_id,
                "account_id": account_id,
                "secret_enc": _box(settings).encrypt(secret),
                "created_at": iso(now),
            },
        )
        detail = {"account_id": account_id, **_logged(values), "secret_changed": True}
        log_change(con, actor, "buyer.created", buyer_id, account_id, detail, now)
    created = get_buyer(con, actor, buyer_id)
    if given is None:
        created["secret"] = secret  # shown once
    return created


def update_buyer(
    con: sqlite3.Connection,
    actor: Actor,
    settings: Settings,
    buyer_id: str,
    payload: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """Change any of :data:`EDITABLE` or the signing ``secret`` (a given one; logged as
    ``secret_changed`` only)."""
    actor.require("buyers.write")
    current = _stored(con, actor, buyer_id)
    f = Fields(
        payload,
        (*EDITABLE, "secret"),
        read_only=("id", "account_id", "created_at", "has_secret", "delivery_mode"),
    )
    changes: dict[str, Any] = dict(identity(f, partial=True))
    if f.given("contact_email"):
        changes["contact_email"] = contact_value(f)
    if f.given("webhook_url"):
        changes["webhook_url"] = url_value(f, settings, required=True)
    for name in ("dedupes", "is_test", "active"):
        if f.given(name):
            changes[name] = flag_value(f, name)
            if changes[name] is None:
                f.add(name, "required", "Champ obligatoire.", f"{name} is required.")
    for name, bounds in (("return_window_days", WINDOW), ("payment_days", PAYMENT_DAYS)):
        if f.given(name):
            changes[name] = days_value(f, name, bounds)
            if changes[name] is None and not f.errors:
                f.add(name, "required", "Champ obligatoire.", "A number of days.")
    if f.given("billing_cycle"):
        changes["billing_cycle"] = cycle_value(f)
        if changes["billing_cycle"] is None and not f.errors:
            f.add("billing_cycle", "required", "Champ obligatoire.", "billing_cycle is required.")
    secret = secret_value(f) if f.given("secret") else None
    if f.given("secret") and secret is None and not f.errors:
        f.add("secret", "required", "Secret obligatoire.", "secret is required.")
    f.check()
    changes = {k: v for k, v in changes.items() if current[k] != v}
    if not changes and secret is None:
        return get_buyer(con, actor, buyer_id)  # nothing changes: nothing is logged
    merged = {k: current[k] for k in EDITABLE} | changes
    merged = {k: int(v) if k in _FLAGS else v for k, v in merged.items()}
    with transaction(con):
        con.execute(sql("buyer_update"), {**merged, "id": buyer_id})
        if secret is not None:
            encrypted = _box(settings).encrypt(secret)
            con.execute(sql("buyer_secret_set"), {"id": buyer_id, "secret_enc": encrypted})
        detail: dict[str, Any] = {
            "before": _logged({k: current[k] for k in changes}),
            "after": _logged(changes),
        }
        if secret is not None:
            detail["secret_changed"] = True
        log_change(con, actor, "buyer.updated", buyer_id, current["account_id"], detail, now)
    return get_buyer(con, actor, buyer_id)


def archive_buyer(
    con: sqlite3.Connection, actor: Actor, buyer_id: str, now: datetime
) -> dict[str, Any]:
    """``active = 0`` (kept, never deleted); archiving twice changes nothing."""
    actor.require("buyers.write")
    current = _stored(con, actor, buyer_id)
    if current["active"]:
        merged = {k: current[k] for k in EDITABLE}
        merged = {k: int(v) if k in _FLAGS else v for k, v in merged.items()} | {"active": 0}
        with transaction(con):
            con.execute(sql("buyer_update"), {**merged, "id": buyer_id})
            log_change(con, actor, "buyer.archived", buyer_id, current["account_id"], {}, now)
    return get_buyer(con, actor, buyer_id)
