"""Rate limits per client IP and per public key that hold across every worker process.

One fixed-window counter table shared by the workers through one memory-mapped file
(``spool/ratelimit-v1.bin``): 32768 buckets of 4 slots, a slot = (64-bit identity hash, window
number, count). A check takes an exclusive ``flock`` on the file for the few microseconds it
reads and updates the slots of the request's identities, so N workers enforce the limit once,
not N times (Litestar's default store is per process). All-or-nothing: a refused request adds
nothing to any counter. The lock is released by the kernel if a worker dies holding it.

Limits: ``ip`` counts requests per client address (IPv6 per /64, the usual size of one
subscriber's network), ``key`` counts events per known public key, ``api_key`` counts API keys
that authenticate nothing per client address (:class:`FailureLimiter`); ``0`` disables a limit.
Fixed windows allow up to twice the limit across a window boundary; that is accepted for the
cost of one lock per request. A table full of live identities evicts the smallest count.

Leases (:class:`RateLimiter`, decision 0067): while an identity's count is below half its
limit, a worker that takes the lock also takes a lease of a few more tokens (at most an eighth
of the limit shared by the workers, at most ``LEASE_MAX``, none under ``LEASE_MIN``), counted
in the shared table at once and then spent in the worker without the lock. The shared count
therefore never falls behind what was allowed: the limit is never exceeded across workers.
Past half the limit no lease is taken and every check is exact again; tokens a worker leased
and did not spend are lost with the window, so a limit may refuse up to ``workers`` leases
early, never late.
"""

from __future__ import annotations

import fcntl
import hashlib
import ipaddress
import mmap
import os
import struct
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

