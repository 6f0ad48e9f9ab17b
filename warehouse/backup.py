"""``leadhub backup DIR`` while every process runs, and the scheduled backups with retention.

Order matters (decision 0043): the spool is copied before the lake, so an event rolled from the
spool into the lake meanwhile is in both copies (the warehouse drops the duplicate by
``event_id``) rather than in neither. Then the hub through SQLite's online backup (one
consistent snapshot, writers not blocked), the secret key, and the published warehouse snapshot
(read through one open file: a snapshot swapped meanwhile is still copied whole). Counts and
checksums are taken on the copies, and ``manifest.json`` is written last.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from hub.settings import Settings
from warehouse.backup_files import (
    MANIFEST,
    BackupRefused,
    Manifest,
    complete_lines,
    copy_durably,
    data_counts,
    sha256,
    sqlite_backup,
)

SCHEDULED_PREFIX = "leadhub-"


def _empty(directory: Path) -> bool:
    return not directory.exists() or (directory.is_dir() and not any(directory.iterdir()))


def _copy_spool(settings: Settings, target: Path) -> None:
    for path in sorted(settings.spool_dir.glob("seg-*")):
        try:
            size, _ = complete_lines(path)
            copy_durably(path, target / "spool" / path.name, limit=size)
        except FileNotFoundError:
            continue  # rolled into the lake meanwhile: the lake copy (made next) has it


def _copy_lake(settings: Settings, target: Path) -> None:
    root = settings.lake_dir
    for path in sorted(root.rglob("*")):
        if path.name.startswith(".") or not path.is_file():
            continue
        try:
            copy_durably(path, target / "lake" / path.relative_to(root))
        except FileNotFoundError:
            continue  # quarantined meanwhile: its new name is listed under quarantine/ or not yet


def take_backup(settings: Settings, target: Path, *, now: datetime | None = None) -> Manifest:
    """Back up the data dir into ``target`` (missing or empty, else refused)."""
    if not _empty(target):
        raise BackupRefused(f"{target} is not empty: back up into a new or empty directory")
    if target.resolve().is_relative_to(settings.data_dir.resolve()):
        raise BackupRefused(f"{target} is inside the data dir: back up somewhere else")
    if not settings.hub_db.is_file():
        raise BackupRefused(f"no hub at {settings.hub_db}: nothing to back up")
    target.mkdir(parents=True, exist_ok=True)
    _copy_spool(settings, target)
    _copy_lake(settings, target)
    sqlite_backup(settings.hub_db, target / "hub.sqlite3")
    key_file = settings.data_dir / "secret.key"
    if key_file.is_file():
        copy_durably(key_file, target / "secret.key")
        (target / "secret.key").chmod(0o600)
    if settings.warehouse_db.is_file():
        copy_durably(settings.warehouse_db, target / "warehouse" / settings.warehouse_db.name)
    files = {
        str(path.relative_to(target)): {"sha256": sha256(path), "bytes": path.stat().st_size}
        for path in sorted(target.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }
    manifest = Manifest(
        created_at=(now or datetime.now(UTC)).isoformat(timespec="seconds"),
        source_data_dir=str(settings.data_dir),
        counts=data_counts(target),
        files=files,
        key_source="env" if settings.secret_key else "file",
    )
    manifest.write(target)
    return manifest


@dataclass(frozen=True)
class Scheduled:
    path: Path
    manifest: Manifest
    removed: list[Path]


def backups_in(root: Path) -> list[Path]:
    """The finished scheduled backups under ``root``, oldest first."""
    if not root.is_dir():
        return []
    return sorted(
        path
        for path in root.iterdir()
        if path.name.startswith(SCHEDULED_PREFIX) and (path / MANIFEST).is_file()
    )


def scheduled_backup(settings: Settings, now: datetime | None = None) -> Scheduled:
    """One backup into ``backup_dir/leadhub-<UTC time to the ms>``, then keep the newest
    ``backup_keep`` finished ones (an unfinished directory of an earlier failed run is removed
    too)."""
    if not settings.backup_dir:
        raise BackupRefused("LEADHUB_BACKUP_DIR is not set")
    root = Path(settings.backup_dir)
    at = (now or datetime.now(UTC)).astimezone(UTC)
    stamp = at.strftime("%Y%m%dT%H%M%S") + f".{at.microsecond // 1000:03d}Z"  # sorts as time
    path = root / f"{SCHEDULED_PREFIX}{stamp}"
    manifest = take_backup(settings, path, now=now)
    finished = backups_in(root)
    removed = finished[: max(0, len(finished) - settings.backup_keep)]
    removed += [
        p
        for p in root.iterdir()
        if p.name.startswith(SCHEDULED_PREFIX) and p.is_dir() and not (p / MANIFEST).is_file()
    ]
    for old in removed:
        shutil.rmtree(old)
    return Scheduled(path, manifest, removed)
