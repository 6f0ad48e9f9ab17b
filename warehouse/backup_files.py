"""What a backup is made of: its manifest (counts and a SHA-256 per file), durable copies, and
the counts a restore checks again (hub rows, lake event rows, spool records).

A backup directory holds the data dir's layout (``hub.sqlite3``, ``secret.key``, ``lake/…``,
``spool/…``, ``warehouse/leadhub.duckdb``) and ``manifest.json``, written last: a directory
without a manifest is an unfinished backup and is never restored.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from contextlib import closing
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from hub.db import connect
from warehouse.sql import load

MANIFEST = "manifest.json"
FORMAT = 1
CHUNK = 1 << 20


class BackupRefused(Exception):
    """A backup or restore that must not happen (target not empty, bad checksum, no manifest)."""


@dataclass
class Manifest:
    created_at: str
    source_data_dir: str
    counts: dict[str, int]
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # path → sha256, bytes
    key_source: str = "file"  # "file": secret.key is in the backup; "env": LEADHUB_SECRET_KEY
    format: int = FORMAT

    def write(self, directory: Path) -> Path:
        path = directory / MANIFEST
        tmp = directory / f".{MANIFEST}.tmp"
        tmp.write_text(json.dumps(asdict(self), indent=2, sort_keys=True) + "\n")
        fsync_file(tmp)
        tmp.replace(path)
        fsync_dir(directory)
        return path

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        path = directory / MANIFEST
        if not path.is_file():
            raise BackupRefused(f"{directory}: no {MANIFEST} (not a backup, or unfinished)")
        try:
            data = json.loads(path.read_text())
            manifest = cls(**data)
        except (ValueError, TypeError) as exc:
            raise BackupRefused(f"{path}: unreadable manifest ({exc})") from None
        if manifest.format != FORMAT:
            raise BackupRefused(f"{path}: backup format {manifest.format}, expected {FORMAT}")
        return manifest


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_durably(source: Path, target: Path, *, limit: int | None = None) -> None:
    """Copy ``source`` (its first ``limit`` bytes) to ``target`` through a temporary name,
    fsynced, then renamed. Reading one open file: a file replaced meanwhile is copied whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    with source.open("rb") as src, tmp.open("wb") as dst:
        left = limit
        while left is None or left > 0:
            chunk = src.read(CHUNK if left is None else min(CHUNK, left))
            if not chunk:
                break
            dst.write(chunk)
            if left is not None:
                left -= len(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    tmp.replace(target)


def hub_counts(path: Path) -> dict[str, int]:
    """Leads, deliveries and outbox rows of a hub file, after checking it is sound."""
    with closing(connect(path, readonly=True)) as con:
        problems = [row[0] for row in con.execute(load("hub/quick_check")).fetchall()]
        if problems != ["ok"]:
            raise BackupRefused(f"{path}: damaged SQLite database: {'; '.join(problems[:3])}")
        row = con.execute(load("hub/backup_counts")).fetchone()
    return {
        "leads": int(row["leads"]),
        "deliveries": int(row["deliveries"]),
        "outbox": int(row["outbox"]),
    }


def parquet_rows(path: Path) -> int:
    return int(pq.ParquetFile(path).metadata.num_rows)


def complete_lines(path: Path) -> tuple[int, int]:
    """(bytes up to the last newline, lines) of a spool segment that may still be appended to:
    a torn last record is left out, as the roller would skip it."""
    size = 0
    lines = 0
    with path.open("rb") as fh:
        offset = 0
        while chunk := fh.read(CHUNK):
            newlines = chunk.count(b"\n")
            if newlines:
                lines += newlines
                size = offset + chunk.rfind(b"\n") + 1
            offset += len(chunk)
    return size, lines


def data_counts(root: Path) -> dict[str, int]:
    """What a data dir (or a backup of one) holds: hub rows, lake event rows and files, spool
    records. The manifest keeps these; a restore recomputes them on the restored files."""
    counts: dict[str, int] = {"leads": 0, "deliveries": 0, "outbox": 0}
    hub = root / "hub.sqlite3"
    if hub.is_file():
        counts.update(hub_counts(hub))
    events = files = 0
    for path in sorted((root / "lake" / "raw" / "events").glob("date=*/*.parquet")):
        if not path.name.startswith("."):
            events += parquet_rows(path)
            files += 1
    counts["events"] = events
    counts["lake_files"] = files
    counts["spool_records"] = sum(
        complete_lines(path)[1] for path in sorted((root / "spool").glob("seg-*")) if path.is_file()
    )
    return counts


def sqlite_backup(source: Path, target: Path) -> None:
    """SQLite's online backup API, in one step: a consistent snapshot while writers go on
    (WAL: they are not blocked), fsynced under a temporary name, then renamed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.unlink(missing_ok=True)
    with closing(connect(source, readonly=True)) as src, closing(sqlite3.connect(tmp)) as dst:
        src.backup(dst)
    fsync_file(tmp)
    tmp.replace(target)
