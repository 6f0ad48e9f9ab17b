"""What the catalogue's landing pages, forms and origins share: public keys, URL and origin
checks, consent versions, the lead fields a form may require."""

from __future__ import annotations

import re
import secrets
import sqlite3
import string
import unicodedata
from datetime import datetime
from urllib.parse import urlsplit

from hub.db import sql
from hub.rules.field_names import plain
from hub.services.actor import Actor, log_change
from hub.services.fields import Fields

# The lead fields a form may require (the known fields of ingest.intake.validate.FIELDS that a
# visitor types or ticks).
LEAD_FIELDS = ("first_name", "last_name", "email", "phone", "postal_code", "city", "consent")
DEFAULT_REQUIRED = ("first_name", "last_name", "phone", "postal_code")
LP_FIELDS = ("account_id", "name", "url", "product_code", "variants")
FORM_FIELDS = (
    "account_id",
    "lp_id",
    "name",
    "url",
    "thank_you_url",
    "product_code",
    "consent_text",
    "required_fields",
    "field_aliases",
    "consent_buyers",
)
READ_ONLY = ("id", "key", "created_at")
_RANDOM = string.ascii_lowercase + string.digits
_VERSION = re.compile(r"^(.*?)(\d+)$")
_VARIANT = re.compile(r"[A-Za-z0-9_-]{1,32}")
MAX_VARIANTS = 10
MAX_ALIASES = 50


_GENERIC = frozenset({"lp", "landing", "page", "form", "formulaire", "de", "du", "la", "le"})


def slug(name: str, max_len: int = 24) -> str:
    """``Pompe à chaleur 2026`` → ``pompe_a_chaleur_2026`` (``page`` when nothing is left)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:max_len].strip("_")
    return text or "page"


def key_slug(name: str) -> str:
    """The slug of a key, without the words its prefix already says: ``LP Solaire`` →
    ``solaire`` (not ``lp_lp_solaire_…``), ``Formulaire PAC`` → ``pac``."""
    words = slug(name, max_len=64).split("_")
    while len(words) > 1 and words[0] in _GENERIC:
        words = words[1:]
    return slug("_".join(words))


def new_key(con: sqlite3.Connection, prefix: str, name: str) -> str:
    """A public key not taken by any LP or form: ``<prefix>_<slug>_<8 random [a-z0-9]>``."""
    while True:
        key = f"{prefix}_{key_slug(name)}_{''.join(secrets.choice(_RANDOM) for _ in range(8))}"
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


def url_value(f: Fields, name: str, *, required: bool) -> str | None:
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


def origin_value(f: Fields) -> str | None:
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


def active_value(f: Fields) -> int | None:
    value = f.payload.get("active")
    if not isinstance(value, bool):
        f.add("active", "invalid", "Vrai ou faux attendu.", "active must be true or false.")
        return None
    return int(value)


def product_value(
    con: sqlite3.Connection, f: Fields, *, required: bool, keeps: str | None = None
) -> str | None:
    """A known product, not archived unless it is the one the object already has (``keeps``)."""
    code = f.text("product_code", required=required, max_len=32)
    if code is None:
        return None
    reason = product_refusal(con, code, keeps)
    if reason is not None:
        f.add("product_code", *reason)
        return None
    return code


def product_refusal(
    con: sqlite3.Connection, code: str, keeps: str | None = None
) -> tuple[str, str, str] | None:
    """Why ``code`` may not be given to an object (reason, French, English), or ``None``: unknown,
    or archived (unless the object already has it: ``keeps``)."""
    row = con.execute(sql("product_exists"), {"code": code}).fetchone()
    if row is None:
        return ("unknown", "Produit inconnu.", f"Unknown product {code!r}.")
    if row["archived_at"] is not None and code != keeps:
        return ("archived", "Produit archivé.", f"Product {code!r} is archived.")
    return None


def account_value(
    con: sqlite3.Connection, actor: Actor, f: Fields, *, required: bool
) -> str | None:
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


def entity_of(con: sqlite3.Connection, account_id: str) -> str:
    parents = {r["id"]: r["parent_id"] for r in con.execute(sql("account_parents"))}
    seen: set[str] = set()
    while parents.get(account_id) and account_id not in seen:
        seen.add(account_id)
        account_id = parents[account_id]
    return account_id


def required_fields_value(f: Fields) -> list[str] | None:
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


def allow(
    con: sqlite3.Connection, actor: Actor, account_id: str, urls: list[str], now: datetime
) -> None:
    """Allow the origins of ``urls`` for the account (inside the caller's transaction)."""
    for origin in dict.fromkeys(origin_of(u) for u in urls):
        cur = con.execute(sql("origin_insert"), {"account_id": account_id, "origin": origin})
        if cur.rowcount:
            log_change(con, actor, "origin.added", origin, account_id, {"origin": origin}, now)


def field_aliases_value(f: Fields) -> dict[str, str] | None:
    """A form's own field names → lead fields (``{"Mobile": "phone"}``), keyed by their plain
    name (``mobile``), at most 50; a lead field's own name is no alias."""
    value = f.payload.get("field_aliases")
    if value is None:
        return None
    aliases: dict[str, str] = {}
    ok = isinstance(value, dict) and len(value) <= MAX_ALIASES
    for name, target in value.items() if isinstance(value, dict) else ():
        name_ok = isinstance(name, str) and 0 < len(name.strip()) <= 100
        if not name_ok or target not in LEAD_FIELDS or plain(name) in LEAD_FIELDS:
            ok = False
            break
        aliases[plain(name)] = target
    if not ok:
        listed = ", ".join(LEAD_FIELDS)
        f.add(
            "field_aliases",
            "invalid",
            f"Au plus {MAX_ALIASES} noms de champ, chacun vers un champ parmi : {listed}.",
            f"At most {MAX_ALIASES} page field names, each mapped to one of: {listed}.",
        )
        return None
    return dict(sorted(aliases.items()))


def variants_value(f: Fields) -> list[str] | None:
    """An LP's A/B variant labels: at most 10, distinct, letters, digits, ``_`` or ``-`` (1 to
    32); the first is the control."""
    value = f.payload.get("variants")
    if value is None:
        return None
    if (
        not isinstance(value, list)
        or len(value) > MAX_VARIANTS
        or not all(isinstance(v, str) and _VARIANT.fullmatch(v) for v in value)
        or len(set(value)) != len(value)
    ):
        f.add(
            "variants",
            "invalid",
            f"Au plus {MAX_VARIANTS} libellés distincts (lettres, chiffres, _ ou -, 32 au plus).",
            f"At most {MAX_VARIANTS} distinct labels (letters, digits, _ or -, up to 32).",
        )
        return None
    return list(value)
