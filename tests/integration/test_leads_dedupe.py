"""Idempotent replays, double submits, phone classes and concurrency of POST /v1/leads."""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from hub.db import open_hub
from hub.settings import load_settings
from ingest.app import create_app
from leadhub.demo.seed import seed_demo
from tests.integration.test_leads_support import phone_of

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dedupe")


@pytest.fixture(scope="module")
def hub_con(data_dir: Path) -> Iterator[sqlite3.Connection]:
    settings = load_settings(data_dir=data_dir, allow_private_network=True)
    settings.ensure_dirs()
    con = open_hub(settings.hub_db)
    seed_demo(
        con,
        settings,
        buyer_secret="whsec_bGVhZGh1Yi10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWI=",
        password="pw",
    )
    yield con
    con.close()


@pytest.fixture(scope="module")
def client(data_dir: Path, hub_con: sqlite3.Connection) -> Iterator[TestClient[Litestar]]:
    with TestClient(create_app(load_settings(data_dir=data_dir, allow_private_network=True))) as c:
        yield c


@pytest.fixture
def lead() -> dict[str, Any]:
    """A valid lead with its own session id (the marker of this test's rows)."""
    session = uuid.uuid4().hex
    return {
        "form_key": "fm_solaire_demo",
        "prenom": "Paul",
        "nom": "Durand",
        "telephone": phone_of(session),
        "cp": "69003",
        "consent": "on",
        "session_id": session,
    }


def leads_of(con: sqlite3.Connection, session: str) -> list[sqlite3.Row]:
    return con.execute(
        "SELECT * FROM leads WHERE session_id = ? ORDER BY created_at", (session,)
    ).fetchall()


def outbox_of(con: sqlite3.Connection, lead_id: str) -> list[str]:
    return [r[0] for r in con.execute("SELECT kind FROM outbox WHERE ref_id = ?", (lead_id,))]


def test_idempotency_key_replay_returns_the_first_answer(
    client: TestClient[Litestar], hub_con: sqlite3.Connection, lead: dict[str, Any]
) -> None:
    key = {"Idempotency-Key": uuid.uuid4().hex}
    first = client.post("/v1/leads", json=lead, headers=key)
    lead["telephone"] = "07 81 23 45 68"  # not a double submit: only the key makes it a replay
    again = client.post("/v1/leads", json=lead, headers=key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    rows = leads_of(hub_con, lead["session_id"])
    assert [r["id"] for r in rows] == [first.json()["lead_id"]]
    assert outbox_of(hub_con, rows[0]["id"]) == ["route"]
    other_form = client.post("/v1/leads", json={**lead, "form_key": "fm_pac_demo"}, headers=key)
    assert other_form.status_code == 201  # the key is scoped to the form
    assert other_form.json()["lead_id"] != first.json()["lead_id"]


def test_submission_id_replay_of_a_form_post_redirects_to_the_same_lead(
    client: TestClient[Litestar], hub_con: sqlite3.Connection, lead: dict[str, Any]
) -> None:
    lead["submission_id"] = uuid.uuid4().hex
    first = client.post("/v1/leads", data=lead, follow_redirects=False)
    hub_con.execute(
        "UPDATE leads SET created_at = '2000-01-01T00:00:00.000000+00:00' WHERE session_id = ?",
        (lead["session_id"],),
    )  # past the double submit
    again = client.post("/v1/leads", data=lead, follow_redirects=False)
    assert (first.status_code, again.status_code) == (303, 303)
    assert again.headers["location"] == first.headers["location"]
    assert len(leads_of(hub_con, lead["session_id"])) == 1


def test_a_key_older_than_24_hours_is_forgotten(
    client: TestClient[Litestar], hub_con: sqlite3.Connection, lead: dict[str, Any]
) -> None:
    key = uuid.uuid4().hex
    first = client.post("/v1/leads", json={**lead, "submission_id": key})
    hub_con.execute(
        "UPDATE idempotency_keys SET created_at = ? WHERE key = ?",
        ("2000-01-01T00:00:00.000000+00:00", key),
    )
    hub_con.execute(
        "UPDATE leads SET created_at = '2000-01-01T00:00:00.000000+00:00' WHERE session_id = ?",
        (lead["session_id"],),
    )
    again = client.post("/v1/leads", json={**lead, "submission_id": key})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["lead_id"] != first.json()["lead_id"]
    assert len(leads_of(hub_con, lead["session_id"])) == 2


def test_double_submit_within_seconds_is_one_lead(
    client: TestClient[Litestar], hub_con: sqlite3.Connection, lead: dict[str, Any]
) -> None:
    first = client.post("/v1/leads", json=lead)
    again = client.post("/v1/leads", json={**lead, "telephone": "+33" + lead["telephone"][1:]})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert len(leads_of(hub_con, lead["session_id"])) == 1
    hub_con.execute(
        "UPDATE leads SET created_at = '2000-01-01T00:00:00.000000+00:00' WHERE session_id = ?",
        (lead["session_id"],),
    )
    later = client.post("/v1/leads", json=lead)
    assert later.status_code == 201 and later.json()["lead_id"] != first.json()["lead_id"]


def test_fake_phone_is_kept_as_an_invalid_lead_and_answered_422(
    client: TestClient[Litestar], hub_con: sqlite3.Connection, lead: dict[str, Any]
) -> None:
    lead.update(telephone="06 12 34 56 78", submission_id=uuid.uuid4().hex)
    first = client.post("/v1/leads", json=lead)
    assert first.status_code == 422
    assert [(f["field"], f["reason"]) for f in first.json()["error"]["fields"]] == [
        ("phone", "invalid_phone")
    ]
    again = client.post("/v1/leads", json=lead)
    assert again.status_code == 422 and again.content == first.content
    rows = leads_of(hub_con, lead["session_id"])
    assert [(r["status"], r["status_reason"]) for r in rows] == [
        ("invalid", "phone: well-known fake number")
    ]
    assert outbox_of(hub_con, rows[0]["id"]) == []
    fixed = client.post("/v1/leads", json={**lead, "telephone": phone_of(lead["session_id"])})
    assert fixed.status_code == 201 and fixed.json()["status"] == "new"


def test_suspicious_phone_is_stored_but_not_routed(
    client: TestClient[Litestar], hub_con: sqlite3.Connection, lead: dict[str, Any]
) -> None:
    r = client.post("/v1/leads", json={**lead, "telephone": "0606060606"})
    assert r.status_code == 201 and r.json()["status"] == "suspicious"
    assert leads_of(hub_con, lead["session_id"])[0]["status"] == "suspicious"
    assert outbox_of(hub_con, r.json()["lead_id"]) == []


@pytest.mark.parametrize("with_key", [True, False])
def test_concurrent_identical_submissions_store_one_lead(
    client: TestClient[Litestar], hub_con: sqlite3.Connection, lead: dict[str, Any], with_key: bool
) -> None:
    if with_key:
        lead["submission_id"] = uuid.uuid4().hex
    n = 6
    barrier = threading.Barrier(n)
    answers: list[httpx.Response] = []

    def submit() -> None:
        barrier.wait()
        answers.append(client.post("/v1/leads", json=lead))

    threads = [threading.Thread(target=submit) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = leads_of(hub_con, lead["session_id"])
    assert len(rows) == 1
    assert {a.json()["lead_id"] for a in answers} == {rows[0]["id"]}
    assert sorted(a.status_code for a in answers) == (
        [201] * n if with_key else [200] * (n - 1) + [201]
    )
    assert outbox_of(hub_con, rows[0]["id"]) == ["route"]
