"""The typed decoding of events (``ingest.collect.decode.typed``) gives exactly the records of
the generic checks (``schema.validate``), or hands the body to them: never a different record,
never an event taken that the generic checks refuse."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from ingest.collect.decode import Events, parse_body, typed
from ingest.collect.schema import SpoolRecord

RECEIVED = 1_795_168_800_123_456
TEXTS = ("url", "referrer", "utm_source", "utm_medium", "utm_campaign", "utm_term",
         "utm_content", "gclid", "fbclid", "variant")  # fmt: skip


def generic(body: bytes, is_test: bool = False) -> Events:
    raw, batch = parse_body(body, 500)
    return Events.of(raw, RECEIVED, is_test, batch)


def same(body: bytes, is_test: bool = False) -> Events | None:
    """The typed result, after checking it against the generic one."""
    fast = typed(body, RECEIVED, is_test, 500)
    if fast is not None:
        slow = generic(body, is_test)
        assert fast.checked == slow.checked
        assert fast.cookieless == slow.cookieless
        assert fast.batch == slow.batch
        assert fast.raw() == slow.raw()
    return fast


def tracker_event(i: int = 0, **extra: Any) -> dict[str, Any]:
    """What ``t.js`` sends."""
    return {
        "event_id": f"0b6f3c1e-{i:04d}",
        "type": "page_view",
        "key": "lp_solaire_demo",
        "ts": "2026-12-03T18:40:00.123Z",
        "url": "https://lp.example/solaire/?utm_source=google",
        "referrer": "",
        "props": {},
        "utm_source": "google",
        "consent": True,
        "visitor_id": "v1",
        "session_id": "s1",
        "sent_at": "2026-12-03T18:40:01.500Z",
        **extra,
    }


def test_the_tracker_s_events_take_the_typed_path() -> None:
    single = same(json.dumps(tracker_event()).encode())
    batch = same(json.dumps({"events": [tracker_event(i) for i in range(20)]}).encode())
    assert single is not None and not single.batch
    assert batch is not None and batch.batch and len(batch.checked) == 20
    record = single.checked[0]
    assert isinstance(record, SpoolRecord)
    assert record.referrer is None  # empty texts are missing, as in the generic path
    assert record.props == '{"consent":true}'
    assert record.ts == 1_796_323_200_123_000


def test_empty_texts_are_missing_values() -> None:
    blank = {name: "" for name in (*TEXTS, "visitor_id", "session_id")}
    fast = same(json.dumps(tracker_event(**blank)).encode())
    assert fast is not None
    record = fast.checked[0]
    assert isinstance(record, SpoolRecord)
    assert all(getattr(record, name) is None for name in blank)


def test_no_consent_asks_for_cookieless_ids() -> None:
    event = tracker_event(consent=False)
    del event["visitor_id"], event["session_id"]
    fast = same(json.dumps([event, tracker_event(1)]).encode())
    assert fast is not None and fast.cookieless == [True, False] and fast.batch


@pytest.mark.parametrize(
    "change",
    [
        {"extra_field": 1},  # unknown: kept in props by the generic path
        {"url": "https://x/" + "a" * 3000},  # cut to its cap by the generic path
        {"ts": "yesterday"},  # refused, with its reason, by the generic path
        {"ts": 1.5e12},  # a float time
        {"event_id": "bad id"},
        {"event_id": ""},
        {"is_test": None},
        {"consent": "no"},
        {"props": {"big": "x" * 20_000}},
        {"visitor_id": "v" * 200},
    ],
)
def test_what_the_typed_path_leaves_to_the_generic_one(change: dict[str, Any]) -> None:
    body = json.dumps(tracker_event(**change)).encode()
    assert same(body) is None
    assert (
        same(json.dumps({"events": [tracker_event(1), tracker_event(2, **change)]}).encode())
        is None
    )


@pytest.mark.parametrize("body", [b"", b"{", b"[]", b'{"events": []}', b'{"events": 3}', b"42"])
def test_bodies_the_generic_path_answers(body: bytes) -> None:
    assert typed(body, RECEIVED, False, 500) is None


def test_more_events_than_allowed_go_to_the_generic_path() -> None:
    body = json.dumps({"events": [tracker_event(i) for i in range(3)]}).encode()
    assert typed(body, RECEIVED, False, 2) is None
    assert typed(body, RECEIVED, False, 3) is not None


_text = st.one_of(st.none(), st.text(max_size=12), st.text(min_size=250, max_size=300))
_value = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), _text)
_millis = st.integers(min_value=946_684_799_000, max_value=4_102_444_801_000)
_time = st.one_of(_millis, st.sampled_from(["2026-12-03T18:40:00Z", "2026-12-03 18:40", "17951"]))
# Mostly what a tracker sends (the typed path), sometimes not (the generic path).
_required = {
    "event_id": st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.:\-]{0,66}", fullmatch=True),
    "type": st.sampled_from(["page_view", "cta_click", "form_submit"]),
    "key": st.sampled_from(["lp_solaire_demo", "k" * 128, "k" * 129]),
}
_optional = {
    "visitor_id": _text,
    "session_id": st.one_of(_text, st.text(min_size=120, max_size=140)),
    "ts": st.one_of(_time, _value),
    "sent_at": _time,
    **{name: _text for name in TEXTS},
    "is_test": st.one_of(st.booleans(), _value),
    "consent": st.one_of(st.booleans(), st.none(), _value),
    "props": st.one_of(st.none(), st.dictionaries(st.text(max_size=3), _value, max_size=3), _value),
    "other": _value,
}
_event = st.one_of(
    st.fixed_dictionaries(_required, optional=_optional),  # type: ignore[arg-type]
    st.fixed_dictionaries({}, optional={**_required, **_optional}),  # type: ignore[arg-type]
)


@settings(max_examples=400, deadline=None)
@given(events=st.lists(_event, min_size=1, max_size=3), as_batch=st.booleans(), test=st.booleans())
def test_typed_equals_generic_on_generated_events(
    events: list[dict[str, Any]], as_batch: bool, test: bool
) -> None:
    body = msgspec.json.encode({"events": events} if as_batch or len(events) > 1 else events[0])
    typed_path = same(body, test)
    event(f"typed path: {typed_path is not None}")
