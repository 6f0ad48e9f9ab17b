"""Fixed-window limits shared through one memory-mapped file: exact across processes."""

from __future__ import annotations

import multiprocessing
import random
from pathlib import Path

import pytest

from ingest.collect.ratelimit import (
    FailureLimiter,
    Limit,
    RateLimiter,
    Refusal,
    SharedCounters,
    client_subject,
    lease_size,
)

IP = Limit("ip", 3, 60)
KEY = Limit("key", 10, 60)
T0 = 1_795_168_800.0  # a window boundary (divisible by 60)


@pytest.fixture
def counters(tmp_path: Path) -> SharedCounters:
    return SharedCounters(tmp_path / "rl.bin")


def test_limit_holds_within_a_window_and_resets_in_the_next(counters: SharedCounters) -> None:
    allowed = [counters.take([(IP, "203.0.113.7", 1)], now=T0 + i) is None for i in range(5)]
    assert allowed == [True, True, True, False, False]
    refusal = counters.take([(IP, "203.0.113.7", 1)], now=T0 + 45.2)
    assert refusal == Refusal("ip", "203.0.113.7", 15)  # seconds until the window ends
    assert counters.take([(IP, "203.0.113.8", 1)], now=T0 + 1) is None  # another address
    assert counters.take([(IP, "203.0.113.7", 1)], now=T0 + 60) is None  # next window


def test_a_refused_request_counts_nothing(counters: SharedCounters) -> None:
    assert counters.take([(IP, "a", 1), (KEY, "lp_x", 8)], now=T0) is None
    # 8 + 5 > 10: refused on the key, and the address is not charged for it either.
    assert counters.take([(IP, "a", 1), (KEY, "lp_x", 5)], now=T0) == Refusal("key", "lp_x", 60)
    assert counters.take([(IP, "a", 1), (KEY, "lp_x", 2)], now=T0) is None  # 2nd, 10 events
    assert counters.take([(IP, "a", 1)], now=T0) is None  # the refused one was not counted
    assert counters.take([(IP, "a", 1)], now=T0) is not None


def test_over_reads_a_count_without_adding(counters: SharedCounters) -> None:
    assert counters.over(IP, "203.0.113.7", now=T0) is None  # never seen
    for i in range(3):
        assert counters.over(IP, "203.0.113.7", now=T0 + i) is None  # below: 0, 1, 2
        assert counters.take([(IP, "203.0.113.7", 1)], now=T0 + i) is None
    assert counters.over(IP, "203.0.113.7", now=T0 + 50.5) == Refusal("ip", "203.0.113.7", 10)
    assert counters.over(IP, "203.0.113.8", now=T0 + 3) is None  # another address
    assert counters.over(IP, "203.0.113.7", now=T0 + 60) is None  # next window
    assert counters.over(Limit("ip", 0, 60), "203.0.113.7", now=T0) is None  # 0: off


def test_failure_limiter_counts_failures_only_and_per_address(counters: SharedCounters) -> None:
    guard = FailureLimiter(counters, Limit("api_key", 2, 600))
    for _ in range(1000):  # checks (every request, valid keys too) count nothing
        assert guard.check("203.0.113.7") is None
    guard.failed("203.0.113.7")
    assert guard.check("203.0.113.7") is None
    guard.failed("203.0.113.7")
    refusal = guard.check("203.0.113.7")
    assert refusal is not None and refusal.scope == "api_key" and 1 <= refusal.retry_after <= 600
    assert guard.check("203.0.113.8") is None
    assert guard.check("2001:db8::1") is None and guard.check("2001:db8::2") is None
    guard.failed("2001:db8::1")
    guard.failed("2001:db8::2")  # the same /64: one subscriber
    assert guard.check("2001:db8::3") is not None
    # Its own scope: the per-request "ip" limit of the same address is untouched.
    assert counters.over(Limit("ip", 1, 600), "203.0.113.7") is None


def test_zero_disables_a_limit(counters: SharedCounters) -> None:
    off = Limit("ip", 0, 60)
    assert all(counters.take([(off, "a", 1)], now=T0) is None for _ in range(100))


def test_counters_survive_reopening_the_file(tmp_path: Path) -> None:
    first = SharedCounters(tmp_path / "rl.bin")
    assert first.take([(KEY, "k", 10)], now=T0) is None
    first.close()
    assert SharedCounters(tmp_path / "rl.bin").take([(KEY, "k", 1)], now=T0) is not None


def test_full_bucket_evicts_the_smallest_count_not_a_busy_identity(
    counters: SharedCounters,
) -> None:
    big = Limit("key", 1_000_000, 60)
    for n in range(20_000):  # far more identities than one bucket holds: collisions happen
        counters.take([(big, f"k{n}", 1 if n else 500)], now=T0)
    assert counters.take([(big, "k0", 999_500)], now=T0) is None
    assert counters.take([(big, "k0", 1)], now=T0) is not None  # k0 kept its count


@pytest.mark.parametrize(
    ("host", "subject"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::"),  # one /64: one subscriber
        ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::"),
        ("::ffff:198.51.100.9", "198.51.100.9"),
        (None, "unknown"),
    ],
)
def test_client_subject(host: str | None, subject: str) -> None:
    assert client_subject(host) == subject


