"""The catalogue of an account: its landing pages (LPs), their forms and the origins allowed to
send tracking events.

For API v1 and the CLI alike. Everyone reads the catalogue of the accounts it sees; admins and
marketers create, change and archive LPs and forms, and manage origins. An LP or a form gets a
readable, unique public key (``lp_<slug>_<8 random>``, ``form_<slug>_<8 random>``); it is
archived (``active = 0``), never deleted (leads refer to it). Creating or changing one adds the
origin (``scheme://host[:port]``) of its URLs to the account's allowed origins. A form's consent
version changes whenever its consent text does (``v1``, ``v2``…); each lead keeps the version it
saw. Every change is in the activity log.
"""

from __future__ import annotations

import json
import re
import secrets
import sqlite3
import string
import unicodedata
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from hub.db import iso, new_id, sql, transaction
from hub.errors import ApiError
from hub.services.actor import Actor, log_change
from hub.services.fields import Fields, not_found, page
from hub.settings import Settings

# The lead fields a form may require (the known fields of ingest.intake.validate.FIELDS that a
# visitor types or ticks).
LEAD_FIELDS = ("first_name", "last_name", "email", "phone", "postal_code", "city", "consent")
DEFAULT_REQUIRED = ("first_name", "last_name", "phone", "postal_code")
LP_FIELDS = ("account_id", "name", "url", "product_code")
FORM_FIELDS = (
    "account_id",
    "lp_id",
    "name",
    "url",
    "thank_you_url",
    "product_code",
    "consent_text",
    "required_fields",
)
_READ_ONLY = ("id", "key", "created_at")
_RANDOM = string.ascii_lowercase + string.digits
_VERSION = re.compile(r"^(.*?)(\d+)$")


# values


