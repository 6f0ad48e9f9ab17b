"""Metric counters shared by every collector process: one memory-mapped file per process.

Each process counts into its own file ``spool/metrics/<host>-<pid>-<ms>.bin`` (slots of a
float64 value and the series name), locked with ``flock`` while it lives: an increment is a
write to shared memory, with no syscall, and it survives ``kill -9`` (the page cache keeps it).
:func:`collect` sums every file. When a process starts, it folds the files of dead processes
(their lock is free) into ``archive.json`` (listing what it folded, so a crash half-way never
counts a file twice), keeping counters monotonic across restarts. ``/metrics`` renders the sums
(:mod:`ingest.system.metrics`).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import mmap
import os
import secrets
import struct
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ingest.collect.spool import segment_prefix

SLOTS = 2048
NAME_MAX = 118
SLOT = struct.Struct(f"<dH{NAME_MAX}s")
STRIDE = SLOT.size // 8  # a slot's value is float64 number ``index * STRIDE`` of the file
assert SLOT.size % 8 == 0 and sys.byteorder == "little"  # the file is little-endian
FSYNC_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)


@functools.lru_cache(maxsize=1024)
def _series(name: str, labels: tuple[tuple[str, str], ...]) -> str:
    inner = ",".join(f'{k}="{_escape(v)}"' for k, v in labels)
    return f"{name}{{{inner}}}"


def series(name: str, **labels: str) -> str:
    return _series(name, tuple(sorted(labels.items()))) if labels else name


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


_FSYNC_SERIES = [
    *((b, series("leadhub_spool_fsync_seconds_bucket", le=str(b))) for b in FSYNC_BUCKETS),
    (float("inf"), series("leadhub_spool_fsync_seconds_bucket", le="+Inf")),
    (float("inf"), "leadhub_spool_fsync_seconds_count"),
]


class Counters:
    """This process's counters (thread-safe), in its own memory-mapped file."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        directory.mkdir(parents=True, exist_ok=True)
        stem = f"{segment_prefix().removeprefix('seg-')}-{secrets.token_hex(3)}"
        hidden = directory / f".{stem}.new"
        self.fd = os.open(hidden, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.ftruncate(self.fd, SLOTS * SLOT.size)
        self.path = directory / f"{stem}.bin"
        hidden.rename(self.path)  # visible only once locked: a free lock means a dead owner
        self.map = mmap.mmap(self.fd, SLOTS * SLOT.size)
        self.values = memoryview(self.map).cast("d")  # an increment: no struct per call
        self.offsets: dict[str, int] = {}  # series -> index of its value in ``values``
        self.lock = threading.Lock()
        fold_dead(directory)

    def inc(self, name: str, by: float = 1.0) -> None:
        with self.lock:
            index = self.offsets.get(name)
            if index is None:
                index = self._claim(name)
            self.values[index] += by

    def _claim(self, name: str) -> int:
        slot = len(self.offsets)
        if slot >= SLOTS:
            raise RuntimeError("too many metric series")
        raw = name.encode()[:NAME_MAX]
        SLOT.pack_into(self.map, slot * SLOT.size, 0.0, len(raw), raw)
        self.offsets[name] = slot * STRIDE
        return slot * STRIDE

    def observe_fsync(self, seconds: float) -> None:
        for bound, name in _FSYNC_SERIES:
            if seconds <= bound:
                self.inc(name)
        self.inc("leadhub_spool_fsync_seconds_sum", seconds)

    def close(self) -> None:
        self.values.release()
        self.map.close()
        os.close(self.fd)  # unlocks: the next process folds this file into the archive


def read_file(data: bytes) -> dict[str, float]:
    values: dict[str, float] = {}
    for offset in range(0, len(data) - SLOT.size + 1, SLOT.size):
        value, length, raw = SLOT.unpack_from(data, offset)
        if length == 0:
            break
        name = raw[:length].decode(errors="replace")
        values[name] = values.get(name, 0.0) + value
    return values


def _is_dead(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


@contextlib.contextmanager
def _folder_lock(directory: Path, mode: int) -> Iterator[None]:
    fd = os.open(directory / ".fold.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, mode)
        yield
    finally:
        os.close(fd)


def fold_dead(directory: Path) -> None:
    """Add dead processes' files to ``archive.json`` and delete them (one folder at a time)."""
    with _folder_lock(directory, fcntl.LOCK_EX):
        archive_path = directory / "archive.json"
        archive: dict[str, Any] = {"values": {}, "folded": []}
        with contextlib.suppress(FileNotFoundError):
            archive = json.loads(archive_path.read_text())
        dead = [p for p in sorted(directory.glob("*.bin")) if _is_dead(p)]
        fresh = [p for p in dead if p.name not in archive["folded"]]
        if fresh:
            for path in fresh:
                for name, value in read_file(path.read_bytes()).items():
                    archive["values"][name] = archive["values"].get(name, 0.0) + value
            archive["folded"] = [p.name for p in dead]
            tmp = directory / ".archive.json.tmp"
            tmp.write_text(json.dumps(archive))
            with tmp.open("rb") as fh:
                os.fsync(fh.fileno())
            tmp.replace(archive_path)
        for path in dead:
            path.unlink(missing_ok=True)
        for path in directory.glob(".*.new"):  # a crash between create and rename
            with contextlib.suppress(FileNotFoundError):
                if time.time() - path.stat().st_mtime > 60:
                    path.unlink()


def collect(directory: Path) -> tuple[dict[str, float], int]:
    """Summed counters of every process (live, dead, archived) and the live process count."""
    with _folder_lock(directory, fcntl.LOCK_SH):
        return _collect(directory)


def _collect(directory: Path) -> tuple[dict[str, float], int]:
    totals: dict[str, float] = {}
    folded: set[str] = set()
    with contextlib.suppress(FileNotFoundError, ValueError):
        archive = json.loads((directory / "archive.json").read_text())
        folded = set(archive.get("folded", []))
        totals.update(archive.get("values", {}))
    live = 0
    for path in sorted(directory.glob("*.bin")):
        if path.name in folded:
            continue  # already in the archive, about to be deleted
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue
        live += 0 if _is_dead(path) else 1
        for name, value in read_file(data).items():
            totals[name] = totals.get(name, 0.0) + value
    return totals, live
