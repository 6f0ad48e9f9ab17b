"""The routing worker: claims outbox jobs in batches with a lease and runs them on a small
thread pool.

``serve(settings)`` runs until SIGTERM/SIGINT, then stops claiming and lets the jobs in
flight finish (each is bounded by the delivery timeout; a job never started is given back).
``run_until_idle(settings)`` does the same until nothing is due soon (tests, one-shot runs).
Several worker processes are safe: a claim is an ``UPDATE … RETURNING`` under BEGIN
IMMEDIATE, and a killed worker's claims come back when their lease ends.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sqlite3
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import datetime, timedelta
from types import FrameType

from hub.db import Hub, utcnow
from hub.rules import backlog
from hub.settings import Settings
from routing import claims
from routing.breaker import BreakerPolicy
from routing.claims import Job
from routing.deliver import Deliverer
from routing.ready import ReadyQueue
from routing.retry import RetryPolicy
from routing.route import route_lead
from routing.selection import CommandeCache

log = logging.getLogger("leadhub.router")
CRASH_RETRY = timedelta(seconds=30)


class Worker:
    def __init__(
        self,
        settings: Settings,
        *,
        policy: RetryPolicy | None = None,
        threads: int = 4,
        worker_id: str | None = None,
        breakers: BreakerPolicy | None = None,
        prefetch: int | None = None,
    ) -> None:
        self.settings = settings
        self.threads = max(1, threads)
        # Jobs running + claimed and waiting: a claim transaction takes a batch (routing.ready).
        self.window = self.threads + (self.threads if prefetch is None else max(0, prefetch))
        self.worker_id = worker_id or (
            f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        )
        self.hub = Hub(settings.hub_db)
        policy = policy or RetryPolicy(give_up_after=settings.delivery_give_up_seconds)
        self.deliverer = Deliverer(settings, policy, breakers)
        self.commandes = CommandeCache()
        self.stats: Counter[str] = Counter()
        self.sweeper = Sweeper()
        self._stats_lock = threading.Lock()
        if settings.router_lease_seconds < 4 * settings.delivery_timeout_seconds:
            log.warning(
                "router_lease_seconds (%s) should exceed 4 x delivery_timeout_seconds",
                settings.router_lease_seconds,
            )

    def run(
        self,
        stop: threading.Event,
        *,
        until_idle: bool = False,
        horizon: float = 2.0,
        timeout: float | None = None,
    ) -> None:
        """Claim and run jobs until ``stop`` is set (or, with ``until_idle``, nothing is due
        within ``horizon`` seconds; TimeoutError after ``timeout`` seconds)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        inflight: set[Future[None]] = set()
        ready = ReadyQueue(self.settings.router_lease_seconds / 4)
        con = self.hub.con()
        _fast_commits(con)
        with ThreadPoolExecutor(self.threads, thread_name_prefix="router") as pool:
            try:
                while not stop.is_set():
                    free = self.threads - len(inflight)
                    if free > len(ready):  # claim a batch: enough to fill the window
                        ready.add(self._claim(con, self.window - len(inflight) - len(ready)))
                    start, stale = ready.take(free)
                    self._unclaim(con, stale)
                    inflight |= {pool.submit(self._handle, job) for job in start}
                    if until_idle and not inflight and not ready and self._idle(horizon):
                        return
                    if deadline is not None and time.monotonic() > deadline:
                        raise TimeoutError("router did not become idle in time")
                    if inflight:
                        done, _ = wait(inflight, self.settings.router_poll_seconds, FIRST_COMPLETED)
                        inflight -= done
                    elif not start and not ready:
                        stop.wait(self.settings.router_poll_seconds)
            finally:
                self._unclaim(con, ready.drain())  # never started: given back at once
                wait(inflight)

    def _unclaim(self, con: sqlite3.Connection, jobs: list[Job]) -> None:
        try:
            given = claims.unclaim(con, jobs, self.worker_id)
        except sqlite3.OperationalError as exc:  # their leases end anyway
            log.warning("could not give back %d claimed jobs: %s", len(jobs), exc)
            return
        if given:
            log.info("gave back %d claimed jobs not started", given)

    def _claim(self, con: sqlite3.Connection, limit: int) -> list[Job]:
        if limit > 0:
            self._backlog_pass(con)
        try:
            return claims.claim(
                con, self.worker_id, utcnow(), self.settings.router_lease_seconds, limit
            )
        except sqlite3.OperationalError as exc:  # e.g. locked past busy_timeout: try again
            log.warning("claim failed, retrying: %s", exc)
            return []

    def _backlog_pass(self, con: sqlite3.Connection) -> None:
        """Every few minutes, queue the sold leads due for backlog resale (hub.rules.backlog)."""
        if not self.sweeper.due():
            return
        try:
            queued = backlog.sweep(con, utcnow())
        except sqlite3.OperationalError as exc:  # busy: the next pass will do it
            log.warning("backlog pass failed: %s", exc)
            return
        if queued:
            log.info("backlog pass queued %d sold leads for resale", queued)

    def _idle(self, horizon: float) -> bool:
        due = claims.next_due(self.hub.con())
        if due is None:
            return True
        return datetime.fromisoformat(due) > utcnow() + timedelta(seconds=horizon)

    def _handle(self, job: Job) -> None:
        follow = self._run_one(job)
        if follow is not None:  # a lead just routed is delivered at once, by this thread
            self._run_one(follow)

    def _run_one(self, job: Job) -> Job | None:
        con = self.hub.con()
        follow = None
        try:
            _fast_commits(con)
            if job.kind == "route":
                lease = self.settings.router_lease_seconds
                result = route_lead(con, job, self.worker_id, utcnow(), lease, cache=self.commandes)
                outcome, follow = result.outcome, result.deliver_job
            else:
                outcome = self.deliverer.run(con, job, self.worker_id)
        except Exception as exc:  # one bad job must not kill the worker
            log.exception("job %s (%s %s) failed", job.id, job.kind, job.ref_id)
            if con.in_transaction:
                con.execute("ROLLBACK")
            error = f"worker error: {type(exc).__name__}: {exc}"[:500]
            claims.release(con, job, self.worker_id, utcnow() + CRASH_RETRY, error)
            outcome = "error"
        with self._stats_lock:
            self.stats[f"{job.kind}:{outcome}"] += 1
        log.info("job %s %s %s -> %s", job.id, job.kind, job.ref_id, outcome)
        return follow

    def close(self) -> None:
        self.deliverer.close()
        self.hub.close()


