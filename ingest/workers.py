"""uvicorn's worker supervisor with one ``SO_REUSEPORT`` listening socket per worker.

uvicorn's own supervisor binds one socket and hands it to every worker: whichever worker wakes
first accepts a whole burst of new connections, and keep-alive clients (nginx upstreams, load
generators) then stay on it. Measured with ``wrk -c32`` on 2 workers: every connection on one
worker, the other idle (decision 0064). Here each worker slot has its own socket bound to the
same port with ``SO_REUSEPORT``, so the kernel spreads new connections over the slots by hash.
The sockets live in the supervisor and listen from the start: a worker that dies is replaced on
its slot's socket, and the connections queued on it meanwhile (or before its worker first
started) wait for it instead of going to the other slots.
"""

from __future__ import annotations

import socket

from uvicorn import Config
from uvicorn.supervisors.multiprocess import Multiprocess, Process


def reuseport_socket(config: Config) -> socket.socket:
    """A listening socket on ``config.host:config.port`` that other slots may bind too."""
    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    sock = socket.socket(family=family)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((config.host, config.port))
    # Listening now, not once the worker is up: a socket that only is bound is no member of the
    # port's reuseport group, so the connections made while a worker starts would all go to
    # the slots already listening (and keep-alive ones stay there); this way they queue here.
    sock.listen(config.backlog)
    sock.set_inheritable(True)
    return sock


class SpreadWorkers(Multiprocess):
    """:class:`uvicorn.supervisors.Multiprocess`, each worker on its own slot's socket."""

    def __init__(self, config: Config) -> None:
        self.slots = [reuseport_socket(config) for _ in range(max(1, config.workers))]
        super().__init__(config, sockets=[])

    def _spawn(self, slot: int) -> Process:
        process = Process(self.config, [self.slots[slot]])
        process.start()
        return process

    def init_processes(self) -> None:
        self.processes = [self._spawn(slot) for slot in range(len(self.slots))]

    def keep_subprocess_alive(self) -> None:
        """uvicorn's: a dead or hung worker is replaced (here: on its own slot)."""
        for slot, process in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()
            process.join()
            self.processes[slot] = self._spawn(slot)

    def restart_all(self) -> None:
        """SIGHUP: each worker replaced, the new one started before the old one stops."""
        for slot, old in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new = self._spawn(slot)
            if not new.wait_until_ready(self.config.timeout_worker_healthcheck, self.should_exit):
                new.kill()
                new.join()
                return
            old.terminate()
            old.join()
            self.processes[slot] = new


def run_workers(config: Config) -> None:
    """Serve ``config`` (an import string app) in ``config.workers`` processes."""
    if config.workers > 1:
        SpreadWorkers(config).run()
    else:
        from uvicorn import Server

        Server(config).run()
