"""``leadhub collector`` keeps one roller process alive next to its uvicorn workers.

The roller (:mod:`ingest.collect.roller_process`) is started before the workers, restarted
whenever it exits while the collector runs (after :data:`RESTART_DELAY_S`, logged), and told to
stop (SIGTERM: a final pass) when the workers have stopped; it is killed if it does not exit
in time. Nothing acknowledged is lost in between: the spool keeps every event until a roller
has written it to the lake.
"""

from __future__ import annotations

import subprocess
import sys
import threading

import structlog

from ingest.collect.roller_status import FINAL_ROLL_SECONDS

RESTART_DELAY_S = 0.5
log = structlog.get_logger("ingest.server")


class RollerSupervisor:
    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.restarts = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._watcher: threading.Thread | None = None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def _spawn(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                return
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "ingest.collect.roller_process"], env=self.env
            )
        log.info("roller.spawned", pid=self._proc.pid)

    def _watch(self) -> None:
        while not self._stopping.is_set():
            proc = self._proc
            if proc is None:
                return
            code = proc.wait()
            if self._stopping.is_set():
                return
            self.restarts += 1
            log.warning("roller.exited", pid=proc.pid, code=code, restarts=self.restarts)
            self._stopping.wait(RESTART_DELAY_S)
            self._spawn()

    def start(self) -> None:
        self._spawn()
        self._watcher = threading.Thread(target=self._watch, name="roller-watch", daemon=True)
        self._watcher.start()

    def stop(self) -> None:
        """A final pass, then the roller is gone (killed if it overstays)."""
        with self._lock:
            self._stopping.set()
            proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=FINAL_ROLL_SECONDS + 5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._watcher is not None:
            self._watcher.join(timeout=5)
