"""The roller process's status file (``spool/roller.status.json``), written after every pass
and read by the workers' ``/health``: json only, so a worker never imports the roller (pyarrow).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

STATUS_FILE = "roller.status.json"
# A stopping roller's final pass rolls what it can in this long; the rest waits for the next.
FINAL_ROLL_SECONDS = 3.0


def write_status(spool_dir: Path, status: dict[str, Any]) -> None:
    """Replace the status file atomically (a reader never sees half of it)."""
    tmp = spool_dir / f".{STATUS_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps({**status, "pid": os.getpid(), "written_at": time.time()}))
    tmp.replace(spool_dir / STATUS_FILE)


def read_status(spool_dir: Path) -> dict[str, Any]:
    """The last status, with ``alive`` (its process still runs) and ``age_s``; ``{}`` if none."""
    try:
        status: dict[str, Any] = json.loads((spool_dir / STATUS_FILE).read_text())
    except (OSError, ValueError):
        return {}
    status["alive"] = _alive(int(status.get("pid") or 0))
    status["age_s"] = round(time.time() - float(status.get("written_at") or 0.0), 3)
    return status


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