BUCKETS = 32768
WAYS = 4
SLOT = struct.Struct("<QQQ")  # identity hash, window number, count
HEADER = struct.Struct("<8sII")
MAGIC = b"LHRL0001"
SIZE = HEADER.size + BUCKETS * WAYS * SLOT.size
LEASE_MAX = 4096  # tokens: a batch of 20 events takes the lock every ~200 requests
LEASE_MIN = 4
LEASES_KEPT = 4096  # leases a worker holds before it forgets spent and stale ones


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``limit`` per ``window_s`` seconds (``limit == 0``: unlimited)."""

    scope: str
    limit: int
    window_s: int


@dataclass(frozen=True, slots=True)
class Refusal:
    scope: str  # "ip" or "key"
    subject: str
    retry_after: int


@lru_cache(maxsize=65536)
def identity(scope: str, subject: str) -> int:
    digest = hashlib.blake2b(f"{scope}\0{subject}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") or 1  # 0 marks an empty slot


@lru_cache(maxsize=8192)
def client_subject(host: str | None) -> str:
    """The address a per-IP limit counts: IPv4 as is, IPv6 by its /64."""
    try:
        addr = ipaddress.ip_address(host or "")
    except ValueError:
        return host or "unknown"
    if isinstance(addr, ipaddress.IPv6Address):
        if addr.ipv4_mapped is not None:
            return str(addr.ipv4_mapped)
        return str(ipaddress.ip_network(f"{addr}/64", strict=False).network_address)
    return str(addr)


def lease_size(limit: int, used: int, workers: int) -> int:
    """Tokens a worker may lease once ``used`` are counted: none past half the limit."""
    if workers <= 0:
        return 0
    size = min(LEASE_MAX, limit // (8 * workers))
    if size < LEASE_MIN or 2 * (used + size) > limit:
        return 0
    return size


class SharedCounters:
    """The memory-mapped fixed-window table (one per data dir, shared by processes)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        try:
            if os.fstat(self.fd).st_size != SIZE:  # new (or from another layout): reset
                os.ftruncate(self.fd, 0)
                os.ftruncate(self.fd, SIZE)
                os.pwrite(self.fd, HEADER.pack(MAGIC, BUCKETS, WAYS), 0)
            self.map = mmap.mmap(self.fd, SIZE)
        finally:
            fcntl.flock(self.fd, fcntl.LOCK_UN)

    def close(self) -> None:
        self.map.close()
        os.close(self.fd)

    def _slot(self, ident: int, window: int, taken: set[int]) -> tuple[int, int]:
        """(offset, current count) of the identity's slot, or of the slot it will take."""
        base = HEADER.size + (ident % BUCKETS) * WAYS * SLOT.size
        victim, victim_count = base, -1
        for way in range(WAYS):
            offset = base + way * SLOT.size
            owner, win, count = SLOT.unpack_from(self.map, offset)
            if owner == ident:
                return offset, count if win == window else 0
            live = count if win == window and owner else 0
            if offset not in taken and (victim_count < 0 or live < victim_count):
                victim, victim_count = offset, live
        return victim, 0

    def take(self, hits: list[tuple[Limit, str, int]], now: float | None = None) -> Refusal | None:
        """Add each ``(limit, subject, amount)`` unless one would exceed its limit."""
        refusal, _ = self.lease(hits, 0, now)
        return refusal

    def lease(
        self, hits: list[tuple[Limit, str, int]], workers: int, now: float | None = None
    ) -> tuple[Refusal | None, list[int]]:
        """:meth:`take`, plus for each hit the tokens leased beyond its amount (``workers``:
        how many processes share the limit; ``0``: no lease). Nothing is added if refused."""
        extras = [0] * len(hits)
        active = [i for i, (lim, _, n) in enumerate(hits) if lim.limit > 0 and n > 0]
        if not active:
            return None, extras
        now = time.time() if now is None else now
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        try:
            planned: list[tuple[int, int, int, int]] = []
            taken: set[int] = set()
            for i in active:
                lim, subject, amount = hits[i]
                window = int(now // lim.window_s)
                ident = identity(lim.scope, subject)
                offset, count = self._slot(ident, window, taken)
                taken.add(offset)
                if count + amount > lim.limit:
                    retry = max(1, int((window + 1) * lim.window_s - now + 0.999))
                    return Refusal(lim.scope, subject, retry), [0] * len(hits)
                extras[i] = lease_size(lim.limit, count + amount, workers)
                planned.append((offset, ident, window, count + amount + extras[i]))
            for offset, ident, window, total in planned:
                SLOT.pack_into(self.map, offset, ident, window, total)
        finally:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        return None, extras

    def over(self, lim: Limit, subject: str, now: float | None = None) -> Refusal | None:
        """The refusal ``lim`` gives ``subject`` now (its count has reached the limit);
        adds nothing."""
        if lim.limit <= 0:
            return None
        now = time.time() if now is None else now
        window = int(now // lim.window_s)
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        try:
            _, count = self._slot(identity(lim.scope, subject), window, set())
        finally:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
        if count < lim.limit:
            return None
        return Refusal(lim.scope, subject, max(1, int((window + 1) * lim.window_s - now + 0.999)))


class FailureLimiter:
    """Failures per client address (API keys that authenticate nothing, decision 0053): once
    ``limit`` are counted in a window, the address is refused before its next key is even
    looked at, until the window ends. Successes count nothing."""

    def __init__(self, counters: SharedCounters, limit: Limit) -> None:
        self.counters = counters
        self.limit = limit

    def check(self, host: str | None) -> Refusal | None:
        return self.counters.over(self.limit, client_subject(host))

    def failed(self, host: str | None) -> None:
        self.counters.take([(self.limit, client_subject(host), 1)])


class RateLimiter:
    """The collector's policy: requests per client IP, events per public key; each worker
    spends its leases without the shared lock (``workers``: how many share the limits)."""

    def __init__(self, counters: SharedCounters, ip: Limit, key: Limit, workers: int = 1) -> None:
        self.counters = counters
        self.ip = ip
        self.key = key
        self.workers = max(1, workers)
        # (scope, subject) -> (window number, tokens leased and not spent yet)
        self.leases: dict[tuple[str, str], tuple[int, int]] = {}

    def check(
        self, host: str | None, events_per_key: dict[str, int], now: float | None = None
    ) -> Refusal | None:
        hits = [(self.ip, client_subject(host), 1)]
        hits += [(self.key, key, n) for key, n in events_per_key.items()]
        now = time.time() if now is None else now
        leases = self.leases
        spend: list[tuple[tuple[str, str], int, int, int]] = []  # covered by a lease
        short: list[tuple[Limit, str, int]] = []
        for hit in hits:
            lim, subject, amount = hit
            if lim.limit <= 0 or amount <= 0:
                continue
            name, window = (lim.scope, subject), int(now // lim.window_s)
            held = leases.get(name)
            if held is not None and held[0] == window and held[1] >= amount:
                spend.append((name, window, held[1], amount))
            else:
                short.append(hit)
        if short:
            refusal = self._take_shared(short, now)
            if refusal is not None:
                return refusal  # nothing spent, locally or shared
        for name, window, tokens, amount in spend:
            leases[name] = (window, tokens - amount)
        if len(leases) > LEASES_KEPT:
            self._drop_stale(now)
        return None

    def _take_shared(self, short: list[tuple[Limit, str, int]], now: float) -> Refusal | None:
        """Take the hits no lease covers from the shared table, with new leases."""
        refusal, extras = self.counters.lease(short, self.workers, now)
        if refusal is not None:
            return refusal
        leases = self.leases
        for (lim, subject, _), extra in zip(short, extras, strict=True):
            name, window = (lim.scope, subject), int(now // lim.window_s)
            held, tokens = leases.get(name, (-1, 0))
            kept = tokens if held == window else 0
            if extra or kept:
                leases[name] = (window, kept + extra)
            else:
                leases.pop(name, None)
        return None

    def _drop_stale(self, now: float) -> None:
        """Forget spent leases and those of past windows (a dropped lease only refuses early)."""
        current = {lim.scope: int(now // lim.window_s) for lim in (self.ip, self.key)}
        live = {k: v for k, v in self.leases.items() if v[1] > 0 and current[k[0]] == v[0]}
        self.leases = live if len(live) <= 16 * LEASES_KEPT else {}
