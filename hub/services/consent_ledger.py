"""The consent ledger, for audits: every lead's consent event in a period ``[from, to)`` in the
actor's accounts — lead id, time, form, consent version and the SHA-256 of its text, page URL,
IP truncated to its network, the buyers the version names — as JSON rows or CSV (decision 0052).

``from`` and ``to`` are dates (Europe/Paris days: ``to`` excluded) or date-times (UTC when no
offset); a bad one is a 422 naming it. Admins only (``privacy.read``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import sqlite3
from datetime import UTC, date, datetime, time
from typing import TypedDict

from hub.calendar import PARIS
from hub.db import iso, sql
from hub.errors import ApiError, FieldError
from hub.privacy import truncate_ip
from hub.services.actor import Actor

MAX_DAYS = 3700  # about ten years: a period is a date range, not a typo


class LedgerRow(TypedDict):
    lead_id: str
    account_id: str
    consent_at: str
    consent_given: bool
    form_id: str
    form_key: str
    consent_version: str | None
    consent_text_sha256: str | None
    page_url: str | None
    ip_truncated: str | None
    buyers_named: list[str]  # legal names; empty: the version names none (any buyer)
    anonymised: bool


class Ledger(TypedDict):
    start: str
    end: str
    total: int
    items: list[LedgerRow]


def _bound(name: str, raw: str | None) -> datetime:
    text = (raw or "").strip()
    if not text:
        fr, en = f"« {name} » est obligatoire.", f"{name} is required."
        raise ApiError(422, "invalid_query", en, [FieldError(name, "required", fr, en)])
    try:
        if len(text) == 10:
            ts = datetime.combine(date.fromisoformat(text), time(0), PARIS)
        else:
            ts = datetime.fromisoformat(text.replace(" ", "+") if "T" in text else text)
            ts = ts if ts.tzinfo else ts.replace(tzinfo=PARIS)
        return ts.astimezone(UTC)  # year 1 in Paris is before year 1 in UTC: refused too
    except (ValueError, OverflowError):
        fr = f"« {name} » doit être une date AAAA-MM-JJ ou une date-heure ISO 8601."
        en = f"{name} must be a YYYY-MM-DD date or an ISO 8601 date-time."
        raise ApiError(
            422, "invalid_query", en, [FieldError(name, "invalid_date", fr, en)]
        ) from None


def period(start: str | None, end: str | None) -> tuple[datetime, datetime]:
    """``[from, to)`` read from the query; 422 naming ``from`` or ``to``."""
    lower, upper = _bound("from", start), _bound("to", end)
    if upper <= lower or (upper - lower).days > MAX_DAYS:
        fr = f"« to » doit suivre « from », au plus {MAX_DAYS} jours après."
        en = f"to must be after from, at most {MAX_DAYS} days later."
        raise ApiError(422, "invalid_query", en, [FieldError("to", "invalid_period", fr, en)])
    return lower, upper


def _named(con: sqlite3.Connection, form_id: str, version: str | None) -> list[str]:
    if version is None:
        return []
    params = {"form_id": form_id, "consent_version": version}
    return [r["name"] for r in con.execute(sql("privacy/consent_buyers"), params)]


def _sha(text: str | None) -> str | None:
    return None if text is None else hashlib.sha256(text.encode()).hexdigest()


def ledger(con: sqlite3.Connection, actor: Actor, start: str | None, end: str | None) -> Ledger:
    actor.require("privacy.read")
    lower, upper = period(start, end)
    rows = con.execute(sql("privacy/ledger"), {"start": iso(lower), "end": iso(upper)})
    named: dict[tuple[str, str | None], list[str]] = {}
    items: list[LedgerRow] = []
    for r in rows:
        if not actor.sees(r["account_id"]):
            continue
        key = (r["form_id"], r["consent_version"])
        if key not in named:
            named[key] = _named(con, *key)
        items.append(
            {
                "lead_id": r["lead_id"],
                "account_id": r["account_id"],
                "consent_at": r["consent_at"],
                "consent_given": bool(r["consent_given"]),
                "form_id": r["form_id"],
                "form_key": r["form_key"],
                "consent_version": r["consent_version"],
                "consent_text_sha256": _sha(r["consent_text"]),
                "page_url": r["page_url"],
                "ip_truncated": truncate_ip(r["ip"]),
                "buyers_named": named[key],
                "anonymised": r["anonymised_at"] is not None,
            }
        )
    return {"start": iso(lower), "end": iso(upper), "total": len(items), "items": items}


CSV_COLUMNS = tuple(LedgerRow.__annotations__)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text (a URL sent by a browser may start with ``=``)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def to_csv(found: Ledger) -> str:
    """The ledger as CSV (UTF-8, a header; buyers joined by ``; ``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in found["items"]:
        row: dict[str, object] = {**item, "buyers_named": "; ".join(item["buyers_named"])}
        writer.writerow([_cell(row[c]) for c in CSV_COLUMNS])
    return out.getvalue()
