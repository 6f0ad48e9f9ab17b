"""RetryPolicy: backoff bounds, full jitter, Retry-After (seconds and HTTP date), give-up."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from hub.settings import Settings
from routing.retry import RetryPolicy, parse_retry_after

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def test_ceiling_grows_exponentially_then_caps() -> None:
    policy = RetryPolicy(base_delay=2.0, factor=2.0, max_delay=60.0)
    assert [policy.ceiling(n) for n in range(1, 8)] == [2, 4, 8, 16, 32, 60, 60]
    assert policy.ceiling(10_000) == 60.0


@pytest.mark.parametrize("attempt", [1, 2, 3, 5, 9, 30])
def test_full_jitter_stays_within_zero_and_ceiling(attempt: int) -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=300.0, rng=random.Random(attempt))
    delays = [policy.next_delay(attempt, elapsed=0.0) for _ in range(500)]
    ceiling = policy.ceiling(attempt)
    assert all(d is not None and 0.0 <= d <= ceiling for d in delays)
    values = [d for d in delays if d is not None]
    # Full jitter spreads over the whole range, not around the ceiling.
    assert min(values) < 0.2 * ceiling and max(values) > 0.8 * ceiling
    assert len(set(values)) > 400


def test_retry_after_is_a_floor_and_is_capped() -> None:
    policy = RetryPolicy(base_delay=0.01, max_delay=0.05, max_retry_after=120.0)
    assert policy.next_delay(1, 0.0, retry_after=7.0) == 7.0
    assert policy.next_delay(1, 0.0, retry_after=86_400.0) == 120.0
    big = RetryPolicy(base_delay=100.0, max_delay=100.0, rng=random.Random(1))
    delay = big.next_delay(1, 0.0, retry_after=1.0)
    assert delay is not None and 1.0 <= delay <= 100.0


def test_gives_up_after_24_hours_and_never_schedules_past_the_deadline() -> None:
    policy = RetryPolicy(base_delay=600.0, max_delay=3600.0)
    day = 24 * 3600.0
    assert policy.next_delay(50, elapsed=day) is None
    assert policy.next_delay(50, elapsed=day + 1) is None
    last = policy.next_delay(50, elapsed=day - 10.0, retry_after=3000.0)
    assert last == 10.0
    assert policy.next_delay(1, elapsed=day - 3600) is not None


def test_parse_retry_after_seconds_and_http_date() -> None:
    assert parse_retry_after("3", NOW) == 3.0
    assert parse_retry_after(" 120 ", NOW) == 120.0
    later = format_datetime(NOW + timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(later, NOW) == 90.0
    past = format_datetime(NOW - timedelta(hours=1), usegmt=True)
    assert parse_retry_after(past, NOW) == 0.0
    assert parse_retry_after("Sun, 22 Nov 2026 10:00:30 GMT", NOW) == 30.0
    for bad in (None, "", "soon", "-5", "1.5e3"):
        assert parse_retry_after(bad, NOW) is None


def test_a_long_retry_after_is_honoured_by_default_up_to_the_deadline() -> None:
    policy = RetryPolicy()
    assert policy.next_delay(1, elapsed=0.0, retry_after=7200.0) == 7200.0
    day = 24 * 3600.0
    assert policy.next_delay(1, elapsed=day - 600.0, retry_after=7200.0) == 600.0


def test_the_give_up_horizon_is_a_setting_of_24_hours_by_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("LEADHUB_DELIVERY_GIVE_UP_SECONDS", raising=False)
    assert Settings(data_dir=tmp_path).delivery_give_up_seconds == 24 * 3600
    monkeypatch.setenv("LEADHUB_DELIVERY_GIVE_UP_SECONDS", "3600")
    assert Settings(data_dir=tmp_path).delivery_give_up_seconds == 3600
    monkeypatch.setenv("LEADHUB_DELIVERY_GIVE_UP_SECONDS", "0")
    with pytest.raises(ValidationError, match="delivery_give_up_seconds"):
        Settings(data_dir=tmp_path)
