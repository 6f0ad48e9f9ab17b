"""``leadhub collector|dashboard|pipelines --host --port (--workers)``: the options reach the
servers and win over the ``LEADHUB_*`` settings for that run; behind a trusted proxy the
collector sees the forwarded client address."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from leadhub.cli import app

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ok(url: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"exited with {proc.returncode} before {url} answered")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(url)


def workers(pid: int) -> list[int]:
    """The worker processes uvicorn spawned (not multiprocessing's resource tracker)."""
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [
        int(child)
        for child in text.split()
        if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
    ]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    unused = str(free_port())  # the settings name another port: the options must win
    return {
        **os.environ,
        "LEADHUB_DATA_DIR": str(tmp_path / "data"),
        "LEADHUB_COLLECTOR_PORT": unused,
        "LEADHUB_DASHBOARD_PORT": unused,
        "LEADHUB_COLLECTOR_WORKERS": "1",
        "LEADHUB_HOST": "192.0.2.1",  # not an address of this machine: binding it would fail
        "PYTHONPATH": str(REPO),
    }


@pytest.fixture
def start(env: dict[str, str], tmp_path: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    procs: list[subprocess.Popen[bytes]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)


def launch(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "leadhub.cli", *args],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def test_collector_host_port_workers_and_forwarded_client(
    env: dict[str, str], start: list[subprocess.Popen[bytes]]
) -> None:
    port = free_port()
    proc = launch(env, "collector", "--host", "127.0.0.1", "--port", str(port), "--workers", "2")
    start.append(proc)
    base = f"http://127.0.0.1:{port}"
    wait_ok(f"{base}/health", proc)
    deadline = time.monotonic() + 30
    while len(workers(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(workers(proc.pid)) == 2  # two uvicorn workers, not LEADHUB_COLLECTOR_WORKERS=1
    # /metrics is for loopback clients: a client forwarded by the (loopback) proxy is not one.
    assert httpx.get(f"{base}/metrics", timeout=5).status_code == 200
    forwarded = httpx.get(f"{base}/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert forwarded.status_code == 403


def test_collector_ignores_forwarded_headers_of_untrusted_proxies(
    env: dict[str, str], start: list[subprocess.Popen[bytes]]
) -> None:
    port = free_port()
    env = {**env, "LEADHUB_FORWARDED_ALLOW_IPS": "192.0.2.7"}  # nginx elsewhere, not loopback
    proc = launch(env, "collector", "--host", "127.0.0.1", "--port", str(port))
    start.append(proc)
    base = f"http://127.0.0.1:{port}"
    wait_ok(f"{base}/health", proc)
    spoofed = httpx.get(f"{base}/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert spoofed.status_code == 200  # the header of an untrusted peer is ignored


def test_dashboard_host_and_port(env: dict[str, str], start: list[subprocess.Popen[bytes]]) -> None:
    port = free_port()
    proc = launch(env, "dashboard", "--host", "127.0.0.1", "--port", str(port))
    start.append(proc)
    wait_ok(f"http://127.0.0.1:{port}/_stcore/health", proc, timeout=90)


def test_pipelines_host_and_port_reach_dagster(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``dagster dev`` is exec'ed (the process becomes Dagster): its argv is what it listens on."""
    seen: dict[str, object] = {}

    def exec_dagster(file: str, args: list[str], environ: dict[str, str]) -> None:
        seen.update(file=file, args=args, env=environ)
        raise SystemExit(0)

    monkeypatch.setattr(os, "execvpe", exec_dagster)
    for name in ("LEADHUB_DATA_DIR", "LEADHUB_HOST"):
        monkeypatch.setenv(name, env[name])
    monkeypatch.setenv("LEADHUB_DAGSTER_PORT", "3999")
    previous = signal.getsignal(signal.SIGINT)  # serve() resets SIGINT for Dagster
    try:
        result = CliRunner().invoke(app, ["pipelines", "--host", "127.0.0.2", "--port", "3123"])
    finally:
        signal.signal(signal.SIGINT, previous)
    assert result.exit_code == 0, result.output
    args = seen["args"]
    assert isinstance(args, list)
    assert args[1:] == ["dev", "-m", "pipelines.definitions", "-h", "127.0.0.2", "-p", "3123"]


def test_bad_port_is_refused_naming_the_option(env: dict[str, str]) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "leadhub.cli", "collector", "--port", "70000"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 2
    assert "--port" in out.stderr
