"""The documented JSON body of ``PUT /v1/buyers/{id}/delivery`` (see :mod:`ingest.api.bodies`:
untyped for Litestar, so the hub service names each bad field)."""

from __future__ import annotations

from hub.rules.delivery_config import MODES
from ingest.api.bodies import body

_WRITE_ONLY = "Write-only: never answered nor logged."

DeliveryPut = body(
    "How the buyer receives leads; the mode's settings are checked before anything is stored.",
    {
        "mode": {"type": "string", "enum": list(MODES)},
        "config": {
            "type": "object",
            "description": "http_mapping: method, format, headers, fields, success; email and "
            "csv_email: to, columns, send_at (csv_email, HH:MM Europe/Paris).",
        },
        "url": {"type": "string", "description": "http(s) endpoint (webhook, http_mapping)."},
        "auth_headers": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": f"Secret headers sent with each delivery. {_WRITE_ONLY}",
        },
        "dedupes": {"type": "boolean", "description": "The buyer drops replays itself."},
        "return_window_days": {"type": "integer", "minimum": 0, "maximum": 365},
        "secret": {"type": "string", "description": f"whsec_… signing secret. {_WRITE_ONLY}"},
    },
    ["mode"],
    {
        "mode": "http_mapping",
        "url": "https://crm.example.fr/api/leads",
        "config": {"fields": {"telephone": "phone", "cp": "postal_code"}},
        "auth_headers": {"X-Api-Key": "…"},
    },
)
