"""Guessing API keys (decision 0053): after ``api_key_max_failures`` unknown or revoked keys
from one client address in the window, API v1 and lead intake answer 429 with ``Retry-After``
to that address, whatever key it sends, before the key is looked up. Valid keys count nothing;
a missing or malformed header counts nothing; the counter is the collector's shared one."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from hub.security import create_api_key
from hub.settings import Settings
from ingest.app import create_app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration

LIMIT = 3


@pytest.fixture
def client(settings: Settings, world: DemoWorld) -> Iterator[TestClient[Litestar]]:
    limited = settings.model_copy(
        update={"api_key_max_failures": LIMIT, "metrics_token": "metrics-secret"}
    )
    with TestClient(create_app(limited)) as c:
        yield c


def get(client: TestClient[Litestar], key: str | None, path: str = "/v1/buyers") -> Any:
    return client.get(path, headers={"Authorization": f"Token {key}"} if key else {})


def bogus() -> str:
    return f"lh_{uuid.uuid4().hex}"


def assert_locked_out(answer: Any) -> None:
    assert answer.status_code == 429, answer.text
    assert 1 <= int(answer.headers["retry-after"]) <= 600
    error = answer.json()["error"]
    assert error["code"] == "rate_limited" and error["retryable"] is True
    assert [(f["field"], f["reason"]) for f in error["fields"]] == [
        ("authorization", "too_many_failures")
    ]


def test_unknown_keys_lock_the_address_out_then_every_key_is_refused(
    client: TestClient[Litestar], world: DemoWorld
) -> None:
    for _ in range(LIMIT):
        assert get(client, bogus()).status_code == 401
    assert_locked_out(get(client, bogus()))
    # Refused before the lookup: a right guess now would learn nothing, so the valid key too.
    assert_locked_out(get(client, world.api_key))
    metrics = client.get("/metrics", headers={"Authorization": "Bearer metrics-secret"}).text
    assert 'leadhub_requests_rate_limited_total{limit="api_key"} 2' in metrics


def test_valid_keys_and_missing_headers_count_nothing(
    client: TestClient[Litestar], world: DemoWorld
) -> None:
    for _ in range(4 * LIMIT):
        assert get(client, world.api_key).status_code == 200
        assert get(client, None).status_code == 401  # no key: nothing guessed
        malformed = client.get("/v1/buyers", headers={"Authorization": "Basic abc"})
        assert malformed.status_code == 401
    for _ in range(LIMIT):
        assert get(client, bogus()).status_code == 401
    assert_locked_out(get(client, bogus()))


def test_a_revoked_key_counts_like_an_unknown_one(
    client: TestClient[Litestar], hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    key = create_api_key(hub_con, "acc_soleil", "old", role="viewer")
    assert get(client, key).status_code == 200
    listed = get(client, world.api_key, "/v1/api-keys").json()["items"]
    key_id = next(k["id"] for k in listed if k["name"] == "old")
    revoke = client.delete(
        f"/v1/api-keys/{key_id}", headers={"Authorization": f"Token {world.api_key}"}
    )
    assert revoke.status_code in (200, 204), revoke.text
    for _ in range(LIMIT):
        assert get(client, key).status_code == 401
    assert_locked_out(get(client, key))


def test_lead_intake_shares_the_counter(client: TestClient[Litestar], world: DemoWorld) -> None:
    lead = {"form_key": world.forms[0]["key"], "phone": "0781234567", "postal_code": "69003"}
    for _ in range(LIMIT - 1):
        assert get(client, bogus()).status_code == 401
    posted = client.post("/v1/leads", json=lead, headers={"Authorization": f"Token {bogus()}"})
    assert posted.status_code == 401
    again = client.post("/v1/leads", json=lead, headers={"Authorization": f"Token {bogus()}"})
    assert_locked_out(again)
    assert_locked_out(get(client, bogus()))
