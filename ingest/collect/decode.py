"""A hit's events, checked against the schema: typed decoding first, the generic checks second.

Most bodies are well formed: every event has only known fields, each of the right type and
within its bounds. msgspec decodes those straight into typed structs, checking every bound in C
(:class:`ClientEvent`), and the records follow without a look at each field in Python. Any
body that does not fit (an unknown field, a text over its cap, a time as an ISO string, a
problem to report...) takes the generic path, :func:`ingest.collect.schema.validate`, which
alone decides what is refused and why. Both give the same records for what both accept
(``tests/unit/test_event_decode.py`` checks it on generated events). The raw JSON of the events
is decoded generically only when an event is refused (a quarantined record keeps it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

import msgspec
from msgspec import UNSET, Meta, UnsetType

from hub.errors import ApiError, FieldError
from ingest.collect.schema import (
    ID_MAX,
    PROPS_MAX_BYTES,
    TEXT_CAPS,
    TS_MAX_US,
    TS_MIN_US,
    Invalid,
    SpoolRecord,
    message,
    parse_ts,
    validate,
)

_encoder = msgspec.json.Encoder()
_Id = Annotated[str, Meta(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:\-]{0,63}\Z")]
_Type = Annotated[str, Meta(pattern=r"^[A-Za-z0-9_.:\-]{1,64}\Z")]
_Key = Annotated[str, Meta(min_length=1, max_length=ID_MAX)]
# Empty texts are taken (and stored as missing, like the generic path does); longer ones are not.
_Ref = Annotated[str, Meta(max_length=ID_MAX)] | None
_Url = Annotated[str, Meta(max_length=TEXT_CAPS["url"])] | None
_Text = Annotated[str, Meta(max_length=TEXT_CAPS["utm_source"])] | None
# Epoch milliseconds, or a text (ISO 8601 as the tracker sends) read by the generic path's own
# ``parse_ts``: a text it refuses sends the body to the generic path, which names the problem.
_Time = Annotated[int, Meta(ge=TS_MIN_US // 1000, lt=TS_MAX_US // 1000)] | str | None
# props when the event has none but ``consent``: encoded once.
_CONSENT_ONLY = {flag: _encoder.encode({"consent": flag}).decode() for flag in (True, False, None)}
assert all(TEXT_CAPS[name] == 256 for name in TEXT_CAPS if name not in ("url", "referrer"))


class ClientEvent(msgspec.Struct, forbid_unknown_fields=True):
    """A tracker event that the generic checks would take as it is (nothing cut or moved)."""

    event_id: _Id
    type: _Type
    key: _Key
    visitor_id: _Ref = None
    session_id: _Ref = None
    ts: _Time = None
    sent_at: _Time = None
    url: _Url = None
    referrer: _Url = None
    utm_source: _Text = None
    utm_medium: _Text = None
    utm_campaign: _Text = None
    utm_term: _Text = None
    utm_content: _Text = None
    gclid: _Text = None
    fbclid: _Text = None
    variant: _Text = None
    is_test: bool = False
    consent: bool | UnsetType | None = UNSET
    props: dict[str, Any] | None = None


class EventBatch(msgspec.Struct, forbid_unknown_fields=True):
    events: list[ClientEvent]


_one = msgspec.json.Decoder(ClientEvent)
_batch = msgspec.json.Decoder(EventBatch)
_list = msgspec.json.Decoder(list[ClientEvent])


@dataclass
class Events:
    """The events of one hit: each checked (a record, or why it is refused), whether each asks
    for cookieless ids (``consent: false``), and their raw JSON, decoded on first use."""

    received: int
    checked: list[SpoolRecord | Invalid]
    cookieless: list[bool]
    batch: bool  # sent as a batch: a refused field is then named ``events[i].<field>``
    _raw: Callable[[], list[Any]]
    _raw_cache: list[Any] | None = None

    @classmethod
    def of(cls, raw: list[Any], received: int, is_test: bool, batch: bool = False) -> Events:
        """The generic path: every event through :func:`validate`."""
        checked = [validate(event, received, is_test) for event in raw]
        no_consent = [isinstance(e, dict) and e.get("consent") is False for e in raw]
        return cls(received, checked, no_consent, batch, lambda: raw, raw)

    def raw(self) -> list[Any]:
        if self._raw_cache is None:
            self._raw_cache = self._raw()
        return self._raw_cache


def _bad(status: int, code: str, text: str, field: str, reason: str) -> ApiError:
    fr, en = message(reason)
    return ApiError(status, code, text, [FieldError(field, reason, fr, en)])


def parse_body(body: bytes, max_events: int) -> tuple[list[Any], bool]:
    """The events of a body (one event, ``{"events": [...]}`` or a list) and whether batched."""
    if not body.strip():
        raise _bad(400, "invalid_json", "The body is empty.", "body", "required")
    try:
        data = msgspec.json.decode(body)
    except (msgspec.DecodeError, RecursionError):  # RecursionError: nested too deeply
        raise _bad(
            400, "invalid_json", "The body is not valid JSON.", "body", "invalid_format"
        ) from None
    if isinstance(data, dict) and "events" in data:
        data = data["events"]
        if not isinstance(data, list):
            raise _bad(422, "invalid_body", "`events` must be a list.", "events", "invalid_type")
    if isinstance(data, dict):
        return [data], False
    if not isinstance(data, list):
        raise _bad(
            422,
            "invalid_body",
            'Send an event object or {"events": [...]}.',
            "body",
            "invalid_type",
        )
    if not data:
        raise _bad(422, "invalid_body", "`events` is empty.", "events", "required")
    if len(data) > max_events:
        raise _bad(
            413,
            "too_many_events",
            f"At most {max_events} events per request.",
            "events",
            "too_large",
        )
    return data, True


def now_us() -> int:
    return time.time_ns() // 1000


def typed(body: bytes, received: int, is_test: bool, max_events: int) -> Events | None:
    """The events of a well-formed body (a single event or a batch of 1 to ``max_events``), or
    ``None`` when any part of it needs the generic path; ``batch`` as in ``parse_body``."""
    start = body.lstrip()[:9]
    batch = start == b'{"events"' or start[:1] == b"["
    try:
        if start == b'{"events"':
            events = _batch.decode(body).events
        elif start[:1] == b"[":
            events = _list.decode(body)
        else:
            events = [_one.decode(body)]
    except (msgspec.DecodeError, RecursionError):
        return None
    if not 0 < len(events) <= max_events:
        return None
    checked: list[SpoolRecord | Invalid] = []
    for event in events:
        record = _record(event, received, is_test)
        if record is None:
            return None
        checked.append(record)
    cookieless = [event.consent is False for event in events]
    return Events(received, checked, cookieless, batch, lambda: parse_body(body, max_events)[0])


def _micros(value: int | str | None) -> int | None:
    """Epoch microseconds; ``ValueError`` (out of range...): the generic path names it."""
    if type(value) is int:
        return value * 1000
    return parse_ts(value)


def _record(e: ClientEvent, received: int, is_test: bool) -> SpoolRecord | None:
    """What :func:`validate` makes of the event (``None``: its call, e.g. props too large)."""
    try:
        ts, sent_at = _micros(e.ts), _micros(e.sent_at)
    except ValueError:
        return None
    props = None
    if e.props:
        merged = {} if e.consent is UNSET else {"consent": e.consent}
        text = _encoder.encode({**merged, **e.props})
        if len(text) > PROPS_MAX_BYTES:
            return None
        props = text.decode()
    elif e.consent is not UNSET:
        props = _CONSENT_ONLY[e.consent]
    # Positional, in SpoolRecord's field order (keywords cost a lookup each, per event); the
    # server-side fields (account, ip, user agent...) are set by the pipeline.
    return SpoolRecord(
        e.event_id,
        e.type,
        received,
        e.key,
        None,  # account_id
        None,  # lp_id
        None,  # form_id
        e.visitor_id or None,
        e.session_id or None,
        ts,
        sent_at,
        e.url or None,
        e.referrer or None,
        e.utm_source or None,
        e.utm_medium or None,
        e.utm_campaign or None,
        e.utm_term or None,
        e.utm_content or None,
        e.gclid or None,
        e.fbclid or None,
        e.variant or None,
        props,
        None,  # ip
        None,  # user_agent
        None,  # device
        None,  # browser
        None,  # os
        is_test or e.is_test,
    )


# The positional call above relies on this order: a field added or moved must change it too.
assert SpoolRecord.__struct_fields__[:28] == (
    *("event_id", "type", "received_at", "key", "account_id", "lp_id", "form_id"),
    *("visitor_id", "session_id", "ts", "sent_at", "url", "referrer", "utm_source"),
    *("utm_medium", "utm_campaign", "utm_term", "utm_content", "gclid", "fbclid", "variant"),
    *("props", "ip", "user_agent", "device", "browser", "os", "is_test"),
)
