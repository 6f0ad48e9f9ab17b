"""The documented JSON bodies of the GDPR erasure and opposition endpoints."""

from __future__ import annotations

from ingest.api.bodies import body

_PERSON = {
    "phone": {"type": "string", "description": "A French phone, any usual form (E.164 kept)."},
    "email": {"type": "string", "description": "An e-mail (trimmed, lowercased)."},
}

Erasure = body(
    "The person to erase: phone or e-mail (one of them).",
    _PERSON,
    [],
    {"phone": "06 12 34 56 78"},
)
Opposition = body(
    "The person whose leads are refused from now on: phone or e-mail (one of them).",
    {**_PERSON, "account_id": {"type": "string", "description": "Default: the key's accounts."}},
    [],
    {"email": "jeanne.dupont@example.fr"},
)
