"""Forms: paired with an LP of the same account tree; required fields, the page's own field
names (aliases), thank-you URL, consent text and the buyers it names (a new version whenever
either changes, every version kept: :mod:`hub.services.catalogue.consent`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from hub.db import iso, new_id, sql, transaction
from hub.services.actor import Actor, log_change
from hub.services.catalogue.common import (
    DEFAULT_REQUIRED,
    FORM_FIELDS,
    READ_ONLY,
    account_value,
    active_value,
    allow,
    entity_of,
    field_aliases_value,
    new_key,
    next_version,
    product_value,
    required_fields_value,
    url_value,
)
from hub.services.catalogue.consent import buyers_value, history, named_buyers, record_version
from hub.services.catalogue.landing_pages import lp_row
from hub.services.fields import Fields, page, visible


def _shown(con: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    """A stored form as the services answer it (lists and objects decoded, named buyers)."""
    form = dict(row)
    form["required_fields"] = json.loads(form["required_fields"] or "[]")
    form["field_aliases"] = json.loads(form["field_aliases"] or "{}")
    form["consent_buyers"] = named_buyers(con, form["id"], form["consent_version"])
    return form


def _form_row(con: sqlite3.Connection, form_id: str) -> dict[str, Any] | None:
    row = con.execute(sql("form_get"), {"id": form_id}).fetchone()
    return None if row is None else _shown(con, row)


def _stored(form: Mapping[str, Any]) -> dict[str, Any]:
    """A form's columns as ``form_insert``/``form_update`` take them."""
    row = {k: v for k, v in form.items() if k != "consent_buyers"}
    row["required_fields"] = json.dumps(row["required_fields"])
    row["field_aliases"] = json.dumps(row["field_aliases"], ensure_ascii=False)
    return row


def get_form(con: sqlite3.Connection, actor: Actor, form_id: str) -> dict[str, Any]:
    actor.require("catalogue.read")
    form = _form_row(con, form_id)
    return visible(actor, form, "form", form_id)


def list_forms(
    con: sqlite3.Connection,
    actor: Actor,
    offset: int = 0,
    limit: int = 50,
    account_id: str | None = None,
    product: str | None = None,
    lp_id: str | None = None,
) -> dict[str, Any]:
    actor.require("catalogue.read")
    rows = []
    for r in con.execute(sql("forms_all")):
        if (
            actor.sees(r["account_id"])
            and (account_id is None or r["account_id"] == account_id)
            and (product is None or r["product_code"] == product)
            and (lp_id is None or r["lp_id"] == lp_id)
        ):
            rows.append(_shown(con, r))
    return page(rows, offset, limit)


def _lp_of_form(
    con: sqlite3.Connection, actor: Actor, f: Fields, account_id: str | None
) -> tuple[bool, dict[str, Any] | None]:
    """(given, the LP) of ``lp_id``: visible and in the same account tree as the form."""
    if not f.given("lp_id"):
        return False, None
    lp_id = f.text("lp_id", max_len=64)
    if lp_id is None:
        return True, None
    lp = lp_row(con, lp_id)
    if lp is None or not actor.sees(lp["account_id"]):
        f.add("lp_id", "unknown", "Landing page inconnue.", "Unknown landing page.")
        return True, None
    if account_id is not None and entity_of(con, lp["account_id"]) != entity_of(con, account_id):
        f.add(
            "lp_id",
            "other_account",
            "La landing page est d'un autre compte.",
            "The landing page belongs to another account tree.",
        )
        return True, None
    return True, lp


