"""The worker's jobs claimed in a batch and not started yet (decision 0058).

A worker claims up to ``window`` jobs in one transaction (jobs running + jobs waiting here) and
claims again only when this queue cannot fill its free threads, so one claim transaction serves
several jobs instead of one. A job waits here only briefly (the window is twice the threads),
but its lease runs from the claim: a job that waited more than ``max_wait`` (a quarter of the
lease: the rest still covers the job, the lease being at least four delivery timeouts) is
given back unstarted instead of being run late, so a job is never started on a lease about to
end. On shutdown the queued jobs are given back at once; a killed worker's queued jobs come back
when their leases end, like its running ones.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from routing.claims import Job


class ReadyQueue:
    def __init__(self, max_wait: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_wait = max_wait
        self._clock = clock
        self._jobs: deque[tuple[Job, float]] = deque()

    def __len__(self) -> int:
        return len(self._jobs)

    def add(self, jobs: list[Job]) -> None:
        now = self._clock()
        self._jobs.extend((job, now) for job in jobs)

    def take(self, n: int) -> tuple[list[Job], list[Job]]:
        """Up to ``n`` jobs to start now, oldest claim first, and the jobs that waited too long
        (to give back)."""
        start: list[Job] = []
        stale: list[Job] = []
        now = self._clock()
        while self._jobs and len(start) < n:
            job, claimed_at = self._jobs.popleft()
            (stale if now - claimed_at > self.max_wait else start).append(job)
        return start, stale

    def drain(self) -> list[Job]:
        """Every queued job (shutdown: to give back)."""
        jobs = [job for job, _ in self._jobs]
        self._jobs.clear()
        return jobs
