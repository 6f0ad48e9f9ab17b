"""Products (what a lead is about: PV, PAC, ITE…) — for API v1, the CLI and the dashboard.

Products are shared by every account: readers with ``prices.read`` list them, admins create and
change and archive them (never deleted: forms, commandes and sales refer to them; an archived
product is refused for new LPs, forms and commandes). A product's code is
``[A-Z][A-Z0-9_]{1,15}`` and never changes; ``aides`` lists the public aides it qualifies for.
Their intercompany transfer prices (per pair of entities): :mod:`hub.services.transfer_prices`.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.db import iso, sql, transaction
from hub.errors import ApiError
from hub.services.actor import Actor, log_change
from hub.services.fields import Fields, not_found, page

_CODE = re.compile(r"[A-Z][A-Z0-9_]{1,15}")
# The products every French solar / heat-pump lead business sells, with the aides they qualify
# for (2026): ``leadhub init`` and the demo start with them; custom ones are added with the API.
STANDARD: Mapping[str, tuple[str, list[str]]] = {
    "PV": ("Panneaux solaires", ["Prime à l'autoconsommation", "TVA réduite"]),
    "PAC": ("Pompe à chaleur", ["MaPrimeRénov'", "CEE (Coup de pouce chauffage)"]),
    "ITE": ("Isolation extérieure", ["MaPrimeRénov'", "CEE"]),
}


def _item(row: sqlite3.Row) -> dict[str, Any]:
    out = dict(row)
    out["aides"] = json.loads(out["aides"])
    return out


def _row(con: sqlite3.Connection, code: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = con.execute(sql("product_get"), {"code": code}).fetchone()
    return row


def _aides(f: Fields) -> list[str] | None:
    value = f.payload.get("aides")
    if value is None:
        return None
    if not isinstance(value, list) or not all(
        isinstance(v, str) and v.strip() and len(v) <= 100 for v in value
    ):
        f.add(
            "aides",
            "invalid",
            "Liste de noms d'aides attendue.",
            "aides must be a list of non-empty strings.",
        )
        return None
    return list(dict.fromkeys(v.strip() for v in value))


def list_products(
    con: sqlite3.Connection,
    actor: Actor,
    offset: int = 0,
    limit: int = 50,
    *,
    archived: bool | None = None,
) -> dict[str, Any]:
    actor.require("prices.read")
    rows = [
        _item(r)
        for r in con.execute(sql("products_all"))
        if archived is None or (r["archived_at"] is not None) == archived
    ]
    return page(rows, offset, limit)


def get_product(con: sqlite3.Connection, actor: Actor, code: str) -> dict[str, Any]:
    actor.require("prices.read")
    row = _row(con, code)
    if row is None:
        raise not_found("product", code)
    return _item(row)


def create_product(
    con: sqlite3.Connection, actor: Actor, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """A new product; 409 when its code is taken."""
    actor.require("products.write")
    f = Fields(payload, ("code", "label", "aides"))
    code = f.text("code", required=True, max_len=16)
    if code is not None and not _CODE.fullmatch(code):
        f.add(
            "code",
            "invalid_code",
            "Code : une majuscule puis 1 à 15 majuscules, chiffres ou _.",
            "code: an upper-case letter then 1 to 15 upper-case letters, digits or _.",
        )
    label = f.text("label", required=True)
    aides = _aides(f) or []
    f.check()
    assert code is not None
    with transaction(con):
        if _row(con, code) is not None:
            raise ApiError(409, "conflict", f"Product {code!r} already exists.")
        con.execute(
            sql("product_insert"), {"code": code, "label": label, "aides": json.dumps(aides)}
        )
        detail = {"label": label, "aides": aides}
        log_change(con, actor, "product.created", code, None, detail, now)
    return get_product(con, actor, code)


def insert_standard(con: sqlite3.Connection, actor: Actor, now: datetime) -> None:
    """The :data:`STANDARD` products missing from the hub, each logged (inside the caller's
    transaction)."""
    for code, (label, aides) in STANDARD.items():
        if _row(con, code) is None:
            values = {"code": code, "label": label, "aides": json.dumps(aides)}
            con.execute(sql("product_insert"), values)
            detail = {"label": label, "aides": aides}
            log_change(con, actor, "product.created", code, None, detail, now)


def update_product(
    con: sqlite3.Connection,
    actor: Actor,
    code: str,
    payload: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """Change a product's label or aides (its code never changes)."""
    actor.require("products.write")
    current = get_product(con, actor, code)
    f = Fields(payload, ("label", "aides"), read_only=("code",))
    changes: dict[str, Any] = {}
    if f.given("label"):
        changes["label"] = f.text("label", required=True)
    if f.given("aides"):
        changes["aides"] = _aides(f)
        if changes["aides"] is None and not f.errors:
            f.add("aides", "required", "Liste attendue.", "aides must be a list.")
    f.check()
    changes = {k: v for k, v in changes.items() if current[k] != v}
    if not changes:
        return current
    merged = {**current, **changes}
    with transaction(con):
        con.execute(
            sql("product_update"),
            {"code": code, "label": merged["label"], "aides": json.dumps(merged["aides"])},
        )
        detail = {"before": {k: current[k] for k in changes}, "after": changes}
        log_change(con, actor, "product.updated", code, None, detail, now)
    return get_product(con, actor, code)


def archive_product(
    con: sqlite3.Connection, actor: Actor, code: str, now: datetime
) -> dict[str, Any]:
    """Archive a product: what uses it keeps working, new LPs, forms and commandes may not pick
    it (422 ``archived``). Archiving an archived product changes nothing."""
    return _set_archived(con, actor, code, now, archive=True)


def unarchive_product(
    con: sqlite3.Connection, actor: Actor, code: str, now: datetime
) -> dict[str, Any]:
    """Open an archived product for new uses again."""
    return _set_archived(con, actor, code, now, archive=False)


def _set_archived(
    con: sqlite3.Connection, actor: Actor, code: str, now: datetime, *, archive: bool
) -> dict[str, Any]:
    actor.require("products.write")
    get_product(con, actor, code)  # 404
    name, action = ("product_archive", "product.archived")
    if not archive:
        name, action = ("product_unarchive", "product.unarchived")
    with transaction(con):
        if con.execute(sql(name), {"code": code, "now": iso(now)}).rowcount:
            log_change(con, actor, action, code, None, {}, now)
    return get_product(con, actor, code)
