"""SQLite (WAL) access for the hub: connections, versioned migrations, write transactions."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from hub.queries import Queries

MIGRATIONS = "hub.migrations"


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(ts: datetime) -> str:
    """Storage format for times: ISO-8601 UTC with microseconds (sorts as text)."""
    return ts.astimezone(UTC).isoformat(timespec="microseconds")


def now_iso() -> str:
    return iso(utcnow())


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:20]}"


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open the hub DB. Autocommit mode: use :func:`transaction` for writes."""
    if readonly:
        con = sqlite3.connect(
            f"file:{path}?mode=ro",
            uri=True,
            timeout=30,
            isolation_level=None,
            check_same_thread=False,
        )
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        con.execute("PRAGMA journal_mode=WAL")
    con.row_factory = sqlite3.Row
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA busy_timeout=30000")
    return con


@contextmanager
def transaction(con: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken with BEGIN IMMEDIATE so check-then-write is atomic. Inside
    a transaction already open (a service wrapping a rule and its activity log entry), it joins
    it: the outer one commits or rolls back the whole operation."""
    if con.in_transaction:
        yield con
        return
    con.execute("BEGIN IMMEDIATE")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _migrations() -> list[tuple[int, str]]:
    found = []
    for entry in resources.files(MIGRATIONS).iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(con: sqlite3.Connection) -> int:
    """Apply every migration not yet recorded in ``schema_migrations``, in order.

    An exclusive file lock serialises processes that open a fresh database at the same moment;
    a migration numbered below the newest applied one is still applied, never skipped.
    """
    db_file = con.execute("PRAGMA database_list").fetchone()[2]
    lock_path = Path(f"{db_file}.migrate.lock") if db_file else Path(os.devnull)
    with lock_path.open("a") as lock:
        if db_file:  # an in-memory database has no other process to race with
            fcntl.flock(lock, fcntl.LOCK_EX)
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations"
            " (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = {int(r[0]) for r in con.execute("SELECT version FROM schema_migrations")}
        for version, script in _migrations():
            if version in done:
                continue
            con.executescript(
                f"BEGIN IMMEDIATE;\n{script}\n"
                f"INSERT INTO schema_migrations VALUES ({version}, '{now_iso()}');\n"
                f"PRAGMA user_version={max(done | {version})};\nCOMMIT;"
            )
            done.add(version)
    return max(done, default=0)


def open_hub(path: Path) -> sqlite3.Connection:
    con = connect(path)
    migrate(con)
    return con


sql = Queries("hub")  # hub/sql/NAME.sql


class Hub:
    """Hands each thread its own connection to the hub DB (a connection is not thread-safe)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        with closing(open_hub(path)):
            pass

    def con(self) -> sqlite3.Connection:
        con: sqlite3.Connection | None = getattr(self._local, "con", None)
        if con is None:
            con = connect(self.path)
            self._local.con = con
            with self._lock:
                self._all.append(con)
        return con

    def close(self) -> None:
        with self._lock:
            for con in self._all:
                con.close()
            self._all.clear()
        self._local = threading.local()
