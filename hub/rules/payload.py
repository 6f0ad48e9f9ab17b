"""The JSON a buyer receives for one delivery (the bytes signed are the bytes sent)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from hub.phones import national_of


def national_phone(e164: str | None) -> str | None:
    """``+33612345678`` → ``0612345678``, ``+262693123456`` → ``0693123456`` (buyers want the
    French national format; numbers outside the French plan stay E.164)."""
    if not e164:
        return None
    if e164.startswith("+33") and len(e164) == 12:
        return "0" + e164[3:]
    return national_of(e164)


def build_payload(row: Mapping[str, Any]) -> dict[str, Any]:
    """From a row holding the lead's columns plus ``delivery_id`` and ``price_cents``."""
    return {
        "lead_id": row["lead_id"],
        "delivery_id": row["delivery_id"],
        "product": row["product_code"],
        "first_name": row["first_name"],
        "last_name": row["last_name"],
        "phone": national_phone(row["phone_e164"]),
        "email": row["email"],
        "postal_code": row["postal_code"],
        "departement": row["departement"],
        "city": row["city"],
        "consent": {
            "given": bool(row["consent_given"]),
            "version": row["consent_version"],
            "text": row["consent_text"],
            "at": row["consent_at"],
            "page_url": row["page_url"],
        },
        "created_at": row["created_at"],
        "price_eur": round(int(row["price_cents"]) / 100, 2),
        "is_test": bool(row["is_test"]),
    }


def encode(payload: Mapping[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


FIELDS = (
    "lead_id",
    "delivery_id",
    "product",
    "first_name",
    "last_name",
    "phone",
    "email",
    "postal_code",
    "departement",
    "city",
    "consent_given",
    "consent_version",
    "consent_text",
    "consent_at",
    "page_url",
    "created_at",
    "price_eur",
    "is_test",
)


def flat_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """The lead as flat named values: what HTTP mappings, e-mails and CSV columns pick from."""
    payload = build_payload(row)
    consent = payload.pop("consent")
    flat = {
        **payload,
        "consent_given": consent["given"],
        "consent_version": consent["version"],
        "consent_text": consent["text"],
        "consent_at": consent["at"],
        "page_url": consent["page_url"],
    }
    return {name: flat[name] for name in FIELDS}
