"""Spam defence rules: status precedence, honeypot, minimum time, rate policy, client keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ingest.intake.spam import (
    Hit,
    RateLimit,
    decide,
    honeypot,
    parse_networks,
    rate_key,
    render_time,
    too_fast,
)

NOW = datetime(2026, 11, 22, 10, 0, 0, tzinfo=UTC)


def ms(ts: datetime) -> str:
    return str(int(ts.timestamp() * 1000))


def test_no_finding_is_new() -> None:
    assert decide([]) == ("new", None)


def test_precedence_spam_invalid_held_duplicate_suspicious_with_every_reason() -> None:
    hits = [
        Hit("suspicious", "phone: a repeated pair"),
        Hit("duplicate", "duplicate_of: lead_1"),
        Hit("held", "source_blocked"),
        Hit("invalid", "phone: fake"),
        Hit("spam", "honeypot"),
    ]
    assert decide(hits) == (
        "spam",
        "honeypot; phone: fake; source_blocked; duplicate_of: lead_1; phone: a repeated pair",
    )
    assert decide(hits[:3]) == (
        "held",
        "source_blocked; duplicate_of: lead_1; phone: a repeated pair",
    )
    assert decide(hits[:2])[0] == "duplicate"


def test_honeypot_is_spam_only_when_filled() -> None:
    assert honeypot({"website": ""}) is None
    assert honeypot({}) is None
    hit = honeypot({"website": "http://spam.example"})
    assert hit is not None and hit.status == "spam" and hit.reason.startswith("honeypot")


@pytest.mark.parametrize(
    ("rendered", "expected"),
    [
        (NOW - timedelta(seconds=1), "spam"),  # faster than a human
        (NOW - timedelta(seconds=2.9), "spam"),
        (NOW - timedelta(seconds=3), None),  # the minimum itself is fine
        (NOW - timedelta(minutes=5), None),
        (NOW - timedelta(days=3), None),  # a tab left open
        (NOW + timedelta(minutes=2), None),  # client clock ahead: not judged
    ],
)
def test_minimum_time_to_submit(rendered: datetime, expected: str | None) -> None:
    hit = too_fast(ms(rendered), NOW, 3.0)
    assert (hit.status if hit else None) == expected
    if hit:
        assert hit.reason.startswith("too_fast: submitted") and "min 3 s" in hit.reason


def test_minimum_time_absent_or_disabled_is_not_checked() -> None:
    assert too_fast(None, NOW, 3.0) is None
    assert too_fast("", NOW, 3.0) is None
    assert too_fast(ms(NOW), NOW, 0) is None


def test_render_time_accepts_ms_and_seconds_and_refuses_garbage() -> None:
    assert render_time(ms(NOW)) == NOW
    assert render_time(str(int(NOW.timestamp()))) == NOW
    for bad in ("abc", "-5", "0", "nan", "inf", "1e30"):
        with pytest.raises(ValueError):
            render_time(bad)


def test_rate_windows_and_sliding_estimate() -> None:
    rate = RateLimit(limit=10, window_seconds=600)
    start = datetime(2026, 11, 22, 10, 0, 0, tzinfo=UTC)  # a window boundary
    assert rate.window(start) == int(start.timestamp())
    assert rate.window(start + timedelta(seconds=599)) == int(start.timestamp())
    assert rate.window(start + timedelta(seconds=600)) == int(start.timestamp()) + 600
    half = start + timedelta(seconds=300)
    assert rate.estimate(previous=10, current=2, now=half) == pytest.approx(7.0)
    assert rate.allows(previous=10, current=2, now=half)  # 7 + 1 <= 10
    assert rate.allows(previous=10, current=4, now=half)  # 9 + 1 <= 10
    assert not rate.allows(previous=10, current=5, now=half)  # 10 + 1 > 10
    assert not rate.allows(previous=0, current=10, now=start)
    assert rate.allows(previous=10, current=0, now=start + timedelta(seconds=599))


def test_rate_key_per_address_ipv6_per_64_and_exemptions() -> None:
    exempt = parse_networks("127.0.0.0/8, ::1/128")
    assert rate_key("203.0.113.7", exempt) == "203.0.113.7"
    assert rate_key("2001:db8:1:2:aaaa::1", exempt) == "2001:db8:1:2::/64"
    assert rate_key("2001:db8:1:2:bbbb::9", exempt) == "2001:db8:1:2::/64"
    assert rate_key("127.0.0.2", exempt) is None
    assert rate_key("::1", exempt) is None
    assert rate_key("127.0.0.2", parse_networks("")) == "127.0.0.2"
    assert rate_key("testclient", exempt) is None  # no address: nothing to count
    assert rate_key(None, exempt) is None


def test_a_bad_exempt_network_is_ignored_not_fatal() -> None:
    assert [str(n) for n in parse_networks("10.0.0.0/8, not-a-network,, 2001:db8::/32")] == [
        "10.0.0.0/8",
        "2001:db8::/32",
    ]
