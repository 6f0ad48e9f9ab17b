"""One circuit breaker per buyer endpoint, its state shared by every worker through the hub.

closed: requests go through; ``threshold`` failures in a row open it. open: no request until
``open_until``; then half_open: ONE probe (held for ``probe_lease`` seconds, so a probe lost
with its worker does not block the endpoint forever). The probe's success closes the breaker;
its failure opens it again with the cool-down doubled (up to ``max_cool_down``).

:class:`BreakerPolicy` is pure (tested on its own); :func:`admit` and :func:`record` keep the
state in the ``circuit_breakers`` table. The closed path costs one read and no write.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from hub.db import iso, transaction
from routing.queries import q


@dataclass(frozen=True, slots=True)
class BreakerState:
    state: str = "closed"  # closed | open | half_open
    failures: int = 0
    cool_down: float = 0.0  # seconds the breaker stays open next time it opens (0: policy base)
    open_until: datetime | None = None
    probe_until: datetime | None = None


CLOSED = BreakerState()


@dataclass(frozen=True, slots=True)
class Admission:
    allowed: bool
    state: BreakerState
    retry_at: datetime | None = None  # when refused: when to try again


@dataclass(frozen=True)
class BreakerPolicy:
    threshold: int = 5
    cool_down: float = 30.0
    max_cool_down: float = 600.0
    probe_lease: float = 60.0

    def admit(self, s: BreakerState, now: datetime) -> Admission:
        """May one request go to the endpoint now? (The state to store comes with it.)"""
        if s.state == "closed":
            return Admission(True, s)
        if s.state == "open" and s.open_until is not None and now < s.open_until:
            return Admission(False, s, s.open_until)
        if s.state == "half_open" and s.probe_until is not None and now < s.probe_until:
            return Admission(False, s, s.probe_until)
        probe = replace(s, state="half_open", probe_until=now + timedelta(seconds=self.probe_lease))
        return Admission(True, probe)

    def record(self, s: BreakerState, ok: bool, now: datetime) -> BreakerState:
        """The state after one request's outcome (``ok``: the endpoint answered sanely)."""
        if ok:
            return CLOSED
        base = s.cool_down or self.cool_down
        if s.state == "half_open":
            cool = min(self.max_cool_down, base * 2)
            return BreakerState("open", s.failures + 1, cool, now + timedelta(seconds=cool))
        failures = s.failures + 1
        if s.state == "open":  # a request admitted before another worker opened it
            return replace(s, failures=failures)
        if failures >= self.threshold:
            return BreakerState("open", failures, base, now + timedelta(seconds=base))
        return replace(s, failures=failures)


def _load(con: sqlite3.Connection, endpoint: str) -> BreakerState:
    row = con.execute(q("breaker_get"), {"endpoint": endpoint}).fetchone()
    if row is None:
        return CLOSED
    return BreakerState(
        row["state"],
        int(row["failures"]),
        float(row["cool_down"]),
        datetime.fromisoformat(row["open_until"]) if row["open_until"] else None,
        datetime.fromisoformat(row["probe_until"]) if row["probe_until"] else None,
    )


def _save(con: sqlite3.Connection, endpoint: str, s: BreakerState, now: datetime) -> None:
    con.execute(
        q("breaker_save"),
        {
            "endpoint": endpoint,
            "state": s.state,
            "failures": s.failures,
            "cool_down": s.cool_down,
            "open_until": iso(s.open_until) if s.open_until else None,
            "probe_until": iso(s.probe_until) if s.probe_until else None,
            "updated_at": iso(now),
        },
    )


def admit(
    con: sqlite3.Connection, policy: BreakerPolicy, endpoint: str, now: datetime
) -> Admission:
    """Ask the shared breaker (its own transaction unless it is closed)."""
    if _load(con, endpoint).state == "closed":
        return Admission(True, CLOSED)
    with transaction(con):
        decision = policy.admit(_load(con, endpoint), now)
        if decision.allowed:
            _save(con, endpoint, decision.state, now)
    return decision


def record(
    con: sqlite3.Connection, policy: BreakerPolicy, endpoint: str, ok: bool, now: datetime
) -> BreakerState:
    """Store one outcome; call inside the transaction that settles the delivery."""
    current = _load(con, endpoint)
    new = policy.record(current, ok, now)
    if new != current:
        _save(con, endpoint, new, now)
    return new


def state_of(con: sqlite3.Connection, endpoint: str) -> BreakerState:
    return _load(con, endpoint)
