"""Circuit breaker: the pure policy's transitions, its state shared through the hub; and the
grouped WAL fsync the router waits for before calling a buyer."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hub.db import connect, open_hub
from routing.breaker import CLOSED, BreakerPolicy, BreakerState, admit, record, state_of
from routing.deliver import WalSync

T0 = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
POLICY = BreakerPolicy(threshold=3, cool_down=10.0, max_cool_down=25.0, probe_lease=5.0)


def fail(state: BreakerState, n: int, now: datetime = T0) -> BreakerState:
    for _ in range(n):
        state = POLICY.record(state, False, now)
    return state


def test_opens_after_threshold_failures_in_a_row_and_success_resets_the_count() -> None:
    almost = fail(CLOSED, 2)
    assert almost.state == "closed" and almost.failures == 2
    assert POLICY.record(almost, True, T0) == CLOSED
    assert fail(POLICY.record(almost, True, T0), 2).state == "closed"
    opened = fail(CLOSED, 3)
    assert opened.state == "open" and opened.open_until == T0 + timedelta(seconds=10)


def test_open_refuses_until_cool_down_then_admits_exactly_one_probe() -> None:
    opened = fail(CLOSED, 3)
    refused = POLICY.admit(opened, T0 + timedelta(seconds=9.9))
    assert not refused.allowed and refused.retry_at == opened.open_until
    probe = POLICY.admit(opened, T0 + timedelta(seconds=10))
    assert probe.allowed and probe.state.state == "half_open"
    second = POLICY.admit(probe.state, T0 + timedelta(seconds=11))
    assert not second.allowed and second.retry_at == T0 + timedelta(seconds=15)
    # A probe lost with its worker: after its lease another one may go.
    assert POLICY.admit(probe.state, T0 + timedelta(seconds=15)).allowed


def test_probe_success_closes_failure_reopens_with_doubled_capped_cool_down() -> None:
    probe = POLICY.admit(fail(CLOSED, 3), T0 + timedelta(seconds=10)).state
    assert POLICY.record(probe, True, T0) == CLOSED
    again = POLICY.record(probe, False, T0 + timedelta(seconds=11))
    assert again.state == "open" and again.cool_down == 20.0
    assert again.open_until == T0 + timedelta(seconds=31)
    probe2 = POLICY.admit(again, T0 + timedelta(seconds=31)).state
    third = POLICY.record(probe2, False, T0 + timedelta(seconds=32))
    assert third.cool_down == 25.0  # capped at max_cool_down


def test_a_late_failure_while_open_does_not_extend_the_cool_down() -> None:
    opened = fail(CLOSED, 3)
    later = POLICY.record(opened, False, T0 + timedelta(seconds=5))
    assert later.open_until == opened.open_until and later.failures == 4


def test_state_is_shared_between_connections_and_closed_path_writes_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "hub.sqlite3"
    first = open_hub(path)
    second: sqlite3.Connection = connect(path)
    endpoint = "https://crm.example.fr:443"
    try:
        assert admit(first, POLICY, endpoint, T0).allowed
        record(first, POLICY, endpoint, True, T0)
        assert first.execute("SELECT count(*) FROM circuit_breakers").fetchone()[0] == 0
        for _ in range(3):
            record(first, POLICY, endpoint, False, T0)
        assert state_of(second, endpoint).state == "open"
        assert not admit(second, POLICY, endpoint, T0 + timedelta(seconds=1)).allowed
        assert admit(second, POLICY, endpoint, T0 + timedelta(seconds=10)).allowed
        assert not admit(first, POLICY, endpoint, T0 + timedelta(seconds=11)).allowed
        record(first, POLICY, endpoint, True, T0 + timedelta(seconds=12))
        assert admit(second, POLICY, endpoint, T0 + timedelta(seconds=12)).allowed
        assert state_of(second, "https://other.example.fr:443") == CLOSED
    finally:
        first.close()
        second.close()


def test_wal_sync_groups_concurrent_callers_and_never_returns_before_a_later_fsync(
    tmp_path: Path,
) -> None:
    """The durability barrier before a send: each caller waits for an fsync that started
    after its call; callers waiting together share one."""
    db = tmp_path / "hub.sqlite3"
    open_hub(db).close()
    started: list[float] = []

    def slow_fsync(fd: int) -> None:
        started.append(time.monotonic())
        os.fsync(fd)
        time.sleep(0.05)

    wal = WalSync(db, fsync=slow_fsync)
    calls: list[float] = []
    returned: list[float] = []
    lock = threading.Lock()

    def caller() -> None:
        t = time.monotonic()
        wal.sync()
        with lock:
            calls.append(t)
            returned.append(time.monotonic())

    threads = [threading.Thread(target=caller) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(returned) == 12
    assert 1 <= wal.fsyncs <= 4  # twelve callers, a handful of fsyncs
    for call, back in zip(calls, returned, strict=True):
        assert any(call <= s <= back - 0.05 for s in started)
    wal.sync()  # alone: its own fsync
    assert wal.fsyncs == len(started)
