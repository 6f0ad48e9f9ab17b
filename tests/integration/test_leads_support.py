"""Helpers shared by the lead intake tests (no tests here)."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from hub.phones import normalise
from hub.settings import Settings
from ingest.app import create_app


def phone_of(marker: str) -> str:
    """A valid French mobile number derived from a test's marker: tests sharing a hub do not
    make each other's leads duplicates (same phone and product within 24 h)."""
    seed = marker
    while True:
        seed = hashlib.sha256(seed.encode()).hexdigest()
        number = "06" + str(int(seed, 16))[-8:]
        if normalise(number).cls == "valid":
            return number


@contextmanager
def served(settings: Settings) -> Iterator[str]:
    """The real collector app on a loopback port (uvicorn in a thread): real HTTP, a real
    client address (``127.0.0.1``) for the per-IP rules."""
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=0, log_level="warning", lifespan="on"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the collector did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