def slug(name: str, max_len: int = 24) -> str:
    """``Pompe à chaleur 2026`` → ``pompe_a_chaleur_2026`` (``page`` when nothing is left)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:max_len].strip("_")
    return text or "page"


def new_key(con: sqlite3.Connection, prefix: str, name: str) -> str:
    """A public key not taken by any LP or form: ``<prefix>_<slug>_<8 random [a-z0-9]>``."""
    while True:
        key = f"{prefix}_{slug(name)}_{''.join(secrets.choice(_RANDOM) for _ in range(8))}"
        if con.execute(sql("lp_key_taken"), {"key": key}).fetchone() is None:
            return key


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def next_version(version: str | None) -> str:
    """``v1`` → ``v2``, ``2026-11-v1`` → ``2026-11-v2``; anything else gets ``-v2``."""
    if not version:
        return "v1"
    match = _VERSION.match(version)
    if match is None:
        return f"{version}-v2"
    return f"{match.group(1)}{int(match.group(2)) + 1}"


def _url(f: Fields, name: str, *, required: bool) -> str | None:
    value = f.text(name, required=required, max_len=2000)
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        f.add(
            name,
            "invalid_url",
            "Une URL http:// ou https:// est attendue.",
            f"{name} must be an http:// or https:// URL.",
        )
        return None
    return value


def _origin_value(f: Fields) -> str | None:
    value = f.text("origin", required=True, max_len=300)
    if value is None:
        return None
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 (a bad port raises)
    except ValueError:
        parts = parts._replace(netloc="")
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or "@" in parts.netloc
    ):
        f.add(
            "origin",
            "invalid_origin",
            "Une origine http(s)://hôte[:port], sans chemin, est attendue.",
            "An origin http(s)://host[:port], without a path, is expected.",
        )
        return None
    return origin_of(value)


def _active(f: Fields) -> int | None:
    value = f.payload.get("active")
    if not isinstance(value, bool):
        f.add("active", "invalid", "Vrai ou faux attendu.", "active must be true or false.")
        return None
    return int(value)


def _product(con: sqlite3.Connection, f: Fields, *, required: bool) -> str | None:
    code = f.text("product_code", required=required, max_len=32)
    if code is not None and con.execute(sql("product_exists"), {"code": code}).fetchone() is None:
        f.add("product_code", "unknown", "Produit inconnu.", f"Unknown product {code!r}.")
        return None
    return code


def _account(con: sqlite3.Connection, actor: Actor, f: Fields, *, required: bool) -> str | None:
    account_id = f.text("account_id", required=required, max_len=64)
    if account_id is None:
        return None
    row = con.execute(sql("account_get"), {"id": account_id}).fetchone()
    if row is None or not actor.sees(account_id):
        f.add("account_id", "unknown", "Compte inconnu.", "Unknown account.")
        return None
    if row["archived_at"] is not None:
        f.add("account_id", "archived", "Ce compte est archivé.", "This account is archived.")
        return None
    return account_id


def _root(con: sqlite3.Connection, account_id: str) -> str:
    parents = {r["id"]: r["parent_id"] for r in con.execute(sql("account_parents"))}
    seen: set[str] = set()
    while parents.get(account_id) and account_id not in seen:
        seen.add(account_id)
        account_id = parents[account_id]
    return account_id


def _required_fields(f: Fields) -> list[str] | None:
    value = f.payload.get("required_fields")
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or not all(isinstance(v, str) for v in value)
        or not set(value) <= set(LEAD_FIELDS)
    ):
        listed = ", ".join(LEAD_FIELDS)
        f.add(
            "required_fields",
            "invalid",
            f"Liste de champs parmi : {listed}.",
            f"A list of fields among: {listed}.",
        )
        return None
    return list(dict.fromkeys(value))


def _allow(
    con: sqlite3.Connection, actor: Actor, account_id: str, urls: list[str], now: datetime
) -> None:
    """Allow the origins of ``urls`` for the account (inside the caller's transaction)."""
    for origin in dict.fromkeys(origin_of(u) for u in urls):
        cur = con.execute(sql("origin_insert"), {"account_id": account_id, "origin": origin})
        if cur.rowcount:
            log_change(con, actor, "origin.added", origin, account_id, {"origin": origin}, now)


# landing pages


def _lp_row(con: sqlite3.Connection, lp_id: str) -> dict[str, Any] | None:
    row = con.execute(sql("lp_get"), {"id": lp_id}).fetchone()
    return None if row is None else dict(row)


def get_lp(con: sqlite3.Connection, actor: Actor, lp_id: str) -> dict[str, Any]:
    actor.require("catalogue.read")
    lp = _lp_row(con, lp_id)
    if lp is None or not actor.sees(lp["account_id"]):
        raise not_found("landing page", lp_id)
    return lp


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
        dict(r)
        for r in con.execute(sql("lps_all"))
        if actor.sees(r["account_id"])
        and (account_id is None or r["account_id"] == account_id)
        and (product is None or r["product_code"] == product)
    ]
    return page(rows, offset, limit)


def create_lp(
    con: sqlite3.Connection, actor: Actor, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """An LP of an account the actor sees: account_id, name, url (http/https), product_code."""
    actor.require("catalogue.write")
    f = Fields(payload, LP_FIELDS)
    account_id = _account(con, actor, f, required=True)
    name = f.text("name", required=True)
    url = _url(f, "url", required=True)
    product = _product(con, f, required=True)
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
            "created_at": iso(now),
        }
        con.execute(sql("lp_insert"), row)
        log_change(con, actor, "lp.created", lp_id, account_id, row, now)
        _allow(con, actor, account_id, [url], now)
    return get_lp(con, actor, lp_id)


