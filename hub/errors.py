"""The one error shape of the public API, shared by every part that answers HTTP.

``{"error": {"code", "message", "retryable", "fields": [{"field", "reason", "message_fr",
"message_en"}]}}`` — ``code`` is stable and documented; ``fields`` names each bad field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    reason: str  # stable machine code: "required", "invalid_phone", "unknown", ...
    message_fr: str
    message_en: str

    def to_dict(self) -> dict[str, str]:
        return {
            "field": self.field,
            "reason": self.reason,
            "message_fr": self.message_fr,
            "message_en": self.message_en,
        }


@dataclass(slots=True)
class ApiError(Exception):
    status_code: int
    code: str
    message: str
    fields: list[FieldError] = field(default_factory=list)
    retryable: bool = False
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "code": self.code,
                "message": self.message,
                "retryable": self.retryable,
                "fields": [f.to_dict() for f in self.fields],
            }
        }
