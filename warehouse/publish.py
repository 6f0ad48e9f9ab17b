"""Publish the work DB as the read-only snapshot readers open (atomic swap, never in place).

The caller holds the writer lock and has closed every connection to the work DB (closing
checkpoints DuckDB's WAL into the main file).
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from hub.settings import Settings

_TMP_PREFIX = ".leadhub.publish."


def publish_snapshot(settings: Settings) -> Path:
    work = settings.warehouse_work_db
    if not work.exists():
        raise FileNotFoundError(f"no work database to publish at {work}")
    wal = work.with_name(work.name + ".wal")
    if wal.exists():
        raise RuntimeError(f"{wal} exists: the work database is still open or not checkpointed")
    directory = settings.warehouse_dir
    for stale in directory.glob(f"{_TMP_PREFIX}*"):  # left by a crash mid-copy
        stale.unlink(missing_ok=True)
    tmp = directory / f"{_TMP_PREFIX}{uuid.uuid4().hex}.tmp"
    try:
        with work.open("rb") as src, tmp.open("wb") as dst:
            shutil.copyfileobj(src, dst, length=1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        tmp.replace(settings.warehouse_db)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return settings.warehouse_db
