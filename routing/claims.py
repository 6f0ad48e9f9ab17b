"""Outbox jobs claimed with a lease: claim, complete, reschedule, release.

Every change to a claimed row is guarded by ``claimed_by = worker``: a worker whose lease
expired and was taken over by another one cannot complete or reschedule the job any more.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

from hub.db import iso, transaction
from routing.queries import q

log = logging.getLogger("leadhub.router")


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    kind: str  # 'route' | 'deliver'
    ref_id: str
    attempts: int
    created_at: str


def due_exists(con: sqlite3.Connection, now: datetime) -> bool:
    return con.execute(q("due_exists"), {"now": iso(now)}).fetchone() is not None


def next_due(con: sqlite3.Connection) -> str | None:
    row = con.execute(q("next_due")).fetchone()
    return None if row is None else row["next_due"]


def claim(
    con: sqlite3.Connection, worker: str, now: datetime, lease_seconds: float, limit: int
) -> list[Job]:
    """Claim up to ``limit`` due jobs, with their leases, in one BEGIN IMMEDIATE transaction."""
    if limit <= 0:
        return []
    if not due_exists(con, now):
        return []
    params = {
        "worker": worker,
        "now": iso(now),
        "lease_until": iso(now + timedelta(seconds=lease_seconds)),
        "limit": limit,
    }
    with transaction(con):
        rows = con.execute(q("claim"), params).fetchall()
    jobs = [Job(r["id"], r["kind"], r["ref_id"], r["attempts"], r["created_at"]) for r in rows]
    return sorted(jobs, key=lambda j: j.id)


def holds(con: sqlite3.Connection, job: Job, worker: str) -> bool:
    """Inside a transaction: does this worker still hold the job?"""
    row = con.execute(q("job_held"), {"job_id": job.id, "worker": worker}).fetchone()
    return row is not None


def complete(
    con: sqlite3.Connection, job: Job, worker: str, now: datetime, error: str | None = None
) -> bool:
    """Mark the job done (call inside the transaction that did its work)."""
    cur = con.execute(
        q("job_complete"),
        {"now": iso(now), "error": error, "job_id": job.id, "worker": worker},
    )
    return cur.rowcount == 1


def reschedule(
    con: sqlite3.Connection, job: Job, worker: str, available_at: datetime, error: str | None
) -> bool:
    """Hand the job back, due again at ``available_at`` (call inside a transaction)."""
    cur = con.execute(
        q("job_reschedule"),
        {
            "available_at": iso(available_at),
            "error": error,
            "job_id": job.id,
            "worker": worker,
        },
    )
    return cur.rowcount == 1


def release(con: sqlite3.Connection, job: Job, worker: str, now: datetime, error: str) -> None:
    """Give the job back at once, in its own transaction (crash handling, shutdown)."""
    with transaction(con):
        reschedule(con, job, worker, now, error)


def unclaim(con: sqlite3.Connection, jobs: list[Job], worker: str) -> int:
    """Give back jobs claimed but never started, in one transaction; how many were still held."""
    if not jobs:
        return 0
    with transaction(con):
        return sum(
            con.execute(q("job_unclaim"), {"job_id": j.id, "worker": worker}).rowcount for j in jobs
        )


def enqueue_claimed(
    con: sqlite3.Connection,
    kind: str,
    ref_id: str,
    worker: str,
    now: datetime,
    lease_seconds: float,
) -> Job:
    """Add a job already claimed by ``worker``, to run it at once without another claim; if
    the worker dies, the lease ends and any worker picks the job up."""
    cur = con.execute(
        q("job_insert_claimed"),
        {
            "kind": kind,
            "ref_id": ref_id,
            "now": iso(now),
            "worker": worker,
            "lease_until": iso(now + timedelta(seconds=lease_seconds)),
        },
    )
    return Job(int(cur.lastrowid or 0), kind, ref_id, 1, iso(now))
