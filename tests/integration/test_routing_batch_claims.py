"""Claims in batches (decision 0058): one claim transaction serves several jobs; a job that
waited too long in the worker's queue, or is still queued when the worker stops, is given back
unstarted (claimable at once, the claim not counted), never run on a lease about to end."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import Any

import pytest

from hub.db import transaction, utcnow
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from routing import claims
from routing.claims import Job
from routing.ready import ReadyQueue
from routing.worker import Worker
from tests.integration.test_routing_support import (
    add_lead,
    fake_crm,
    fast_policy,
    phone,
    point_buyers,
    received,
    rows,
)

pytestmark = pytest.mark.integration


def counting(calls: list[int], claim: Callable[..., list[Job]]) -> Callable[..., list[Job]]:
    def wrapped(*args: Any, **kwargs: Any) -> list[Job]:
        jobs = claim(*args, **kwargs)
        if jobs:
            calls.append(len(jobs))
        return jobs

    return wrapped


def test_one_claim_transaction_serves_several_jobs(
    settings: Settings,
    hub_con: sqlite3.Connection,
    world: DemoWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(claims, "claim", counting(calls, claims.claim))
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        leads = {add_lead(hub_con, phone_e164=phone(i)) for i in range(24)}
        worker = Worker(settings, policy=fast_policy(), threads=4)
        try:
            worker.run(threading.Event(), until_idle=True, horizon=0.2, timeout=60)
        finally:
            worker.close()
        assert {e["body"]["lead_id"] for e in received(crm)["leads"]} == leads
    assert sum(calls) == 24  # every route job claimed once (its deliver job came with it)
    assert calls[0] == 8  # the window: 4 threads + 4 queued
    assert len(calls) <= 24 // 2


def test_a_job_queued_too_long_is_given_back_unstarted(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    for i in range(3):
        add_lead(hub_con, phone_e164=phone(i))
    clock = [100.0]
    queue = ReadyQueue(15.0, clock=lambda: clock[0])
    queue.add(claims.claim(hub_con, "w1", utcnow(), 60, 2))
    clock[0] += 10.0
    queue.add(claims.claim(hub_con, "w1", utcnow(), 60, 2))
    clock[0] += 6.0  # the first two waited 16 s > 15 s, the third 6 s
    start, stale = queue.take(1)
    assert (len(start), len(stale)) == (1, 2) and len(queue) == 0
    assert claims.unclaim(hub_con, stale, "w1") == 2
    assert claims.unclaim(hub_con, stale, "w1") == 0  # no longer held: nothing to give back
    given = rows(
        hub_con,
        "SELECT claimed_by, lease_until, attempts FROM outbox WHERE id IN (?, ?)",
        *(j.id for j in stale),
    )
    assert given == [{"claimed_by": None, "lease_until": None, "attempts": 0}] * 2
    again = claims.claim(hub_con, "w2", utcnow(), 60, 5)  # claimable at once by anyone
    assert sorted(j.id for j in again) == sorted(j.id for j in stale)
    (held,) = rows(hub_con, "SELECT claimed_by FROM outbox WHERE id = ?", start[0].id)
    assert held == {"claimed_by": "w1"}


def test_jobs_still_queued_at_shutdown_are_given_back(
    settings: Settings,
    hub_con: sqlite3.Connection,
    world: DemoWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stop = threading.Event()
    ran: list[int] = []

    def handle(self: Worker, job: Job) -> None:  # the first job stops the worker
        ran.append(job.id)
        stop.set()
        con = self.hub.con()
        with transaction(con):
            claims.complete(con, job, self.worker_id, utcnow())

    monkeypatch.setattr(Worker, "_handle", handle)
    for i in range(6):
        add_lead(hub_con, phone_e164=phone(i))
    worker = Worker(settings, threads=1, prefetch=5)
    try:
        worker.run(stop)
    finally:
        worker.close()
    assert len(ran) == 1
    left = rows(hub_con, "SELECT claimed_by, attempts FROM outbox WHERE done_at IS NULL")
    assert left == [{"claimed_by": None, "attempts": 0}] * 5
