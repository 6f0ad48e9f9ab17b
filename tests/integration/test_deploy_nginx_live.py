"""The rendered nginx site in front of a real collector (nginx in the foreground on loopback
ports, a self-signed certificate; no service started): the tracker through the first-party
``/lh/`` path, and the client address nginx forwards is the one the collector sees, whatever a
client writes in ``X-Forwarded-For``. Skips only when nginx is not installed."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.integration.test_deploy_files import DEPLOY, binary, render, self_signed
from tests.integration.test_process_options import free_port, launch, wait_ok

pytestmark = pytest.mark.skipif(binary("nginx") is None, reason="nginx is not installed")

SPOOFED = {"X-Forwarded-For": "203.0.113.9"}


def site(tmp_path: Path, collector: int, https: int, http: int) -> Path:
    """The site rendered as docs/DEPLOY.md does, listening on loopback test ports."""
    conf = tmp_path / "conf"
    conf.mkdir()
    values = {
        "LH_COLLECT_HOST": "collect.example.fr",
        "LH_APP_HOST": "app.example.fr",
        "LH_DAGSTER_HOST": "dagster.example.fr",
        "LH_CERT_DIR": str(tmp_path / "cert"),
        "LH_ACME_ROOT": str(tmp_path / "acme"),
        "LH_NGINX_DIR": str(conf),
        "LH_COLLECTOR_PORT": str(collector),
        "LH_DASHBOARD_PORT": str(free_port()),
        "LH_DAGSTER_PORT": str(free_port()),
    }
    self_signed(tmp_path / "cert")
    for template in (DEPLOY / "nginx").glob("*.conf.template"):
        text = render(template, values)
        text = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", text)
        text = text.replace("listen 443 ssl", f"listen 127.0.0.1:{https} ssl")
        text = text.replace("listen 80;", f"listen 127.0.0.1:{http};")
        (conf / template.name.removesuffix(".template")).write_text(text)
    main = tmp_path / "nginx.conf"
    temp = tmp_path / "temp"
    temp.mkdir()
    main.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "daemon off;\nworker_processes 1;\nevents {}\nhttp {\n  access_log off;\n"
        + "".join(f"  {k}_temp_path {temp}/{k};\n" for k in ("client_body", "proxy", "fastcgi"))
        + "".join(f"  {k}_temp_path {temp}/{k};\n" for k in ("uwsgi", "scgi"))
        + f"  include {conf}/leadhub.conf;\n"
        + f"  server {{\n    listen 127.0.0.1:{https} ssl;\n    server_name www.lp.example.fr;\n"
        + f"    include {conf}/leadhub-tls.conf;\n    include {conf}/first-party.conf;\n  }}\n}}\n"
    )
    return main


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[tuple[int, int, int]]:
    collector, https, http = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "LEADHUB_DATA_DIR": str(tmp_path / "data"),
        "LEADHUB_ALLOW_PRIVATE_NETWORK": "1",
    }
    proc = launch(env, "collector", "--host", "127.0.0.1", "--port", str(collector))
    nginx = binary("nginx")
    assert nginx is not None
    conf = site(tmp_path, collector, https, http)
    web = subprocess.Popen(
        [nginx, "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_ok(f"http://127.0.0.1:{collector}/health", proc)
        deadline = time.monotonic() + 20
        while web.poll() is None and time.monotonic() < deadline:
            try:
                get(https, "collect.example.fr", "/health")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert web.poll() is None, (tmp_path / "error.log").read_text()
        yield collector, https, http
    finally:
        web.terminate()
        web.wait(10)
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(30)


def get(port: int, host: str, path: str, **headers: str) -> httpx.Response:
    # the self-signed certificate names collect.example.fr; the test dials 127.0.0.1
    with httpx.Client(verify=False, timeout=10) as client:
        return client.get(f"https://127.0.0.1:{port}{path}", headers={"Host": host, **headers})


def test_first_party_path_and_forwarded_client(stack: tuple[int, int, int]) -> None:
    collector, https, http = stack
    direct = httpx.get(f"http://127.0.0.1:{collector}/t.js", timeout=10)
    tracker = get(https, "www.lp.example.fr", "/lh/t.js")
    assert tracker.status_code == 200 and tracker.text == direct.text  # /lh/t.js → /t.js
    assert get(https, "collect.example.fr", "/health").status_code == 200

    # Straight to the collector, a loopback peer is a trusted proxy: its header is believed.
    assert httpx.get(f"http://127.0.0.1:{collector}/metrics", headers=SPOOFED).status_code == 403
    # Through nginx, the header a client wrote is replaced by the client's real address.
    assert get(https, "collect.example.fr", "/metrics", **SPOOFED).status_code == 200
    assert get(https, "www.lp.example.fr", "/lh/metrics", **SPOOFED).status_code == 200

    redirect = httpx.get(f"http://127.0.0.1:{http}/v1/leads", headers={"Host": "app.example.fr"})
    assert redirect.status_code == 301
    assert redirect.headers["location"] == "https://app.example.fr/v1/leads"
