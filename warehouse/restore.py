"""``leadhub restore DIR``: a backup into the configured data dir, only when it holds no file.

Every checksum is verified before anything is written; files are copied durably (temporary
name, fsync, rename); then the restored data dir is counted again and must match the manifest.
A failure after copying started removes what was copied, so the data dir is empty again.
The warehouse's private work database is not in a backup: the next pipeline run rebuilds it
from the restored lake and hub, and the restored snapshot serves readers meanwhile.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hub.settings import Settings
from warehouse.backup_files import BackupRefused, Manifest, copy_durably, data_counts, sha256


def holds_files(directory: Path) -> bool:
    """True when ``directory`` holds any file (empty folders, as ``leadhub`` creates them, do
    not count)."""
    return directory.exists() and any(p.is_file() or p.is_symlink() for p in directory.rglob("*"))


def verify(source: Path) -> Manifest:
    """The backup's manifest, once every file it lists is present with its checksum."""
    manifest = Manifest.read(source)
    root = source.resolve()
    for name, expected in sorted(manifest.files.items()):
        path = (root / name).resolve()
        if root not in path.parents:
            raise BackupRefused(f"manifest names a file outside the backup: {name}")
        if not path.is_file():
            raise BackupRefused(f"{name}: missing from the backup")
        if sha256(path) != expected["sha256"]:
            raise BackupRefused(f"{name}: checksum mismatch (the backup is damaged)")
    return manifest


def restore(settings: Settings, source: Path) -> Manifest:
    """Restore ``source`` into ``settings.data_dir``; the manifest it matched."""
    target = settings.data_dir
    if holds_files(target):
        raise BackupRefused(f"{target} is not empty: restore into an empty data dir")
    manifest = verify(source)
    if manifest.key_source == "env" and not settings.secret_key:
        raise BackupRefused(
            "this backup's buyer secrets were encrypted with LEADHUB_SECRET_KEY: set it first"
        )
    try:
        for name in sorted(manifest.files):
            copy_durably(source / name, target / name)
        if (target / "secret.key").is_file():
            (target / "secret.key").chmod(0o600)
        counts = data_counts(target)
        if counts != manifest.counts:
            raise BackupRefused(f"restored counts {counts} differ from the manifest's")
    except BaseException:
        for child in target.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
        raise
    return manifest
