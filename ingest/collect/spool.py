"""The event spool: one append-only JSON-lines segment per process, group-committed with fsync.

Life of a segment (``stem`` = ``seg-<host>-<pid>-<start ms>-<counter>``):

1. created as ``.<stem>.new`` (a name rollers ignore), locked with ``fcntl.flock``, then renamed
   to ``<stem>.open``: a segment visible to rollers is always locked while its writer lives;
2. appended to by the one flusher of this process, each batch written then fdatasync'ed before
   any request in it is acknowledged;
3. sealed (renamed ``<stem>.jsonl``) after ``spool_roll_seconds``, at 64 MiB, on shutdown, or
   after a write error (a torn segment is never appended to again), then unlocked.

A roller rolls ``.jsonl`` files and ``.open`` files whose lock it can take: the lock is released
by the kernel when the owner dies, even on ``kill -9``, and is never free while it lives.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import re
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

OPEN, SEALED, NEW = ".open", ".jsonl", ".new"
MAX_SEGMENT_BYTES = 64 * 1024 * 1024


class SpoolUnavailable(Exception):
    """The records could not be made durable: the caller must not acknowledge them."""


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def segment_prefix() -> str:
    host = re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:32] or "host"
    return f"seg-{host}-{os.getpid()}-{int(time.time() * 1000)}"


class SegmentWriter:
    """Synchronous segment file handling; only ever called from the spool's one thread."""

    def __init__(
        self, spool_dir: Path, roll_seconds: float, max_bytes: int = MAX_SEGMENT_BYTES
    ) -> None:
        self.dir = spool_dir
        self.roll_seconds = roll_seconds
        self.max_bytes = max_bytes
        self.prefix = segment_prefix()
        self.counter = 0
        self.fd: int | None = None
        self.path: Path | None = None
        self.opened_at = 0.0
        self.size = 0

    def _open(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        self.counter += 1
        stem = f"{self.prefix}-{self.counter:06d}"
        hidden = self.dir / f".{stem}{NEW}"
        fd = os.open(hidden, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            path = self.dir / f"{stem}{OPEN}"
            hidden.rename(path)
            fsync_dir(self.dir)
        except BaseException:
            os.close(fd)
            raise
        self.fd, self.path, self.size = fd, path, 0
        self.opened_at = time.monotonic()

    def write_durable(self, data: bytes) -> float:
        """Append ``data`` and fdatasync (seconds taken); on any error seal and abandon."""
        if self.fd is None:
            self._open()
        assert self.fd is not None
        started = time.perf_counter()
        try:
            view = memoryview(data)
            while view:
                written = os.write(self.fd, view)
                view = view[written:]
            os.fdatasync(self.fd)
        except BaseException:
            self.seal()
            raise
        took = time.perf_counter() - started
        self.size += len(data)
        if self.size >= self.max_bytes:
            self.seal()
        return took

    def due(self) -> bool:
        return self.fd is not None and time.monotonic() - self.opened_at >= self.roll_seconds

    def seconds_to_roll(self) -> float | None:
        if self.fd is None:
            return None
        return max(0.0, self.roll_seconds - (time.monotonic() - self.opened_at))

    def seal(self) -> Path | None:
        """Make the segment rollable (``.jsonl``) and release it; best effort after errors."""
        if self.fd is None or self.path is None:
            return None
        fd, path = self.fd, self.path
        self.fd = self.path = None
        sealed = path.with_suffix(SEALED)
        try:
            os.fsync(fd)
            path.rename(sealed)
            fsync_dir(self.dir)
        except OSError:
            sealed = path  # stays ".open": rolled as an orphan once unlocked
        finally:
            os.close(fd)
        return sealed


class Spool:
    """Group commit: requests append, one thread writes + fsyncs, each awaits its own future.

    A request adds its lines and a future to the pending batch and wakes the thread; the thread
    takes the whole batch, writes and fdatasyncs it, then resolves the batch's futures in the
    event loop (one ``call_soon_threadsafe`` per fsync). A request that goes away (its task
    cancelled) drops only its own future: its lines are written all the same.
    ``max_delay_ms`` spaces fsyncs at least that far apart under load (a lone request is flushed
    at once), so that concurrent requests share one fsync.
    """

    def __init__(
        self,
        spool_dir: Path,
        roll_seconds: float,
        max_delay_ms: float,
        max_bytes: int = MAX_SEGMENT_BYTES,
        on_fsync: Callable[[float], None] | None = None,
    ) -> None:
        self.writer = SegmentWriter(spool_dir, roll_seconds, max_bytes)
        self.on_fsync = on_fsync
        self.max_delay = max_delay_ms / 1000
        self._loop: asyncio.AbstractEventLoop | None = None
        self._cond = threading.Condition(threading.Lock())
        self._chunks: list[bytes] = []
        self._waiters: list[asyncio.Future[None]] = []
        self._thread: threading.Thread | None = None
        self._running = False  # under the lock: appends are taken (false once closing or dead)
        self._closing = False
        self._idle = False  # the thread waits on the condition: an append must notify it
        self._last_flush = 0.0
        self.flushes = 0

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._running = True
        self._thread = threading.Thread(target=self._run, name="spool-flusher", daemon=True)
        self._thread.start()

    async def append(self, lines: list[bytes]) -> None:
        """Return once every line is fsynced; raise :class:`SpoolUnavailable` otherwise."""
        loop = self._loop
        if loop is None:
            raise SpoolUnavailable("spool is not running")
        done = loop.create_future()
        with self._cond:
            if not self._running:
                raise SpoolUnavailable("spool is not running")
            self._chunks += lines
            self._waiters.append(done)
            if self._idle:
                self._cond.notify()
        await done

    def _run(self) -> None:
        error: BaseException | None = None
        try:
            self._loop_forever()
        except BaseException as exc:  # never leave a request waiting on a flusher that is gone
            error = exc
            raise
        finally:
            with self._cond:
                self._running = False
                waiters, self._waiters, self._chunks = self._waiters, [], []
            if waiters:
                failure = SpoolUnavailable(f"spool flusher stopped: {error!r}")
                self._resolve(waiters, failure, None)

    def _loop_forever(self) -> None:
        writer = self.writer
        while True:
            with self._cond:
                if not self._chunks and not self._closing:
                    self._idle = True
                    self._cond.wait(writer.seconds_to_roll())
                    self._idle = False
                pending, closing = bool(self._chunks), self._closing
            if not pending and not closing:
                if writer.due():
                    writer.seal()  # outside the lock: appends go on meanwhile
                continue
            wait = self._last_flush + self.max_delay - time.monotonic()
            if wait > 0 and not closing:
                time.sleep(wait)  # more requests join this fsync meanwhile
            with self._cond:
                chunks, self._chunks = self._chunks, []
                waiters, self._waiters = self._waiters, []
            if chunks:
                self._flush(chunks, waiters)
            if writer.due():
                writer.seal()
            if closing:
                with self._cond:
                    if self._chunks:
                        continue  # appended while we flushed: write them before stopping
                    self._running = False
                writer.seal()
                return

    def _flush(self, chunks: list[bytes], waiters: list[asyncio.Future[None]]) -> None:
        self._last_flush = time.monotonic()
        try:
            took = self.writer.write_durable(b"".join(chunks))
        except Exception as exc:  # any failure means "not durable"
            self._resolve(waiters, SpoolUnavailable(f"{type(exc).__name__}: {exc}"), None)
        else:
            self.flushes += 1
            self._resolve(waiters, None, took)

    def _resolve(
        self, waiters: list[asyncio.Future[None]], error: Exception | None, took: float | None
    ) -> None:
        assert self._loop is not None
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody waits any more
            self._loop.call_soon_threadsafe(self._settle, waiters, error, took)

    def _settle(
        self, waiters: list[asyncio.Future[None]], error: Exception | None, took: float | None
    ) -> None:
        """In the event loop: answer every request of one fsync (skipping cancelled ones)."""
        for done in waiters:
            if not done.done():
                if error is None:
                    done.set_result(None)
                else:
                    done.set_exception(error)
        if took is not None and self.on_fsync is not None:
            self.on_fsync(took)

    async def close(self) -> None:
        """Flush what is pending, seal the segment, stop the flusher."""
        with self._cond:
            self._closing = True
            self._cond.notify()
        if self._thread is not None:
            await asyncio.to_thread(self._thread.join)
            await asyncio.sleep(0)  # the last fsync's answers (call_soon_threadsafe) run

    def current(self) -> Path | None:
        return self.writer.path


def candidates(spool_dir: Path) -> list[Path]:
    """Segments a roller may try, oldest first (sealed ones and possibly orphaned open ones)."""
    found = [p for p in spool_dir.glob("seg-*") if p.suffix in (SEALED, OPEN)]
    return sorted(found, key=lambda p: p.name)


def drop_stale_new(spool_dir: Path, older_than: float = 60.0) -> None:
    """Remove ``.seg-*.new`` files left by a crash between create and rename (always empty)."""
    for path in spool_dir.glob(f".seg-*{NEW}"):
        try:
            if time.time() - path.stat().st_mtime < older_than:
                continue
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            path.unlink(missing_ok=True)
        except BlockingIOError:
            pass
        finally:
            os.close(fd)


def spool_lag(spool_dir: Path) -> tuple[int, float | None]:
    """Segments not yet rolled (including live ones) and the age of the oldest, in seconds."""
    ages = []
    now = time.time()
    for path in candidates(spool_dir):
        try:
            ages.append(now - path.stat().st_ctime)
        except FileNotFoundError:
            continue
    return len(ages), (round(max(ages), 3) if ages else None)
