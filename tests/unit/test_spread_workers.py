"""Each worker slot's SO_REUSEPORT socket listens from the start (before its worker is up)."""

from __future__ import annotations

import socket

from uvicorn import Config

from ingest.workers import reuseport_socket
from tests.e2e.procs import free_port


def test_every_slot_takes_connections_before_its_worker_starts() -> None:
    # A bound socket that does not listen yet is no member of the port's reuseport group: the
    # connections made while a worker starts (a load balancer's keep-alive pool, wrk) would all
    # go to the slots already up and stay there. Listening at once, each slot queues its share.
    config = Config("app:app", host="127.0.0.1", port=free_port())
    slots = [reuseport_socket(config) for _ in range(2)]
    try:
        assert all(s.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) for s in slots)
        clients = [socket.create_connection(("127.0.0.1", config.port)) for _ in range(64)]
        queued = []
        for slot in slots:
            slot.setblocking(False)
            count = 0
            while True:
                try:
                    conn, _ = slot.accept()
                except BlockingIOError:
                    break
                conn.close()
                count += 1
            queued.append(count)
        assert sum(queued) == 64 and min(queued) >= 16  # spread by the kernel's hash
        for client in clients:
            client.close()
    finally:
        for slot in slots:
            slot.close()
