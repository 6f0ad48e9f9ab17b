"""The filters of a lead search (API v1 ``GET /v1/leads``, ``leadhub leads list``, the Leads
page), checked and turned into the parameters of ``hub/sql/leads_search.sql``.

Phone, e-mail and name match in part and normalised: a phone however it is typed
(:func:`hub.phones.search_patterns`), an e-mail lower-cased, a name without case or accents,
each word anywhere in "first last". ``q`` is any of the three. Dates are Europe/Paris days
(``until`` included) or ISO date-times (UTC when no offset). Every bad filter is named in one
``422 invalid_query``; an unknown one too (a typo would otherwise list every lead).
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hub.calendar import PARIS
from hub.db import iso
from hub.phones import PhoneError, search_patterns
from hub.services.fields import Fields

STATUSES = (
    "new",
    "routed",
    "sold",
    "unrouted",
    "duplicate",
    "suspicious",
    "invalid",
    "spam",
    "held",
)
TEXT = ("source", "campaign", "lp", "form", "buyer")
FILTERS = ("q", "phone", "email", "name", "status", "departement", "since", "until", "is_test")
ALIASES = {"form_key": "form"}  # API v1 before the lead search
_DEPARTEMENT = re.compile(r"\d{2}|2[AB]|97\d")
_TRUE, _FALSE = ("true", "1", "yes", "oui"), ("false", "0", "no", "non")
MAX_TEXT = 200


def fold(text: str | None) -> str:
    """Lower case without accents (``Éloïse`` → ``eloise``): how names are compared."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def register(con: sqlite3.Connection) -> None:
    """Give the connection ``lh_fold`` (:func:`fold`), which the lead search uses."""
    con.create_function("lh_fold", 1, fold, deterministic=True)


def _when(errors: Fields, name: str, value: str | None) -> str | None:
    if value is None:
        return None
    for text in (value, value.replace(" ", "+")):  # an unencoded "+01:00" arrives as " 01:00"
        try:
            day = date.fromisoformat(text)
        except ValueError:
            pass
        else:
            if name == "until":
                day += timedelta(days=1)  # the whole Paris day included
            return iso(datetime.combine(day, time(0), tzinfo=PARIS))
        try:
            ts = datetime.fromisoformat(text)
        except ValueError:
            continue
        return iso(ts if ts.tzinfo else ts.replace(tzinfo=UTC))
    errors.add(
        name,
        "invalid_datetime",
        f"« {name} » doit être une date ISO 8601 (AAAA-MM-JJ).",
        f"{name} must be an ISO 8601 date or date-time (UTC when no offset).",
    )
    return None


def _phone(errors: Fields, name: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return json.dumps(search_patterns(value))
    except PhoneError:
        fr, en = "Au moins deux chiffres du numéro.", "At least two digits of the number."
        errors.add(name, "invalid_phone", fr, en)
        return None


def _tokens(value: str | None) -> str | None:
    words = fold(value).split()
    return json.dumps(words) if words else None


def _looks_like_phone(value: str) -> bool:
    digits = sum(c.isdigit() for c in value)
    return digits >= 2 and not any(c.isalpha() or c == "@" for c in value)


def parse(raw: Mapping[str, object]) -> dict[str, Any]:
    """The SQL parameters of a search (every one ``None`` when not filtered), or one 422."""
    given = {ALIASES.get(k, k): v for k, v in raw.items()}
    errors = Fields(given, (*FILTERS, *TEXT))
    text = {name: errors.text(name, max_len=MAX_TEXT) for name in (*FILTERS, *TEXT)}
    status = text["status"]
    if status is not None and status not in STATUSES:
        errors.add(
            "status",
            "invalid_choice",
            "Statut inconnu.",
            f"status must be one of: {', '.join(STATUSES)}.",
        )
    departement = text["departement"].upper() if text["departement"] else None
    if departement is not None and not _DEPARTEMENT.fullmatch(departement):
        fr = "Département : deux chiffres, 2A, 2B ou 971 à 976."
        errors.add("departement", "invalid", fr, "departement: two digits, 2A, 2B or 97x.")
    is_test: int | None = None
    if text["is_test"] is not None:
        flag = text["is_test"].lower()
        if flag in _TRUE + _FALSE:
            is_test = int(flag in _TRUE)
        else:
            errors.add("is_test", "invalid", "Oui ou non (true/false).", "is_test: true or false.")
    q = text["q"]
    params: dict[str, Any] = {
        "status": status,
        "departement": departement,
        "is_test": is_test,
        "source": text["source"].lower() if text["source"] else None,
        "campaign": text["campaign"].lower() if text["campaign"] else None,
        "lp": text["lp"],
        "form": text["form"],
        "buyer": text["buyer"],
        "since": _when(errors, "since", text["since"]),
        "until": _when(errors, "until", text["until"]),
        "phone": _phone(errors, "phone", text["phone"]),
        "email": text["email"].lower() if text["email"] else None,
        "name": _tokens(text["name"]),
        "q": q,
        "q_phone": _phone(errors, "q", q) if q and _looks_like_phone(q) else None,
        "q_email": q.lower() if q else None,
        "q_name": _tokens(q),
    }
    errors.check("invalid_query")
    return params
