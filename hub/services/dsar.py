"""A person's data (GDPR access request, DSAR): every lead of the person in the actor's accounts,
found by phone (normalised to E.164, French by default) or e-mail (trimmed, any case), with the
lead's fields, its consent proof (the consent text of the version the form showed, the time, the
page URL, the IP truncated to its network), every buyer it went to (legal name, when, outcome)
and the activity log entries about it — for API v1, the CLI and the dashboard (JSON here, the
readable page in :mod:`hub.services.dsar_html`).

Admins only (``privacy.read``). A lead of another tenant is never found (an empty answer, not
a hint). Each export is logged (``privacy.dsar``) with the lead ids, never the phone or e-mail.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypedDict

from hub.db import iso, sql, transaction
from hub.errors import ApiError, FieldError
from hub.privacy import search_email, search_phone, strip_query, truncate_ip
from hub.services.actor import Actor, log_change

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone_e164",
    "postal_code",
    "city",
    "departement",
)
ORIGIN_FIELDS = ("source", "utm_source", "utm_medium", "utm_campaign", "referrer", "variant")


class ConsentProof(TypedDict):
    given: bool
    version: str | None
    text: str | None  # the text of that version, as the form showed it
    at: str | None
    page_url: str | None
    ip_truncated: str | None
    user_agent: str | None


class BuyerSale(TypedDict):
    buyer_id: str
    buyer_legal_name: str
    at: str  # delivered, else assigned
    outcome: str  # pending | delivered | rejected | dead, or returned
    sale_kind: str


class ActivityEntry(TypedDict):
    at: str
    actor: str
    action: str
    subject: str | None
    detail: dict[str, Any]


class LeadExport(TypedDict):
    id: str
    account_id: str
    account_name: str
    form_id: str
    form_name: str
    product_code: str
    status: str
    created_at: str
    anonymised_at: str | None
    person: dict[str, str | None]
    origin: dict[str, str | None]
    consent: ConsentProof
    deliveries: list[BuyerSale]
    activity: list[ActivityEntry]


class DsarExport(TypedDict):
    generated_at: str
    searched_by: list[str]  # "phone", "email": never the values themselves
    total: int
    leads: list[LeadExport]


def search_terms(phone: str | None, email: str | None) -> tuple[str | None, str | None]:
    """The normalised phone and e-mail; a 422 naming each bad one (at least one is needed)."""
    errors: list[FieldError] = []
    phone, email = (phone or "").strip() or None, (email or "").strip() or None
    e164 = search_phone(phone) if phone else None
    address = search_email(email) if email else None
    if phone and e164 is None:
        fr = "Numéro de téléphone français invalide."
        errors.append(FieldError("phone", "invalid_phone", fr, "Not a valid French phone number."))
    if email and address is None:
        errors.append(
            FieldError("email", "invalid_email", "Adresse e-mail invalide.", "Invalid e-mail.")
        )
    if not phone and not email:
        fr, en = "Un téléphone ou un e-mail est requis.", "A phone or an e-mail is required."
        errors += [FieldError(n, "required", fr, en) for n in ("phone", "email")]
    if errors:
        names = ", ".join(e.field for e in errors)
        raise ApiError(422, "invalid_query", f"Invalid query parameters: {names}", errors)
    return e164, address


def find_leads(
    con: sqlite3.Connection, actor: Actor, phone: str | None, email: str | None
) -> list[tuple[str, str]]:
    """``(lead id, account id)`` of the person's leads in the actor's accounts, oldest first."""
    actor.require("privacy.read")
    e164, address = search_terms(phone, email)
    found: dict[str, str] = {}
    if e164:
        found |= {
            r["id"]: r["account_id"]
            for r in con.execute(sql("privacy/leads_by_phone"), {"phone": e164})
        }
    if address:
        rows = con.execute(sql("privacy/leads_by_email"), {"email": address})
        found |= {r["id"]: r["account_id"] for r in rows}
    return [(lead, account) for lead, account in found.items() if actor.sees(account)]


def _consent(row: sqlite3.Row) -> ConsentProof:
    return {
        "given": bool(row["consent_given"]),
        "version": row["consent_version"],
        "text": row["consent_version_text"],
        "at": row["consent_at"],
        "page_url": row["page_url"],
        "ip_truncated": truncate_ip(row["ip"]),
        "user_agent": row["user_agent"],
    }


def _sales(con: sqlite3.Connection, lead_id: str) -> list[BuyerSale]:
    rows = con.execute(sql("privacy/lead_deliveries"), {"lead_id": lead_id})
    return [
        {
            "buyer_id": r["buyer_id"],
            "buyer_legal_name": r["buyer_legal_name"],
            "at": r["delivered_at"] or r["created_at"],
            "outcome": "returned" if r["returned"] else r["status"],
            "sale_kind": r["sale_kind"],
        }
        for r in rows
    ]


def _activity(con: sqlite3.Connection, lead_id: str) -> list[ActivityEntry]:
    rows = con.execute(sql("privacy/lead_activity"), {"lead_id": lead_id})
    return [
        {
            "at": r["created_at"],
            "actor": r["actor"],
            "action": r["action"],
            "subject": r["subject"],
            "detail": json.loads(r["detail"] or "{}"),
        }
        for r in rows
    ]


def lead_export(con: sqlite3.Connection, lead_id: str) -> LeadExport:
    """One lead as the person's export shows it (the caller has checked the scope)."""
    row = con.execute(sql("privacy/lead"), {"lead_id": lead_id}).fetchone()
    person: dict[str, str | None] = {name: row[name] for name in PERSON_FIELDS}
    origin: dict[str, str | None] = {name: row[name] for name in ORIGIN_FIELDS}
    origin["referrer"] = strip_query(origin["referrer"])
    return {
        "id": row["id"],
        "account_id": row["account_id"],
        "account_name": row["account_name"],
        "form_id": row["form_id"],
        "form_name": row["form_name"],
        "product_code": row["product_code"],
        "status": row["status"],
        "created_at": row["created_at"],
        "anonymised_at": row["anonymised_at"],
        "person": person,
        "origin": origin,
        "consent": _consent(row),
        "deliveries": _sales(con, lead_id),
        "activity": _activity(con, lead_id),
    }


def export(
    con: sqlite3.Connection,
    actor: Actor,
    phone: str | None,
    email: str | None,
    now: datetime,
) -> DsarExport:
    """The person's export; logged once per account concerned (``privacy.dsar``, lead ids only;
    one entry without account when nothing was found)."""
    found = find_leads(con, actor, phone, email)
    searched = [name for name, value in (("phone", phone), ("email", email)) if value]
    with transaction(con):
        leads = [lead_export(con, lead_id) for lead_id, _ in found]
        by_account: dict[str | None, list[str]] = {}
        for lead_id, owner in found:
            by_account.setdefault(owner, []).append(lead_id)
        for account, ids in (by_account or {None: []}).items():
            detail: Mapping[str, Any] = {"lead_ids": ids, "searched_by": searched}
            log_change(con, actor, "privacy.dsar", "dsar", account, detail, now)
    return {
        "generated_at": iso(now),
        "searched_by": searched,
        "total": len(leads),
        "leads": leads,
    }
