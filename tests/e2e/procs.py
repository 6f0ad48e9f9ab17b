"""Real processes on loopback ports for end-to-end tests: start, wait until ready, stop."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], bool], timeout: float = 30.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception as exc:
            last = exc
        time.sleep(0.1)
    raise TimeoutError(f"timed out waiting for {what}: {last!r}")


def http_ok(url: str) -> Callable[[], bool]:
    return lambda: httpx.get(url, timeout=2).status_code < 500


@dataclass
class Stack:
    """A data dir, its LEADHUB_* env, and the processes started in it."""

    data_dir: Path
    env: dict[str, str]
    ports: dict[str, int]
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @classmethod
    def create(cls, data_dir: Path, **extra: str) -> Stack:
        ports = {
            name: free_port()
            for name in ("collector", "dashboard", "fake_crm", "demo_lp", "demo_form", "dagster")
        }
        env = dict(os.environ)
        env.update(
            {
                "LEADHUB_DATA_DIR": str(data_dir),
                # Loopback pages and the fake CRM; headless Chrome's traffic marked as test
                # (so it goes to test buyers only: the demo seeds one on the fake CRM).
                "LEADHUB_ALLOW_PRIVATE_NETWORK": "1",
                "LEADHUB_TEST_MODE": "1",
                "LEADHUB_SPOOL_ROLL_SECONDS": "0.5",
                "LEADHUB_COLLECTOR_PORT": str(ports["collector"]),
                "LEADHUB_DASHBOARD_PORT": str(ports["dashboard"]),
                "LEADHUB_FAKE_CRM_PORT": str(ports["fake_crm"]),
                "LEADHUB_DEMO_LP_PORT": str(ports["demo_lp"]),
                "LEADHUB_DEMO_FORM_PORT": str(ports["demo_form"]),
                "LEADHUB_DAGSTER_PORT": str(ports["dagster"]),
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(extra)
        return cls(data_dir=data_dir, env=env, ports=ports)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def cli(self, *args: str, timeout: float = 120) -> str:
        out = subprocess.run(
            [sys.executable, "-m", "leadhub.cli", *args],
            env=self.env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if out.returncode != 0:
            raise RuntimeError(f"leadhub {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
        return out.stdout

    def seed(self, buyer_secret: str, password: str) -> dict[str, Any]:
        out = self.cli(
            "seed",
            "demo",
            "--json",
            "--buyer-url",
            f"{self.url('fake_crm')}/leads",
            "--buyer-secret",
            buyer_secret,
            "--password",
            password,
        )
        return dict(json.loads(out))

    def start(self, name: str, *args: str, ready: str | None = None) -> None:
        log = (self.data_dir / f"{name}.log").open("ab")
        self.procs[name] = subprocess.Popen(
            [sys.executable, "-m", "leadhub.cli", *args],
            env=self.env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if ready:
            try:
                wait_for(http_ok(ready), 60, f"{name} at {ready}")
            except TimeoutError:
                raise RuntimeError(f"{name} did not start:\n{self.log(name)}") from None

    def start_fake_crm(self, secret: str) -> None:
        """The buyer's CRM on loopback (``leadhub fake-crm``), verifying with ``secret``."""
        port = str(self.ports["fake_crm"])
        ready = f"{self.url('fake_crm')}/_fake/received"
        self.start("fake-crm", "fake-crm", "--port", port, "--secret", secret, ready=ready)

    def log(self, name: str) -> str:
        path = self.data_dir / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def kill(self, name: str, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
        proc = self.procs.pop(name, None)
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)

    def stop_all(self) -> None:
        for name in list(self.procs):
            self.kill(name)
