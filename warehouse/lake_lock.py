"""One lake rewriter at a time: the GDPR erasure (decision 0051) and the retention run (decision
0052) both read a lake file and replace it; without this lock one could replace the file with a
copy made before the other's change, undoing it. A ``flock`` on ``lake/.rewrite.lock``, released
by the kernel if the process dies. The collector only adds new files and never waits for it."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager

from hub.settings import Settings


@contextmanager
def rewrite_lock(settings: Settings) -> Iterator[None]:
    settings.lake_dir.mkdir(parents=True, exist_ok=True)
    with (settings.lake_dir / ".rewrite.lock").open("a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