def update_lp(
    con: sqlite3.Connection, actor: Actor, lp_id: str, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """Change name, url, product_code or active (the key and account never change)."""
    actor.require("catalogue.write")
    current = get_lp(con, actor, lp_id)
    allowed = ("name", "url", "product_code", "active")
    f = Fields(payload, allowed, read_only=(*_READ_ONLY, "account_id"))
    changes: dict[str, Any] = {}
    if f.given("name"):
        changes["name"] = f.text("name", required=True)
    if f.given("url"):
        changes["url"] = _url(f, "url", required=True)
    if f.given("product_code"):
        changes["product_code"] = _product(con, f, required=True)
    if f.given("active"):
        changes["active"] = _active(f)
    f.check()
    changes = {k: v for k, v in changes.items() if current[k] != v}
    if not changes:
        return current
    with transaction(con):
        con.execute(sql("lp_update"), {**current, **changes})
        before = {k: current[k] for k in changes}
        log_change(
            con, actor, "lp.updated", lp_id, current["account_id"],
            {"before": before, "after": changes}, now,
        )  # fmt: skip
        if "url" in changes:
            _allow(con, actor, current["account_id"], [changes["url"]], now)
    return get_lp(con, actor, lp_id)


def archive_lp(con: sqlite3.Connection, actor: Actor, lp_id: str, now: datetime) -> dict[str, Any]:
    """``active = 0`` (kept, never deleted); archiving twice changes nothing."""
    actor.require("catalogue.write")
    current = get_lp(con, actor, lp_id)
    if current["active"]:
        with transaction(con):
            con.execute(sql("lp_update"), {**current, "active": 0})
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


# forms


def _form_row(con: sqlite3.Connection, form_id: str) -> dict[str, Any] | None:
    row = con.execute(sql("form_get"), {"id": form_id}).fetchone()
    if row is None:
        return None
    form = dict(row)
    form["required_fields"] = json.loads(form["required_fields"] or "[]")
    return form


def get_form(con: sqlite3.Connection, actor: Actor, form_id: str) -> dict[str, Any]:
    actor.require("catalogue.read")
    form = _form_row(con, form_id)
    if form is None or not actor.sees(form["account_id"]):
        raise not_found("form", form_id)
    return form


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
            form = dict(r)
            form["required_fields"] = json.loads(form["required_fields"] or "[]")
            rows.append(form)
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
    lp = _lp_row(con, lp_id)
    if lp is None or not actor.sees(lp["account_id"]):
        f.add("lp_id", "unknown", "Landing page inconnue.", "Unknown landing page.")
        return True, None
    if account_id is not None and _root(con, lp["account_id"]) != _root(con, account_id):
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
    (default: its LP's), consent_text, required_fields (default first/last name, phone, postal
    code). Its consent version is ``v1``."""
    actor.require("catalogue.write")
    f = Fields(payload, FORM_FIELDS)
    account_id = _account(con, actor, f, required=False)
    _, lp = _lp_of_form(con, actor, f, account_id)
    if account_id is None and not f.given("account_id"):
        if lp is None:
            f.add("account_id", "required", "Champ obligatoire.", "account_id is required.")
        else:
            account_id = lp["account_id"]
    name = f.text("name", required=True)
    url = _url(f, "url", required=True)
    thank_you = _url(f, "thank_you_url", required=True)
    if f.given("product_code") or lp is None:
        product = _product(con, f, required=True)
    else:
        product = lp["product_code"]
    consent = f.text("consent_text", required=True, max_len=5000)
    required = _required_fields(f)
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
            "required_fields": json.dumps(list(DEFAULT_REQUIRED) if required is None else required),
            "created_at": iso(now),
        }
        con.execute(sql("form_insert"), row)
        log_change(con, actor, "form.created", form_id, account_id, row, now)
        _allow(con, actor, account_id, [url, thank_you], now)
    return get_form(con, actor, form_id)


def update_form(
    con: sqlite3.Connection, actor: Actor, form_id: str, payload: Mapping[str, Any], now: datetime
) -> dict[str, Any]:
    """Change lp_id, name, url, thank_you_url, product_code, consent_text (a new consent
    version), required_fields or active."""
    actor.require("catalogue.write")
    current = get_form(con, actor, form_id)
    allowed = (*(n for n in FORM_FIELDS if n != "account_id"), "active")
    f = Fields(payload, allowed, read_only=(*_READ_ONLY, "account_id", "consent_version"))
    changes: dict[str, Any] = {}
    given, lp = _lp_of_form(con, actor, f, current["account_id"])
    if given:
        changes["lp_id"] = lp["id"] if lp else None
    if f.given("name"):
        changes["name"] = f.text("name", required=True)
    for name in ("url", "thank_you_url"):
        if f.given(name):
            changes[name] = _url(f, name, required=True)
    if f.given("product_code"):
        changes["product_code"] = _product(con, f, required=True)
    if f.given("consent_text"):
        changes["consent_text"] = f.text("consent_text", required=True, max_len=5000)
    if f.given("required_fields"):
        changes["required_fields"] = _required_fields(f)
        if changes["required_fields"] is None:
            f.add("required_fields", "required", "Champ obligatoire.", "A list is expected.")
    if f.given("active"):
        changes["active"] = _active(f)
    f.check()
    changes = {k: v for k, v in changes.items() if current[k] != v}
    if not changes:
        return current
    if "consent_text" in changes:
        changes["consent_version"] = next_version(current["consent_version"])
    with transaction(con):
        row = {**current, **changes}
        row["required_fields"] = json.dumps(row["required_fields"])
        con.execute(sql("form_update"), row)
        before = {k: current[k] for k in changes}
        log_change(
            con, actor, "form.updated", form_id, current["account_id"],
            {"before": before, "after": changes}, now,
        )  # fmt: skip
        urls = [changes[n] for n in ("url", "thank_you_url") if n in changes]
        _allow(con, actor, current["account_id"], urls, now)
    return get_form(con, actor, form_id)


def archive_form(
    con: sqlite3.Connection, actor: Actor, form_id: str, now: datetime
) -> dict[str, Any]:
    """``active = 0`` (kept, never deleted); archiving twice changes nothing."""
    actor.require("catalogue.write")
    current = get_form(con, actor, form_id)
    if current["active"]:
        with transaction(con):
            row = {**current, "active": 0}
            row["required_fields"] = json.dumps(row["required_fields"])
            con.execute(sql("form_update"), row)
            log_change(con, actor, "form.archived", form_id, current["account_id"], {}, now)
    return get_form(con, actor, form_id)


# allowed origins


def _origin_account(con: sqlite3.Connection, actor: Actor, account_id: str) -> None:
    row = con.execute(sql("account_get"), {"id": account_id}).fetchone()
    if row is None or not actor.sees(account_id):
        raise not_found("account", account_id)


def list_origins(con: sqlite3.Connection, actor: Actor, account_id: str) -> dict[str, Any]:
    actor.require("catalogue.read")
    _origin_account(con, actor, account_id)
    origins = [r["origin"] for r in con.execute(sql("brief_origins"), {"account_id": account_id})]
    return {"account_id": account_id, "origins": origins}


def add_origin(
    con: sqlite3.Connection,
    actor: Actor,
    account_id: str,
    payload: Mapping[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """Allow ``origin`` (``http(s)://host[:port]``, no path) for the account."""
    actor.require("catalogue.write")
    _origin_account(con, actor, account_id)
    f = Fields(payload, ("origin",))
    origin = _origin_value(f)
    f.check()
    assert origin
    with transaction(con):
        _allow(con, actor, account_id, [origin], now)
    return list_origins(con, actor, account_id)


def remove_origin(
    con: sqlite3.Connection, actor: Actor, account_id: str, origin: str | None, now: datetime
) -> dict[str, Any]:
    """Stop allowing ``origin`` for the account (removing an absent one changes nothing)."""
    actor.require("catalogue.write")
    _origin_account(con, actor, account_id)
    f = Fields({"origin": origin}, ("origin",))
    value = _origin_value(f)
    f.check()
    assert value
    with transaction(con):
        cur = con.execute(sql("origin_delete"), {"account_id": account_id, "origin": value})
        if cur.rowcount:
            log_change(con, actor, "origin.removed", value, account_id, {"origin": value}, now)
    return list_origins(con, actor, account_id)