def _hammer(args: tuple[str, int]) -> int:
    path, tries = args
    limiter = RateLimiter(SharedCounters(Path(path)), Limit("ip", 250, 3600), KEY, workers=3)
    return sum(limiter.check("192.0.2.1", {}) is None for _ in range(tries))


def test_limit_is_exact_across_worker_processes(tmp_path: Path) -> None:
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        allowed = pool.map(_hammer, [(str(tmp_path / "rl.bin"), 200)] * 3)
    assert sum(allowed) == 250  # not 3 x 250: one limit for every worker


BIG_IP = Limit("ip", 1_000_000, 60)


def test_lease_sizes_stop_at_half_the_limit_and_below_the_minimum() -> None:
    assert lease_size(120_000, 1, 2) == 4096  # capped
    assert lease_size(120_000, 1, 1) == 4096 and lease_size(60_000, 1, 2) == 3750
    assert lease_size(1200, 1, 2) == 75  # an eighth of the limit, shared by the workers
    assert lease_size(1200, 525, 2) == 75 and lease_size(1200, 526, 2) == 0  # past half: exact
    assert lease_size(60, 1, 2) == 0  # 60 // 16 = 3 tokens: not worth a lease
    assert lease_size(1200, 1, 0) == 0  # SharedCounters.take: never a lease


def test_a_lease_is_spent_without_the_shared_table(
    counters: SharedCounters, monkeypatch: pytest.MonkeyPatch
) -> None:
    limiter = RateLimiter(counters, BIG_IP, Limit("key", 1_000_000, 60), workers=2)
    calls = []
    lease = counters.lease
    monkeypatch.setattr(counters, "lease", lambda *a: calls.append(a) or lease(*a))
    for _ in range(200):
        assert limiter.check("203.0.113.7", {"lp_x": 1}, now=T0) is None
    assert len(calls) == 1  # 4096 tokens of each leased at once
    assert limiter.check("203.0.113.7", {"lp_x": 1}, now=T0 + 60) is None  # a new window
    assert len(calls) == 2  # the last window's lease is not spent in this one


@pytest.mark.parametrize("seed", range(5))
def test_leases_never_let_more_than_the_limit_through_across_workers(
    counters: SharedCounters, seed: int
) -> None:
    rng = random.Random(seed)
    key = Limit("key", 1000, 60)
    workers = [RateLimiter(counters, BIG_IP, key, workers=3) for _ in range(3)]
    allowed = 0
    for _ in range(2000):
        amount = rng.randint(1, 20)
        if rng.choice(workers).check("203.0.113.7", {"lp_x": amount}, now=T0) is None:
            allowed += amount
    leased = sum(w.leases.get(("key", "lp_x"), (0, 0))[1] for w in workers)
    assert allowed + leased <= 1000  # the shared count covers every token allowed or leased
    assert allowed >= 1000 - 20 - 3 * lease_size(1000, 0, 3)  # early by a few leases at most


def test_one_busy_worker_reaches_the_limit_exactly(counters: SharedCounters) -> None:
    key = Limit("key", 1000, 60)
    busy, idle = (RateLimiter(counters, BIG_IP, key, workers=2) for _ in range(2))
    allowed = sum(busy.check("203.0.113.7", {"lp_x": 1}, now=T0) is None for _ in range(1500))
    assert allowed == 1000
    assert idle.check("203.0.113.8", {"lp_x": 1}, now=T0) is not None


def test_past_half_the_limit_every_check_is_exact(counters: SharedCounters) -> None:
    key = Limit("key", 1000, 60)
    first, second = (RateLimiter(counters, BIG_IP, key, workers=2) for _ in range(2))
    assert first.check("203.0.113.7", {"lp_x": 1}, now=T0) is None  # 1 + a lease of 62
    assert counters.take([(key, "lp_x", 500 - 63)], now=T0) is None  # another worker's use
    for _ in range(500):  # past half: no lease, so each worker gets exactly what is left
        assert second.check("203.0.113.8", {"lp_x": 1}, now=T0) is None
    assert second.check("203.0.113.8", {"lp_x": 1}, now=T0) is not None
    assert ("key", "lp_x") not in second.leases  # it never held one
    for _ in range(62):  # the first worker's lease, taken below half, is still its own
        assert first.check("203.0.113.7", {"lp_x": 1}, now=T0) is None
    assert first.check("203.0.113.7", {"lp_x": 1}, now=T0) is not None


def test_a_refusal_spends_no_lease(counters: SharedCounters) -> None:
    key = Limit("key", 1000, 60)
    limiter = RateLimiter(counters, BIG_IP, key, workers=1)
    assert limiter.check("203.0.113.7", {"lp_x": 1}, now=T0) is None  # ip and key leased
    ip_tokens = limiter.leases[("ip", "203.0.113.7")][1]
    assert limiter.check("203.0.113.7", {"lp_x": 999}, now=T0) is not None  # the key refuses
    assert limiter.leases[("ip", "203.0.113.7")][1] == ip_tokens  # the address paid nothing
