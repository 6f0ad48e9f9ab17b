"""kill -9 of the collector while leads pour in: every lead answered 201 is in the hub, and each
idempotency key has one lead, retries after the restart included.

Eight client threads post leads with their own ``Idempotency-Key`` to a real 2-worker collector
(whose workers commit leads in groups: decision 0065) and record the answers. The collector's
process group is SIGKILLed mid-stream and restarted; the clients then post again every lead they
never saw answered, with the same key (as a form's retry does).
"""

from __future__ import annotations

import signal
import sqlite3
import threading
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.procs import Stack, wait_for
from tests.integration.test_leads_support import phone_of

pytestmark = pytest.mark.e2e


class Poster:
    """Posts leads until stopped; keeps the lead id answered for each key, and the unanswered."""

    def __init__(self, url: str, name: str) -> None:
        self.url, self.name = url, name
        self.answered: dict[str, str] = {}
        self.unanswered: list[str] = []
        self.stop = threading.Event()

    def post(self, http: httpx.Client, key: str) -> None:
        body = {
            "form_key": "fm_solaire_demo",
            "first_name": "Jeanne",
            "last_name": "Crash",
            "phone": phone_of(key),
            "postal_code": "13001",
            "email": "jeanne.crash@example.org",
            "consent": True,
            "session_id": key,
        }
        try:
            r = http.post("/v1/leads", json=body, headers={"Idempotency-Key": key})
        except httpx.HTTPError:
            self.unanswered.append(key)
            return
        if r.status_code in (200, 201):
            self.answered[key] = r.json()["lead_id"]
        else:
            self.unanswered.append(key)

    def run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=10) as http:
            n = 0
            while not self.stop.is_set():
                self.post(http, f"{self.name}-{n}")
                n += 1

    def retry(self) -> None:
        with httpx.Client(base_url=self.url, timeout=10) as http:
            pending, self.unanswered = self.unanswered, []
            for key in pending:
                self.post(http, key)
        assert not self.unanswered, "every retry after the restart must be answered"


def leads_by_session(hub: Path) -> dict[str, list[str]]:
    with closing(sqlite3.connect(f"file:{hub}?mode=ro", uri=True, timeout=30)) as con:
        found: dict[str, list[str]] = {}
        for session, lead_id in con.execute("SELECT session_id, id FROM leads"):
            found.setdefault(session, []).append(lead_id)
        return found


def test_leads_answered_before_a_kill_9_are_stored_once(tmp_path: Path) -> None:
    stack = Stack.create(tmp_path / "intake", LEADHUB_COLLECTOR_WORKERS="2")
    stack.cli("seed", "demo", "--json")
    health = f"{stack.url('collector')}/health"
    run = uuid.uuid4().hex[:8]
    posters = [Poster(stack.url("collector"), f"{run}-{i}") for i in range(8)]
    threads = [threading.Thread(target=p.run, daemon=True) for p in posters]

    def answered() -> int:
        return sum(len(p.answered) for p in posters)

    try:
        stack.start("collector", "collector", ready=health)
        for thread in threads:
            thread.start()
        wait_for(lambda: answered() >= 300, 90, "300 leads answered")
        flowing = answered()
        wait_for(lambda: answered() > flowing + 10, 30, "leads still flowing")
        stack.kill("collector", signal.SIGKILL)
        answered_before_kill = answered()
        stored_at_kill = leads_by_session(stack.data_dir / "hub.sqlite3")
        for poster, thread in zip(posters, threads, strict=True):
            poster.stop.set()
            thread.join(15)
        # every lead answered before the kill was durable when answered
        before: dict[str, Any] = {k: v for p in posters for k, v in p.answered.items()}
        assert {k for k, v in before.items() if stored_at_kill.get(k) != [v]} == set()

        stack.start("collector", "collector", ready=health)
        for poster in posters:
            poster.retry()
        stored = leads_by_session(stack.data_dir / "hub.sqlite3")
        keys = {k for p in posters for k in p.answered}
        assert {k for k in keys if len(stored.get(k, [])) != 1} == set()  # one lead per key
        assert all(stored[k] == [p.answered[k]] for p in posters for k in p.answered)
        ours = {s for s in stored if s.startswith(run)}
        assert ours == keys  # nothing stored that no client asked for
        print(f"answered_before_kill={answered_before_kill} keys={len(keys)}")
    finally:
        for poster in posters:
            poster.stop.set()
        stack.stop_all()