class Sweeper:
    """Runs :func:`sweep` at most every ``interval`` seconds in this process."""

    def __init__(self, interval: float = 300.0) -> None:
        self.interval = interval
        self._next = 0.0
        self._lock = threading.Lock()

    def due(self) -> bool:
        with self._lock:
            now = time.monotonic()
            if now < self._next:
                return False
            self._next = now + self.interval
            return True


def _fast_commits(con: sqlite3.Connection) -> None:
    """Commit without fsync (WAL + NORMAL: durable across a killed process), so the hub's write
    lock is never held through an fsync. What must survive an OS crash is synced outside the
    lock, grouped, before any buyer is called (``WalSync``); a claim or a settlement lost to an
    OS crash only means a job claimed again or a delivery resent with the same key. Decision
    0020."""
    con.execute("PRAGMA synchronous=NORMAL")


def run_until_idle(
    settings: Settings,
    *,
    policy: RetryPolicy | None = None,
    threads: int = 4,
    horizon: float = 2.0,
    timeout: float = 60.0,
    worker_id: str | None = None,
    breakers: BreakerPolicy | None = None,
) -> Counter[str]:
    """Process jobs until none is due within ``horizon`` s; returns counts per kind:outcome."""
    worker = Worker(
        settings, policy=policy, threads=threads, worker_id=worker_id, breakers=breakers
    )
    try:
        worker.run(threading.Event(), until_idle=True, horizon=horizon, timeout=timeout)
    finally:
        worker.close()
    return worker.stats


def serve(settings: Settings, *, policy: RetryPolicy | None = None, threads: int = 4) -> None:
    """``leadhub router``: run until SIGTERM or SIGINT, then finish the jobs in flight."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stop = threading.Event()

    def _stop(signum: int, _frame: FrameType | None) -> None:
        log.info("signal %s: finishing jobs in flight", signal.Signals(signum).name)
        stop.set()

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    worker = Worker(settings, policy=policy, threads=threads)
    log.info(
        "router %s polling %s every %ss",
        worker.worker_id,
        settings.hub_db,
        settings.router_poll_seconds,
    )
    try:
        worker.run(stop)
    finally:
        worker.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        log.info("router stopped: %s", dict(worker.stats))
