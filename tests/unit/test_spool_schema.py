"""What an event may contain, what is refused with which reason, and IP truncation."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hub.errors import ApiError
from ingest.collect.decode import parse_body
from ingest.collect.enrich import truncate_ip
from ingest.collect.schema import Invalid, SpoolRecord, parse_ts, quarantined, validate

NOW = 1_790_000_000_000_000


def ok(**extra: Any) -> dict[str, Any]:
    return {
        "event_id": "0b9e6f1c-8a8b-4a9e-9a51-0d1a2b3c4d5e",
        "type": "page_view",
        "key": "lp_x",
        **extra,
    }


def test_valid_event_normalised() -> None:
    rec = validate(
        ok(
            ts="2026-11-20T10:00:00Z",
            url="https://lp.fr/?a=1",
            utm_source="google",
            props={"step": 2},
        ),
        NOW,
        False,
    )
    assert isinstance(rec, SpoolRecord)
    assert rec.ts == 1_795_168_800_000_000
    assert rec.utm_source == "google" and rec.url == "https://lp.fr/?a=1"
    assert json.loads(rec.props or "") == {"step": 2}
    assert rec.received_at == NOW and rec.is_test is False


def test_unknown_top_level_fields_go_to_props_and_props_win() -> None:
    rec = validate(ok(button="cta-top", step=1, props={"step": 3}, ip="1.2.3.4"), NOW, True)
    assert isinstance(rec, SpoolRecord)
    assert json.loads(rec.props or "") == {"button": "cta-top", "step": 3, "ip": "1.2.3.4"}
    assert rec.ip is None  # never trusted from the client
    assert rec.is_test is True


@pytest.mark.parametrize(
    ("event", "reason"),
    [
        ({"type": "page_view", "key": "k"}, "event_id:required"),
        (ok(event_id="x" * 65), "event_id:too_long"),
        (ok(event_id="a b"), "event_id:invalid_format"),
        (ok(event_id=12), "event_id:invalid_type"),
        (ok(type=""), "type:required"),
        (ok(type="page view"), "type:invalid_format"),
        (ok(key=None), "key:required"),
        (ok(visitor_id="v" * 129), "visitor_id:too_long"),
        (ok(session_id=["s"]), "session_id:invalid_type"),
        (ok(url=5), "url:invalid_type"),
        (ok(ts="yesterday"), "ts:invalid_format"),
        (ok(ts=1_790_000_000), "ts:out_of_range"),  # seconds sent as milliseconds
        (ok(ts=True), "ts:invalid_type"),
        (ok(props=[1, 2]), "props:invalid_type"),
        (ok(props={"x": "y" * 20_000}), "props:too_large"),
        (ok(is_test="yes"), "is_test:invalid_type"),
        ("not an object", "event:not_object"),
    ],
)
def test_refusals_name_field_and_reason(event: object, reason: str) -> None:
    result = validate(event, NOW, False)
    assert isinstance(result, Invalid) and result.reason == reason
    kept = quarantined(event, NOW, False, result.reason)
    assert kept.reason == reason and kept.props is not None  # raw event kept
    assert json.loads(kept.props) == event


def test_free_text_is_truncated_not_refused() -> None:
    rec = validate(ok(url="https://x/" + "a" * 5000, utm_campaign="c" * 300), NOW, False)
    assert isinstance(rec, SpoolRecord)
    assert len(rec.url or "") == 2048 and len(rec.utm_campaign or "") == 256


def test_sent_at_kept_for_the_skew_correction() -> None:
    rec = validate(ok(ts="2026-11-20T10:00:00Z", sent_at="2026-11-20T10:00:05Z"), NOW, False)
    assert isinstance(rec, SpoolRecord)
    assert rec.sent_at is not None and rec.ts is not None
    assert rec.sent_at - rec.ts == 5_000_000
    assert validate(ok(sent_at="yesterday"), NOW, False) == Invalid("sent_at", "invalid_format")
    assert validate(ok(), NOW, False).sent_at is None  # type: ignore[union-attr]


def test_ts_formats() -> None:
    assert parse_ts(1_795_168_800_000) == parse_ts("1795168800000") == 1_795_168_800_000_000
    assert parse_ts("2026-11-20T11:00:00+01:00") == 1_795_168_800_000_000
    assert parse_ts("2026-11-20T10:00:00") == 1_795_168_800_000_000  # naive = UTC
    assert parse_ts(None) is None


@pytest.mark.parametrize(
    ("host", "stored"),
    [
        ("203.0.113.77", "203.0.113.0"),
        ("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::"),
        ("::ffff:198.51.100.9", "198.51.100.0"),
        ("testclient", None),
        (None, None),
    ],
)
def test_ip_truncation(host: str | None, stored: str | None) -> None:
    assert truncate_ip(host) == stored


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        (b"", 400, "body"),
        (b"{not json", 400, "body"),
        (b"\xff\xfe", 400, "body"),
        (b"42", 422, "body"),
        (b'{"events": {"a": 1}}', 422, "events"),
        (b'{"events": []}', 422, "events"),
        (json.dumps({"events": [ok()] * 3}).encode(), 413, "events"),
    ],
)
def test_body_errors_name_the_field(body: bytes, status: int, field: str) -> None:
    with pytest.raises(ApiError) as err:
        parse_body(body, max_events=2)
    assert err.value.status_code == status
    assert err.value.fields[0].field == field


def test_body_shapes() -> None:
    assert parse_body(json.dumps(ok()).encode(), 2) == ([ok()], False)
    assert parse_body(json.dumps({"events": [ok(), ok()]}).encode(), 2)[1] is True
    assert len(parse_body(json.dumps([ok()]).encode(), 2)[0]) == 1
