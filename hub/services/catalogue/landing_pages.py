"""Landing pages: create, list, read, change, archive, and the integration brief."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.db import iso, new_id, sql, transaction
from hub.errors import ApiError
from hub.services.actor import Actor, log_change
from hub.services.catalogue.common import (
    LP_FIELDS,
    READ_ONLY,
    account_value,
    active_value,
    allow,
    new_key,
    product_value,
    url_value,
    variants_value,
)
from hub.services.fields import Fields, page, visible
from hub.settings import Settings


def _shown(row: sqlite3.Row) -> dict[str, Any]:
    lp = dict(row)
    lp["variants"] = json.loads(lp["variants"] or "[]")
    return lp


def _stored(lp: Mapping[str, Any]) -> dict[str, Any]:
    return {**lp, "variants": json.dumps(lp["variants"])}


def lp_row(con: sqlite3.Connection, lp_id: str) -> dict[str, Any] | None:
    row = con.execute(sql("lp_get"), {"id": lp_id}).fetchone()
    return None if row is None else _shown(row)


def get_lp(con: sqlite3.Connection, actor: Actor, lp_id: str) -> dict[str, Any]:
    actor.require("catalogue.read")
    lp = lp_row(con, lp_id)
    return visible(actor, lp, "landing page", lp_id)


def list_lps(
    con: sqlite3.Connection,
    actor: Actor,
    offset: int = 0,
    limit: int = 50,
    account_id: str | None = None,
    product: str | None = None,
) -> dict[str, Any]:
    actor.require("catalogue.read")
    rows = [
        _shown(r)
        for r in con.execute(sql("lps_all"))
        if actor.sees(r["account_id"])
        and (account_id is None or r["account_id"] == account_id)
        and (product is None or r["product_code"] == product)
    ]
    return page(rows, offset, limit)


def create_lp(
    con: sqlite3.Connection, actor: Actor, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """An LP of an account the actor sees: account_id, name, url (http/https), product_code,
    variants (A/B labels, the first the control)."""
    actor.require("catalogue.write")
    f = Fields(payload, LP_FIELDS)
    account_id = account_value(con, actor, f, required=True)
    name = f.text("name", required=True)
    url = url_value(f, "url", required=True)
    product = product_value(con, f, required=True)
    variants = variants_value(f) or []
    f.check()
    assert account_id and name and url and product
    lp_id = new_id("lp")
    with transaction(con):
        row = {
            "id": lp_id,
            "key": new_key(con, "lp", name),
            "account_id": account_id,
            "name": name,
            "url": url,
            "product_code": product,
            "variants": variants,
            "created_at": iso(now),
        }
        con.execute(sql("lp_insert"), _stored(row))
        log_change(con, actor, "lp.created", lp_id, account_id, row, now)
        allow(con, actor, account_id, [url], now)
    return get_lp(con, actor, lp_id)


def update_lp(
    con: sqlite3.Connection, actor: Actor, lp_id: str, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """Change name, url, product_code, variants or active (the key and account never
    change)."""
    actor.require("catalogue.write")
    current = get_lp(con, actor, lp_id)
    allowed = ("name", "url", "product_code", "variants", "active")
    f = Fields(payload, allowed, read_only=(*READ_ONLY, "account_id"))
    changes: dict[str, Any] = {}
    if f.given("name"):
        changes["name"] = f.text("name", required=True)
    if f.given("url"):
        changes["url"] = url_value(f, "url", required=True)
    if f.given("product_code"):
        changes["product_code"] = product_value(
            con, f, required=True, keeps=current["product_code"]
        )
    if f.given("variants"):
        changes["variants"] = variants_value(f)
        if changes["variants"] is None and not f.errors:
            f.add("variants", "required", "Liste attendue.", "A list is expected.")
    if f.given("active"):
        changes["active"] = active_value(f)
    f.check()
    changes = {k: v for k, v in changes.items() if current[k] != v}
    if not changes:
        return current
    with transaction(con):
        con.execute(sql("lp_update"), _stored({**current, **changes}))
        before = {k: current[k] for k in changes}
        log_change(
            con, actor, "lp.updated", lp_id, current["account_id"],
            {"before": before, "after": changes}, now,
        )  # fmt: skip
        if "url" in changes:
            allow(con, actor, current["account_id"], [changes["url"]], now)
    return get_lp(con, actor, lp_id)


def archive_lp(con: sqlite3.Connection, actor: Actor, lp_id: str, now: datetime) -> dict[str, Any]:
    """``active = 0`` (kept, never deleted); archiving twice changes nothing."""
    actor.require("catalogue.write")
    current = get_lp(con, actor, lp_id)
    if current["active"]:
        with transaction(con):
            con.execute(sql("lp_update"), _stored({**current, "active": 0}))
            log_change(con, actor, "lp.archived", lp_id, current["account_id"], {}, now)
    return get_lp(con, actor, lp_id)


def lp_brief(
    con: sqlite3.Connection, actor: Actor, settings: Settings, lp_id: str, fmt: str = "md"
) -> str:
    """The integration brief of an LP and its forms (``md`` or ``html``)."""
    from hub import brief

    if fmt not in ("md", "html"):
        raise ApiError(422, "invalid_query", "format is md or html.")
    lp = get_lp(con, actor, lp_id)
    try:
        if fmt == "html":
            return brief.render_html(con, settings, lp["key"])
        return brief.render_markdown(con, settings, lp["key"])
    except brief.BriefError as exc:
        raise ApiError(409, "brief_unavailable", f"No brief: {exc}") from None