def create_form(
    con: sqlite3.Connection, actor: Actor, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """A form: account_id (default: its LP's), lp_id, name, url, thank_you_url, product_code
    (default: its LP's), consent_text, consent_buyers (ids; none: any buyer), required_fields
    (default first/last name, phone, postal code), field_aliases. Its consent version is
    ``v1``."""
    actor.require("catalogue.write")
    f = Fields(payload, FORM_FIELDS)
    account_id = account_value(con, actor, f, required=False)
    _, lp = _lp_of_form(con, actor, f, account_id)
    if account_id is None and not f.given("account_id"):
        if lp is None:
            f.add("account_id", "required", "Champ obligatoire.", "account_id is required.")
        else:
            account_id = lp["account_id"]
    name = f.text("name", required=True)
    url = url_value(f, "url", required=True)
    thank_you = url_value(f, "thank_you_url", required=True)
    if f.given("product_code") or lp is None:
        product = product_value(con, f, required=True)
    else:
        product = lp["product_code"]
    consent = f.text("consent_text", required=True, max_len=5000)
    required = required_fields_value(f)
    aliases = field_aliases_value(f) or {}
    buyers = buyers_value(con, actor, f) or []
    f.check()
    assert account_id and name and url and thank_you and product and consent
    form_id = new_id("frm")
    with transaction(con):
        row = {
            "id": form_id,
            "key": new_key(con, "form", name),
            "account_id": account_id,
            "lp_id": lp["id"] if lp else None,
            "name": name,
            "url": url,
            "thank_you_url": thank_you,
            "product_code": product,
            "consent_version": "v1",
            "consent_text": consent,
            "required_fields": list(DEFAULT_REQUIRED) if required is None else required,
            "field_aliases": aliases,
            "created_at": iso(now),
        }
        con.execute(sql("form_insert"), _stored(row))
        record_version(con, form_id, "v1", consent, buyers, now)
        detail = {**row, "consent_buyers": buyers}
        log_change(con, actor, "form.created", form_id, account_id, detail, now)
        allow(con, actor, account_id, [url, thank_you], now)
    return get_form(con, actor, form_id)


def update_form(
    con: sqlite3.Connection, actor: Actor, form_id: str, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """Change lp_id, name, url, thank_you_url, product_code, consent_text or consent_buyers (a
    new consent version), required_fields, field_aliases or active."""
    actor.require("catalogue.write")
    current = get_form(con, actor, form_id)
    allowed = (*(n for n in FORM_FIELDS if n != "account_id"), "active")
    f = Fields(payload, allowed, read_only=(*READ_ONLY, "account_id", "consent_version"))
    changes: dict[str, Any] = {}
    given, lp = _lp_of_form(con, actor, f, current["account_id"])
    if given:
        changes["lp_id"] = lp["id"] if lp else None
    if f.given("name"):
        changes["name"] = f.text("name", required=True)
    for name in ("url", "thank_you_url"):
        if f.given(name):
            changes[name] = url_value(f, name, required=True)
    if f.given("product_code"):
        changes["product_code"] = product_value(
            con, f, required=True, keeps=current["product_code"]
        )
    if f.given("consent_text"):
        changes["consent_text"] = f.text("consent_text", required=True, max_len=5000)
    if f.given("required_fields"):
        changes["required_fields"] = required_fields_value(f)
        if changes["required_fields"] is None:
            f.add("required_fields", "required", "Champ obligatoire.", "A list is expected.")
    if f.given("field_aliases"):
        changes["field_aliases"] = field_aliases_value(f)
        if changes["field_aliases"] is None and not f.errors:
            f.add("field_aliases", "required", "Champ obligatoire.", "An object is expected.")
    if f.given("consent_buyers"):
        changes["consent_buyers"] = buyers_value(con, actor, f)
        if changes["consent_buyers"] is None and not f.errors:
            f.add("consent_buyers", "required", "Champ obligatoire.", "A list is expected.")
    if f.given("active"):
        changes["active"] = active_value(f)
    f.check()
    changes = {k: v for k, v in changes.items() if current[k] != v}
    if not changes:
        return current
    if "consent_text" in changes or "consent_buyers" in changes:
        changes["consent_version"] = next_version(current["consent_version"])
    with transaction(con):
        row = {**current, **changes}
        if "consent_version" in changes:
            record_version(
                con, form_id, row["consent_version"], row["consent_text"],
                row["consent_buyers"], now,
            )  # fmt: skip
        con.execute(sql("form_update"), _stored(row))
        before = {k: current[k] for k in changes}
        log_change(
            con, actor, "form.updated", form_id, current["account_id"],
            {"before": before, "after": changes}, now,
        )  # fmt: skip
        urls = [changes[n] for n in ("url", "thank_you_url") if n in changes]
        allow(con, actor, current["account_id"], urls, now)
    return get_form(con, actor, form_id)


def archive_form(
    con: sqlite3.Connection, actor: Actor, form_id: str, now: datetime
) -> dict[str, Any]:
    """``active = 0`` (kept, never deleted); archiving twice changes nothing."""
    actor.require("catalogue.write")
    current = get_form(con, actor, form_id)
    if current["active"]:
        with transaction(con):
            row = _stored({**current, "active": 0})
            con.execute(sql("form_update"), row)
            log_change(con, actor, "form.archived", form_id, current["account_id"], {}, now)
    return get_form(con, actor, form_id)


def consent_versions(con: sqlite3.Connection, actor: Actor, form_id: str) -> dict[str, Any]:
    """Every consent text the form has shown, oldest first, with the buyers it named."""
    get_form(con, actor, form_id)  # catalogue.read, 404 outside the actor's accounts
    return history(con, form_id)
