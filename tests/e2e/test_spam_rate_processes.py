"""The per-IP lead rate holds across collector processes: two `leadhub collector` processes on
two ports share one hub, 20 concurrent leads from one address against a limit of 6 → exactly
6 accepted, 14 kept as spam with their reason, every one answered 201."""

from __future__ import annotations

import sqlite3
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.e2e.procs import Stack, free_port
from tests.integration.test_leads_support import phone_of

pytestmark = pytest.mark.e2e
LIMIT, PER_PROCESS = 6, 10


def post(url: str) -> httpx.Response:
    session = uuid.uuid4().hex
    lead = {
        "form_key": "fm_solaire_demo",
        "prenom": "Zoé",
        "nom": "Perrin",
        "telephone": phone_of(session),
        "code_postal": "44000",
        "consentement": "on",
        "session_id": session,
    }
    return httpx.post(f"{url}/v1/leads", json=lead, timeout=30)


def test_rate_limit_is_shared_by_two_collector_processes(tmp_path: Path) -> None:
    stack = Stack.create(
        tmp_path,
        LEADHUB_LEAD_IP_RATE_LIMIT=str(LIMIT),
        LEADHUB_LEAD_IP_RATE_WINDOW_SECONDS="3600",
        LEADHUB_LEAD_IP_RATE_EXEMPT="",  # count loopback, where the test's requests come from
    )
    stack.seed("whsec_bGVhZGh1Yi10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWI=", "pw")
    urls = []
    try:
        for name in ("collector-a", "collector-b"):
            port = free_port()
            stack.env["LEADHUB_COLLECTOR_PORT"] = str(port)
            url = f"http://127.0.0.1:{port}"
            stack.start(name, "collector", ready=f"{url}/health")
            urls.append(url)
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(post, urls * PER_PROCESS))
    finally:
        stack.stop_all()
    assert [a.status_code for a in answers] == [201] * 2 * PER_PROCESS
    assert {a.json()["status"] for a in answers} == {"new"}  # spam is answered like a success
    with sqlite3.connect(tmp_path / "hub.sqlite3") as con:
        statuses = con.execute("SELECT status, COUNT(*) FROM leads GROUP BY status").fetchall()
        reasons = con.execute("SELECT status_reason FROM leads WHERE status = 'spam'").fetchall()
        routed = con.execute("SELECT COUNT(*) FROM outbox WHERE kind = 'route'").fetchone()
        counted = con.execute("SELECT SUM(count) FROM intake_rate").fetchone()
    assert dict(statuses) == {"new": LIMIT, "spam": 2 * PER_PROCESS - LIMIT}
    assert all(r[0].startswith("ip_rate: ") for r in reasons)
    assert routed == (LIMIT,) and counted == (2 * PER_PROCESS,)
