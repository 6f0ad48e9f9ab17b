"""Checks of API v1 query parameters and JSON bodies, answering ``422`` in the one error shape."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from hub.db import iso
from hub.errors import ApiError, FieldError


def invalid_query(name: str, reason: str, fr: str, en: str, message: str | None = None) -> ApiError:
    """``422 invalid_query`` naming the parameter (``message`` defaults to a generic one)."""
    return ApiError(
        422,
        "invalid_query",
        message or f"Invalid query parameter: {name}.",
        [FieldError(name, reason, fr, en)],
    )


def int_param(
    query: Mapping[str, str],
    name: str,
    default: int,
    low: int,
    high: int,
    *,
    detailed: bool = False,
) -> int:
    """An integer in ``[low, high]`` (``default`` when absent or empty). ``detailed``: the
    error's message is the English field message (as the lead-ops endpoints answer), else the
    generic one (as ``GET /v1/leads`` answers)."""
    value = query.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        fr = f"« {name} » doit être un entier entre {low} et {high}."
        en = f"{name} must be an integer between {low} and {high}."
        raise invalid_query(name, "out_of_range", fr, en, en if detailed else None)
    return number


def since_param(value: str | None) -> str | None:
    """An ISO 8601 date or date-time (UTC when no offset), as stored; ``None`` when absent."""
    if not value:
        return None
    for text in (value, value.replace(" ", "+")):  # an unencoded "+01:00" arrives as " 01:00"
        try:
            ts = datetime.fromisoformat(text)
        except ValueError:
            continue
        return iso(ts if ts.tzinfo else ts.replace(tzinfo=UTC))
    raise invalid_query(
        "since",
        "invalid_datetime",
        "« since » doit être une date ISO 8601.",
        "since must be an ISO 8601 date or date-time (UTC when no offset).",
    )


def invalid(name: str, fr: str, en: str) -> ApiError:
    """``422 invalid``: the English field message is the error's message."""
    return ApiError(422, "invalid", en, [FieldError(name, "invalid", fr, en)])


def json_object(data: Any, name: str = "body") -> Mapping[str, Any]:
    """``data`` when it is a JSON object, else ``422`` naming ``name``."""
    if not isinstance(data, Mapping):
        fr, en = "Un objet JSON est attendu.", "A JSON object is expected."
        raise ApiError(
            422, "invalid", f"{name} must be a JSON object.", [FieldError(name, "invalid", fr, en)]
        )
    return data


def optional_text(body: Mapping[str, Any], name: str, fr: str, en: str) -> str | None:
    """An optional string member of a JSON body (``422 invalid`` when not a string)."""
    value = body.get(name)
    if value is not None and not isinstance(value, str):
        raise invalid(name, fr, en)
    return value


def bool_param(name: str, value: str | None) -> bool | None:
    """``true`` / ``false`` query parameter (``None`` when absent or empty), else ``422``."""
    if value is None or value == "":
        return None
    if value not in ("true", "false"):
        fr, en = f"« {name} » vaut true ou false.", f"{name} must be true or false."
        raise invalid_query(name, "invalid", fr, en, en)
    return value == "true"
