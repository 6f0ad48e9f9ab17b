"""Intercompany transfer prices per product and pair of entities — for API v1, the CLI and the
dashboard (decision 0062).

A price names the producing entity (``from_entity``: the lead's account's entity, which bills)
and the selling one (``to_entity``: the buyer's account's entity, which is billed), each
optional (``None`` = any entity); a product's default names neither. A sale across entities
freezes the most specific price of its pair (``routing/sql/delivery_transfer.sql``), else the
default. Prices are cents, ``0`` to :data:`MAX_TRANSFER_PRICE_CENTS`.

Read with ``prices.read``, set and deleted with ``prices.write``. Defaults are shared by every
account (as products are); a pair is seen and changed by the actors who see at least one of its
entities (both parties to it), another's pair is a ``404``. Each change is logged before →
after, under the pair's entity the actor sees.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.db import iso, sql, transaction
from hub.errors import ApiError
from hub.services.actor import Actor, log_change
from hub.services.fields import Fields, page

MAX_TRANSFER_PRICE_CENTS = 10**7  # 100 000 € per lead: as a commande's price (hub/rules/commande)
PAIR = ("from_entity", "to_entity")


def _seen(actor: Actor, row: Mapping[str, Any]) -> bool:
    named = [row[k] for k in PAIR if row[k] is not None]
    return not named or any(actor.sees(a) for a in named)


def list_prices(
    con: sqlite3.Connection,
    actor: Actor,
    offset: int = 0,
    limit: int = 50,
    *,
    product: str | None = None,
) -> dict[str, Any]:
    """The defaults and the pairs the actor sees (filter: ``product`` code)."""
    actor.require("prices.read")
    rows = [
        dict(r)
        for r in con.execute(sql("transfer_prices_all"))
        if (product is None or r["product_code"] == product) and _seen(actor, r)
    ]
    return page(rows, offset, limit)


def _pair(con: sqlite3.Connection, actor: Actor, f: Fields) -> tuple[str | None, str | None]:
    """The pair a body names: each an active entity's id or null; ``404`` when the actor sees
    neither; ``422`` naming the field for an unknown account, a brand or twice the same."""
    raw = {k: f.payload.get(k) for k in PAIR}
    for name, value in raw.items():
        if value is not None and (not isinstance(value, str) or not value):
            f.add(name, "invalid", "Identifiant d'entité attendu.", f"{name}: an entity id.")
            raw[name] = None
    named = [v for v in raw.values() if v is not None]
    if named and not any(actor.sees(v) for v in named):
        raise ApiError(404, "not_found", "No transfer price pair in this account.")
    for name, value in raw.items():
        if value is None:
            continue
        row = con.execute(sql("account_get"), {"id": value}).fetchone()
        if row is None:
            f.add(name, "unknown", "Entité inconnue.", f"Unknown entity {value!r}.")
        elif row["kind"] != "entity":
            f.add(
                name,
                "not_an_entity",
                f"« {value} » est une marque : nommez son entité ({row['parent_id']}).",
                f"{value!r} is a brand: name its entity ({row['parent_id']}).",
            )
    if named and raw["from_entity"] == raw["to_entity"]:
        f.add(
            "to_entity",
            "same_entity",
            "Une vente dans une même entité n'a pas de prix de cession.",
            "A sale within one entity has no transfer price.",
        )
    return raw["from_entity"], raw["to_entity"]


def _product(con: sqlite3.Connection, f: Fields, code: str) -> None:
    if con.execute(sql("product_get"), {"code": code}).fetchone() is None:
        f.add("product_code", "unknown", "Produit inconnu.", f"Unknown product {code!r}.")


def _key(code: str, pair: tuple[str | None, str | None]) -> dict[str, Any]:
    return {"code": code, "from_entity": pair[0], "to_entity": pair[1]}


def _log_account(actor: Actor, pair: tuple[str | None, str | None]) -> str | None:
    """The pair's entity the change is logged under: one the actor sees (defaults: none)."""
    return next((a for a in pair if a is not None and actor.sees(a)), None)


def set_price(
    con: sqlite3.Connection,
    actor: Actor,
    code: str,
    payload: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """Set (create or replace) a known product's transfer price for a pair (none named: the
    product's default), logged before → after."""
    actor.require("prices.write")
    f = Fields(payload, ("price_cents", *PAIR), read_only=("product_code", "updated_at"))
    cents = f.payload.get("price_cents")
    if (
        isinstance(cents, bool)
        or not isinstance(cents, int)
        or not 0 <= cents <= MAX_TRANSFER_PRICE_CENTS
    ):
        f.add(
            "price_cents",
            "invalid",
            "Un nombre entier de centimes, de 0 à 100 000 €.",
            "A whole number of cents, from 0 to 100,000 €.",
        )
    pair = _pair(con, actor, f)
    _product(con, f, code)
    f.check()
    key = _key(code, pair)
    with transaction(con):
        before = con.execute(sql("transfer_price_get"), key).fetchone()
        old = None if before is None else before["price_cents"]
        if old != cents:
            con.execute(sql("transfer_price_set"), {**key, "price_cents": cents, "now": iso(now)})
            detail = {
                "from_entity": pair[0],
                "to_entity": pair[1],
                "before": {"price_cents": old},
                "after": {"price_cents": cents},
            }
            log_change(
                con, actor, "transfer_price.set", code, _log_account(actor, pair), detail, now
            )
    return dict(con.execute(sql("transfer_price_get"), key).fetchone())


def delete_price(
    con: sqlite3.Connection,
    actor: Actor,
    code: str,
    payload: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """Delete a pair's price (sales of the pair then freeze a less specific one); a product's
    default is replaced, never deleted (``422``: its sales across entities would bill
    nothing). ``404`` when the pair has no price of its own."""
    actor.require("prices.write")
    f = Fields(payload, PAIR)
    pair = _pair(con, actor, f)
    if pair == (None, None) and not f.errors:
        for name in PAIR:
            f.add(
                name,
                "required",
                "Le prix par défaut se remplace, il ne se supprime pas : nommez une entité.",
                "A product's default price is replaced, not deleted: name an entity.",
            )
    f.check()
    key = _key(code, pair)
    with transaction(con):
        before = con.execute(sql("transfer_price_get"), key).fetchone()
        if before is None:
            raise ApiError(404, "not_found", f"No transfer price of {code!r} for this pair.")
        con.execute(sql("transfer_price_delete"), key)
        detail = {
            "from_entity": pair[0],
            "to_entity": pair[1],
            "before": {"price_cents": before["price_cents"]},
            "after": None,
        }
        log_change(
            con, actor, "transfer_price.deleted", code, _log_account(actor, pair), detail, now
        )
    return {**dict(before), "deleted": True}
