"""Group commit: one writer thread commits the writes of many request threads together.

Every SQLite commit in WAL mode with ``synchronous=FULL`` waits for one ``fdatasync`` (0.3–2 ms
here), and every writer waits for the others' (``BEGIN IMMEDIATE`` serialises them, SQLite's
busy handler sleeping 1, 2, 5… ms between tries). A :class:`GroupCommit` takes the jobs queued
while it was committing, runs each in its own savepoint of one transaction and commits them with
one sync: a job that raises is rolled back alone and its caller gets the exception; the others
are answered only once the commit is durable. A job sees the writes of the jobs before it (they
run one after another on one connection), so check-then-write stays atomic.
"""

from __future__ import annotations

import contextlib
import fcntl
import queue
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Protocol, TypeVar

from hub.db import transaction

T = TypeVar("T")
Job = tuple[Callable[[sqlite3.Connection], Any], "Future[Any]"]
_STOP = None


class Writer(Protocol):
    """Runs a write job in a transaction and returns its result once committed."""

    def run(self, job: Callable[[sqlite3.Connection], T]) -> T: ...


class InTransaction:
    """A :class:`Writer` on the caller's own connection: one transaction per job (the CLI, the
    tests, a single writer), or the caller's transaction when one is open."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self._con = con

    def run(self, job: Callable[[sqlite3.Connection], T]) -> T:
        with transaction(self._con):
            return job(self._con)


class GroupCommit:
    """Runs ``job(con)`` calls from any thread on one connection, committed in groups.

    The connection and the thread are made on first use (so in the process that uses them, not
    in one it forked from); :meth:`close` finishes the queued jobs and stops the thread. With
    ``lock_file``, the group commits of several processes take turns on an exclusive ``flock``
    of it: a waiting writer wakes when the lock is released, where SQLite's busy handler would
    sleep 1, 2, 5… up to 100 ms between tries.
    """

    def __init__(
        self,
        connect: Callable[[], sqlite3.Connection],
        lock_file: Path | None = None,
        max_group: int = 64,
    ) -> None:
        self._connect = connect
        self._lock_file = lock_file
        self._max_group = max_group
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()
        self.groups = 0  # commits made, for the tests and the benches
        self.jobs = 0

    def run(self, job: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``job`` inside a write transaction; returns once it is committed (durable)."""
        if self._thread is None:
            self._spawn()
        done: Future[T] = Future()
        self._jobs.put((job, done))
        return done.result()

    def close(self) -> None:
        with self._start:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._jobs.put(_STOP)
            thread.join()

    def _spawn(self) -> None:
        with self._start:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._serve, args=(self._connect(),), name="group-commit", daemon=True
                )
                self._thread.start()

    def _serve(self, con: sqlite3.Connection) -> None:
        lock = self._lock_file.open("a") if self._lock_file else None
        try:
            while (first := self._jobs.get()) is not _STOP:
                group = [first]
                while len(group) < self._max_group:
                    try:
                        job = self._jobs.get_nowait()
                    except queue.Empty:
                        break
                    if job is _STOP:
                        self._jobs.put(_STOP)  # seen after this group
                        break
                    group.append(job)
                if lock is None:
                    self._commit(con, group)
                    continue
                fcntl.flock(lock, fcntl.LOCK_EX)  # the other workers' writers: woken at once
                try:
                    self._commit(con, group)
                finally:
                    fcntl.flock(lock, fcntl.LOCK_UN)
        finally:
            con.close()
            if lock is not None:
                lock.close()

    def _commit(self, con: sqlite3.Connection, group: list[Job]) -> None:
        outcomes: list[tuple[Future[Any], Any, BaseException | None]] = []
        try:
            con.execute("BEGIN IMMEDIATE")
            for job, done in group:
                con.execute("SAVEPOINT job")
                try:
                    value = job(con)
                except Exception as err:  # this job's own failure: undo it alone
                    con.execute("ROLLBACK TO job")
                    outcomes.append((done, None, err))
                else:
                    outcomes.append((done, value, None))
                con.execute("RELEASE job")
            con.execute("COMMIT")
        except BaseException as err:  # nothing of the group is written: every caller hears it
            if con.in_transaction:
                with contextlib.suppress(sqlite3.Error):  # broken: SQLite rolled it back
                    con.execute("ROLLBACK")
            for _, done in group:
                done.set_exception(err)
            return
        self.groups += 1
        self.jobs += len(group)
        for done, value, failed in outcomes:
            if failed is None:
                done.set_result(value)
            else:
                done.set_exception(failed)
