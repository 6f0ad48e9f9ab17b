"""The tracking event: validation of what clients send, and the spool record we keep.

Decisions (documented here, enforced by the tests):

- Known fields: ``event_id`` (required, 1-64 chars of ``[A-Za-z0-9_.:-]``), ``type`` (required,
  1-64 chars of the same set), ``key`` (required, <= 128 chars), ``visitor_id`` and
  ``session_id`` (<= 128 chars), ``ts`` (ISO-8601, or epoch milliseconds as a number or a digit
  string; naive times are UTC; must fall in 2000-2100), ``url``/``referrer`` (<= 2048 chars),
  UTM fields, ``gclid``, ``fbclid``, ``variant`` (<= 256 chars), ``props`` (an object),
  ``is_test`` (bool) and ``consent`` (bool; ``false`` asks for cookieless ids, see
  ``ingest.collect.enrich``; kept in ``props`` like other extra fields).
- Identifiers that are too long are rejected (truncating could merge two of them); free text
  (url, referrer, UTM, click ids, variant) is truncated to its cap, never rejected for length.
- Unknown top-level fields are kept: they are merged into ``props`` (a key already in ``props``
  wins). Server-side columns sent by a client (``ip``, ``received_at``, ``account_id``...) are
  therefore kept in ``props`` and never trusted. ``props`` as JSON is capped at 16 KiB.
- A refused event is still kept, in quarantine, with a reason ``"<field>:<code>"`` (for example
  ``key:unknown``, ``event_id:required``) and its raw JSON in ``props``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

import msgspec

EVENT_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:\-]{0,63}")
TYPE_RE = re.compile(r"[A-Za-z0-9_.:\-]{1,64}")
ID_MAX = 128
TEXT_CAPS = {
    "url": 2048,
    "referrer": 2048,
    "utm_source": 256,
    "utm_medium": 256,
    "utm_campaign": 256,
    "utm_term": 256,
    "utm_content": 256,
    "gclid": 256,
    "fbclid": 256,
    "variant": 256,
}
PROPS_MAX_BYTES = 16 * 1024
USER_AGENT_MAX = 512
TS_MIN_US = 946_684_800_000_000  # 2000-01-01
TS_MAX_US = 4_102_444_800_000_000  # 2100-01-01

MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("Champ obligatoire manquant.", "Required field is missing."),
    "invalid_type": ("Type de valeur incorrect.", "Wrong value type."),
    "invalid_format": ("Format invalide.", "Invalid format."),
    "too_long": ("Valeur trop longue.", "Value is too long."),
    "too_large": ("Contenu trop volumineux.", "Content is too large."),
    "out_of_range": (
        "Date hors de la plage acceptée (2000-2100).",
        "Time outside the accepted range (2000-2100).",
    ),
    "unknown": ("Clé publique inconnue.", "Unknown public key."),
    "inactive": ("Clé publique désactivée.", "Public key is inactive."),
    "not_object": (
        "Chaque événement doit être un objet JSON.",
        "Each event must be a JSON object.",
    ),
    "origin_not_allowed": (
        "Origine non autorisée pour le compte de cette clé.",
        "Origin is not allowed for this key's account.",
    ),
    "bot": ("Robot détecté (user agent).", "Bot user agent."),
}


class SpoolRecord(msgspec.Struct, omit_defaults=True):
    """One line of a spool segment: the lake columns (but ``collector_id``) plus ``reason``.

    Times are integer microseconds since the epoch, UTC.
    """

    event_id: str
    type: str
    received_at: int
    key: str | None = None
    account_id: str | None = None
    lp_id: str | None = None
    form_id: str | None = None
    visitor_id: str | None = None
    session_id: str | None = None
    ts: int | None = None
    sent_at: int | None = None  # the client's clock when it sent the event (skew correction)
    url: str | None = None
    referrer: str | None = None
    utm_source: str | None = None
    utm_medium: str | None = None
    utm_campaign: str | None = None
    utm_term: str | None = None
    utm_content: str | None = None
    gclid: str | None = None
    fbclid: str | None = None
    variant: str | None = None
    props: str | None = None
    ip: str | None = None
    user_agent: str | None = None
    device: str | None = None
    browser: str | None = None
    os: str | None = None
    is_test: bool = False
    origin: str | None = None  # quarantine only: the refused Origin header
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Invalid:
    """Why an event was refused: the field and a stable code (see ``MESSAGES``)."""

    field: str
    code: str

    @property
    def reason(self) -> str:
        return f"{self.field}:{self.code}"


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


@lru_cache(maxsize=4096)  # a batch's events share their ``sent_at``
def _text_micros(text: str) -> int:
    if text.isdigit():
        return int(text) * 1000
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("invalid_format") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return (parsed - _EPOCH) // _MICROSECOND


def parse_ts(value: object) -> int | None:
    """Client time to epoch microseconds; raises ``ValueError`` naming the problem."""
    if value is None or value == "":
        return None
    kind = type(value)
    if kind is str:
        micros = _text_micros(str(value))
    elif kind is int or kind is float:  # not bool (an int subclass)
        micros = int(value * 1000)  # type: ignore[operator]
    else:
        raise ValueError("invalid_type")
    if not TS_MIN_US <= micros < TS_MAX_US:
        raise ValueError("out_of_range")
    return micros


_IDS = ("visitor_id", "session_id")
_SPECIAL = frozenset(("event_id", "type", "key", "ts", "sent_at", "is_test", "props"))
# The first problem is reported in this field order, whatever the order of the JSON object.
ORDER = {
    name: rank
    for rank, name in enumerate(
        (
            "event_id",
            "type",
            "key",
            *_IDS,
            *TEXT_CAPS,
            "ts",
            "sent_at",
            "is_test",
            "consent",
            "props",
        )
    )
}


def _required(value: object, pattern: re.Pattern[str] | None) -> str | None:
    """The error code of a required identifier, or ``None`` when it is fine."""
    if value is None or value == "":
        return "required"
    if not isinstance(value, str):
        return "invalid_type"
    if len(value) > (64 if pattern is not None else ID_MAX):
        return "too_long"
    if pattern is not None and not pattern.fullmatch(value):
        return "invalid_format"
    return None


def validate(raw: object, received_at: int, is_test: bool) -> SpoolRecord | Invalid:
    """Check one client event in one pass; the record has no key resolution, ip or agent yet."""
    if not isinstance(raw, dict):
        return Invalid("event", "not_object")
    errors: dict[str, str] = {}
    fields: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for name, value in raw.items():
        cap = TEXT_CAPS.get(name)
        if cap is not None:
            if isinstance(value, str):
                if value:
                    fields[name] = value[:cap]
            elif value is not None:
                errors[name] = "invalid_type"
        elif name in _IDS:
            if isinstance(value, str):
                if len(value) > ID_MAX:
                    errors[name] = "too_long"
                elif value:
                    fields[name] = value
            elif value is not None:
                errors[name] = "invalid_type"
        elif name not in _SPECIAL:
            extra[name] = value
    event_id, type_, key = raw.get("event_id"), raw.get("type"), raw.get("key")
    for name, value, pattern in (("event_id", event_id, EVENT_ID_RE), ("type", type_, TYPE_RE)):
        code = _required(value, pattern)
        if code:
            errors[name] = code
    code = _required(key, None)
    if code:
        errors["key"] = code
    times: dict[str, int | None] = {"ts": None, "sent_at": None}
    for name in times:
        try:
            times[name] = parse_ts(raw.get(name))
        except ValueError as exc:
            errors[name] = str(exc)
    flag = raw.get("is_test", False)
    if not isinstance(flag, bool):
        errors["is_test"] = "invalid_type"
    consent = raw.get("consent")
    if consent is not None and not isinstance(consent, bool):
        errors["consent"] = "invalid_type"
    props = raw.get("props")
    if props is not None and not isinstance(props, dict):
        errors["props"] = "invalid_type"
    elif extra or props:
        text = msgspec.json.encode({**extra, **(props or {})})
        if len(text) > PROPS_MAX_BYTES:
            errors["props"] = "too_large"
        fields["props"] = text.decode()
    if errors:
        name = min(errors, key=ORDER.__getitem__)
        return Invalid(name, errors[name])
    return SpoolRecord(
        event_id=str(event_id),
        type=str(type_),
        received_at=received_at,
        key=key,
        ts=times["ts"],
        sent_at=times["sent_at"],
        is_test=is_test or flag,
        **fields,
    )


def quarantined(raw: object, received_at: int, is_test: bool, reason: str) -> SpoolRecord:
    """Best-effort record of a refused event: string fields kept, the raw JSON in ``props``.

    The raw JSON is kept whole (bounded by the request body limit) so it can be replayed.
    """
    src: dict[str, Any] = raw if isinstance(raw, dict) else {}

    def text(name: str, cap: int) -> str | None:
        value = src.get(name)
        return value[:cap] if isinstance(value, str) and value else None

    try:
        ts = parse_ts(src.get("ts"))
    except ValueError:
        ts = None
    raw_json = msgspec.json.encode(raw).decode()
    texts: dict[str, Any] = {name: text(name, cap) for name, cap in TEXT_CAPS.items()}
    return SpoolRecord(
        event_id=text("event_id", 64) or "",
        type=text("type", 64) or "",
        received_at=received_at,
        key=text("key", ID_MAX),
        visitor_id=text("visitor_id", ID_MAX),
        session_id=text("session_id", ID_MAX),
        ts=ts,
        props=raw_json,
        is_test=is_test or src.get("is_test") is True,
        reason=reason,
        **texts,
    )


def message(code: str) -> tuple[str, str]:
    return MESSAGES.get(code, ("Valeur refusée.", "Value refused."))
