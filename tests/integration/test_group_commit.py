"""hub.group_commit on a real SQLite file: grouped commits, one job's failure, a failed commit."""

from __future__ import annotations

import fcntl
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import pytest

from hub.db import connect
from hub.group_commit import GroupCommit, InTransaction

pytestmark = pytest.mark.integration
Job = Callable[[sqlite3.Connection], object]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "hub.sqlite3"
    with closing(connect(path)) as con:
        con.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)")
        con.execute("CREATE TABLE child (k TEXT REFERENCES t (k) DEFERRABLE INITIALLY DEFERRED)")
    return path


@pytest.fixture
def writer(db: Path) -> Iterator[GroupCommit]:
    group = GroupCommit(lambda: connect(db))
    yield group
    group.close()


def rows(db: Path) -> dict[str, int]:
    """What another connection sees: only what is committed."""
    with closing(connect(db, readonly=True)) as con:
        return {k: v for k, v in con.execute("SELECT k, v FROM t")}


def insert(k: str, v: int = 1) -> Job:
    def job(con: sqlite3.Connection) -> str:
        con.execute("INSERT INTO t VALUES (?, ?)", (k, v))
        return k

    return job


def held_open(started: threading.Event, gate: threading.Event) -> Job:
    """A first job that keeps the writer busy until ``gate`` is set: the jobs queued
    meanwhile make one group."""

    def job(con: sqlite3.Connection) -> str:
        started.set()
        gate.wait(10)
        con.execute("INSERT INTO t VALUES ('first', 0)")
        return "first"

    return job


def queued_behind(writer: GroupCommit, jobs: list[Job]) -> list[object]:
    """Run ``jobs`` while the writer is held, then let it go; the callers' outcomes in order."""
    started, gate = threading.Event(), threading.Event()
    with ThreadPoolExecutor(len(jobs) + 1) as pool:
        first = pool.submit(writer.run, held_open(started, gate))
        assert started.wait(10)
        futures = [pool.submit(writer.run, job) for job in jobs]
        while writer._jobs.qsize() < len(jobs):  # every job queued behind the first
            time.sleep(0.005)
        gate.set()
        first.result(10)
        return [f.exception(10) or f.result(10) for f in futures]


def test_a_job_returns_once_its_write_is_committed(writer: GroupCommit, db: Path) -> None:
    assert writer.run(insert("a", 7)) == "a"
    assert rows(db) == {"a": 7}


def test_jobs_queued_while_the_writer_commits_share_one_commit(
    writer: GroupCommit, db: Path
) -> None:
    outcomes = queued_behind(writer, [insert(f"k{i}", i) for i in range(10)])
    assert outcomes == [f"k{i}" for i in range(10)]
    assert rows(db) == {"first": 0, **{f"k{i}": i for i in range(10)}}
    assert (writer.groups, writer.jobs) == (2, 11)  # the held first job, then all ten


def test_a_failing_job_is_undone_alone_and_its_caller_gets_the_error(
    writer: GroupCommit, db: Path
) -> None:
    def half_then_fail(con: sqlite3.Connection) -> None:
        con.execute("INSERT INTO t VALUES ('half', 1)")
        raise ValueError("refused")

    outcomes = queued_behind(writer, [insert("a"), half_then_fail, insert("b")])
    assert outcomes[0] == "a" and outcomes[2] == "b"
    assert isinstance(outcomes[1], ValueError) and str(outcomes[1]) == "refused"
    assert rows(db) == {"first": 0, "a": 1, "b": 1}  # nothing of the failed job


def test_a_later_job_sees_the_earlier_jobs_of_its_group(writer: GroupCommit, db: Path) -> None:
    def insert_once(con: sqlite3.Connection) -> str:
        if con.execute("SELECT 1 FROM t WHERE k = 'once'").fetchone():
            return "replayed"
        con.execute("INSERT INTO t VALUES ('once', 1)")
        return "stored"

    assert queued_behind(writer, [insert_once] * 5) == ["stored"] + ["replayed"] * 4
    assert rows(db) == {"first": 0, "once": 1}


def test_a_failed_commit_fails_every_caller_of_the_group_and_writes_nothing(
    writer: GroupCommit, db: Path
) -> None:
    def orphan(con: sqlite3.Connection) -> None:  # a deferred key: checked at COMMIT
        con.execute("INSERT INTO child VALUES ('nobody')")

    outcomes = queued_behind(writer, [insert("a"), orphan, insert("b")])
    assert all(isinstance(o, sqlite3.IntegrityError) for o in outcomes)
    assert rows(db) == {"first": 0}
    assert writer.run(insert("after")) == "after"
    assert rows(db) == {"first": 0, "after": 1}


def test_close_finishes_the_queued_jobs_and_a_new_job_starts_it_again(db: Path) -> None:
    writer = GroupCommit(lambda: connect(db))
    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(writer.run, insert(f"k{i}")) for i in range(20)]
        [f.result(10) for f in futures]
    writer.close()
    assert len(rows(db)) == 20
    assert writer.run(insert("again")) == "again"
    writer.close()
    assert "again" in rows(db)


def test_in_transaction_joins_an_open_transaction(db: Path) -> None:
    with closing(connect(db)) as con:
        con.execute("BEGIN IMMEDIATE")
        InTransaction(con).run(insert("inner"))
        con.execute("ROLLBACK")  # the caller's transaction decides
        assert InTransaction(con).run(insert("alone")) == "alone"
    assert rows(db) == {"alone": 1}


def test_with_a_lock_file_writers_take_turns_on_it(db: Path, tmp_path: Path) -> None:
    lock_file = tmp_path / "leads.write.lock"
    writers = [GroupCommit(lambda: connect(db), lock_file) for _ in range(2)]
    try:
        with lock_file.open("a") as held:
            fcntl.flock(held, fcntl.LOCK_EX)  # another process's group commit, say
            with ThreadPoolExecutor(1) as pool:
                waiting = pool.submit(writers[0].run, insert("waits"))
                time.sleep(0.3)
                assert not waiting.done() and rows(db) == {}
                fcntl.flock(held, fcntl.LOCK_UN)
                assert waiting.result(10) == "waits"
        with ThreadPoolExecutor(8) as pool:
            futures = [pool.submit(writers[i % 2].run, insert(f"k{i}")) for i in range(40)]
            assert sorted(str(f.result(10)) for f in futures) == sorted(f"k{i}" for i in range(40))
        assert len(rows(db)) == 41
    finally:
        for writer in writers:
            writer.close()
