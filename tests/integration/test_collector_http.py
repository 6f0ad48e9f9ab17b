"""Collector HTTP edges: CORS, the one error shape (never a 500), /health, OpenAPI."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from hub.settings import Settings
from ingest.app import create_app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration

EVENT = {
    "event_id": "3f1d2c4b-0000-4000-8000-000000000001",
    "type": "page_view",
    "key": "lp_ite_demo",  # acc_eco's LP: LP_ORIGIN is allowed for acc_eco only
}
LP_ORIGIN = "https://www.panneaux-solaires.example"


@pytest.fixture
def client(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> Iterator[TestClient[Any]]:
    hub_con.execute("INSERT INTO allowed_origins VALUES ('acc_eco', ?)", (LP_ORIGIN,))
    prod = settings.model_copy(
        update={"allow_private_network": False, "max_body_bytes": 4000, "max_batch_events": 5}
    )
    with TestClient(create_app(prod)) as test_client:
        yield test_client


def assert_error_shape(body: dict[str, Any], field: str) -> None:
    error = body["error"]
    assert set(error) == {"code", "message", "retryable", "fields"}
    assert error["fields"], body
    assert error["fields"][0]["field"] == field, body
    assert set(error["fields"][0]) == {"field", "reason", "message_fr", "message_en"}
    assert "Traceback" not in json.dumps(body)


def test_preflight_from_allowed_origin(client: TestClient[Any]) -> None:
    r = client.options(
        "/v1/events",
        headers={
            "origin": LP_ORIGIN,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert r.status_code == 204
    assert r.headers["access-control-allow-origin"] == LP_ORIGIN
    assert r.headers["access-control-allow-credentials"] == "true"
    assert "POST" in r.headers["access-control-allow-methods"]
    assert "idempotency-key" in r.headers["access-control-allow-headers"]
    assert int(r.headers["access-control-max-age"]) > 0


def test_credentialed_post_echoes_exact_origin(client: TestClient[Any]) -> None:
    r = client.post(
        "/v1/events",
        content=json.dumps(EVENT),
        headers={"origin": LP_ORIGIN, "content-type": "text/plain", "cookie": "a=b"},
    )
    assert r.status_code == 202
    assert r.headers["access-control-allow-origin"] == LP_ORIGIN  # never "*"
    assert r.headers["access-control-allow-credentials"] == "true"
    assert "Origin" in r.headers["vary"]


def test_disallowed_origin_gets_no_cors_headers(client: TestClient[Any]) -> None:
    pre = client.options(
        "/v1/events",
        headers={"origin": "https://evil.example", "access-control-request-method": "POST"},
    )
    assert pre.status_code == 403
    assert "access-control-allow-origin" not in pre.headers
    assert_error_shape(pre.json(), "origin")
    # CORS is not access control: the simple POST still reaches the handler, without ACAO;
    # the event is kept in quarantine (origin_not_allowed), never in the funnel.
    r = client.post(
        "/v1/events",
        json={**EVENT, "event_id": "evil-1"},
        headers={"origin": "https://evil.example"},
    )
    assert r.status_code == 422
    assert r.json()["rejected"][0]["reason"] == "origin_not_allowed"
    assert_error_shape(r.json(), "origin")
    assert "access-control-allow-origin" not in r.headers
    # Loopback origins are only allowed in test mode (off here).
    r = client.post(
        "/v1/events",
        json={**EVENT, "event_id": "loop-1"},
        headers={"origin": "http://127.0.0.1:9999"},
    )
    assert r.json()["rejected"][0]["reason"] == "origin_not_allowed"
    assert "access-control-allow-origin" not in r.headers


def test_origin_added_to_hub_is_allowed_without_restart(
    client: TestClient[Any], hub_con: sqlite3.Connection
) -> None:
    new = "https://new-lp.example"
    preflight = {"origin": new, "access-control-request-method": "POST"}
    assert client.options("/v1/leads", headers=preflight).status_code == 403  # cached: absent
    hub_con.execute("INSERT INTO allowed_origins VALUES ('acc_soleil', ?)", (new,))
    time.sleep(0.6)  # a miss refreshes the cached origins when they are older than 0.5 s
    r = client.options("/v1/leads", headers=preflight)
    assert r.status_code == 204 and r.headers["access-control-allow-origin"] == new


@pytest.mark.parametrize(
    ("body", "content_type", "status", "field"),
    [
        (b"{not json", "application/json", 400, "body"),
        (b"{not json", "text/plain", 400, "body"),
        (b"", "text/plain", 400, "body"),
        (b'"just a string"', "application/json", 422, "body"),
        (json.dumps({"events": [EVENT] * 6}).encode(), "application/json", 413, "events"),
        (json.dumps({"events": [{"x": "y" * 5000}]}).encode(), "application/json", 413, "body"),
    ],
)
def test_bad_bodies_get_4xx_naming_the_field(
    client: TestClient[Any], body: bytes, content_type: str, status: int, field: str
) -> None:
    r = client.post("/v1/events", content=body, headers={"content-type": content_type})
    assert r.status_code == status, r.text
    assert_error_shape(r.json(), field)


def test_unknown_path_and_method_in_error_shape(client: TestClient[Any]) -> None:
    r = client.get("/v1/nope")
    assert r.status_code == 404
    assert_error_shape(r.json(), "path")
    r = client.delete("/v1/events")
    assert r.status_code == 405
    assert_error_shape(r.json(), "method")


def test_the_events_route_answers_its_methods_like_the_others(client: TestClient[Any]) -> None:
    """``POST /v1/events`` is a Litestar ASGI handler (decision 0064): the other methods get
    the answers Litestar gives on the other routes."""
    r = client.get("/v1/events")
    assert r.status_code == 405 and r.headers["allow"] == "OPTIONS, POST"
    assert_error_shape(r.json(), "method")
    r = client.options("/v1/events")
    assert r.status_code == 204 and r.headers["allow"] == "OPTIONS, POST"


def test_a_streamed_body_over_the_limit_is_refused_without_its_length(
    client: TestClient[Any],
) -> None:
    def chunks() -> Iterator[bytes]:  # no content-length: chunked transfer
        yield b'{"events": ['
        for _ in range(100):
            yield json.dumps(EVENT).encode() + b","
        yield b"{}]}"

    r = client.post("/v1/events", content=chunks(), headers={"content-type": "text/plain"})
    assert r.status_code == 413, r.text
    assert_error_shape(r.json(), "body")


def test_garbage_never_gets_a_500(client: TestClient[Any]) -> None:
    bodies: list[Any] = [
        None,
        0,
        1e308,
        [],
        [None],
        [[]],
        {"events": None},
        {"events": [1, "a", None]},
        {"event_id": None},
        {"event_id": "a", "type": "t", "key": {"nested": 1}},
        {**EVENT, "ts": -1},
        {**EVENT, "ts": 1e30},
        {**EVENT, "ts": "9999-99-99"},
        {**EVENT, "props": "x"},
        {**EVENT, "props": {"deep": [[[[{"a": 1}]]]]}},
        {**EVENT, "url": {"a": 1}},
        {**EVENT, "is_test": 1},
        {**EVENT, "event_id": "é" * 10},
        {**EVENT, "type": "x" * 100},
        {**EVENT, "key": "k" * 500},
        {"events": [{}] * 5},
    ]
    for body in bodies:
        r = client.post(
            "/v1/events", content=json.dumps(body), headers={"content-type": "text/plain"}
        )
        assert r.status_code < 500, (body, r.text)
        assert r.status_code == 202 or "error" in r.json(), (body, r.text)
    for raw in (b"\x00\x01", "événement".encode("latin-1"), b"[" * 2000, b'{"a":' * 300):
        r = client.post("/v1/events", content=raw)
        assert 400 <= r.status_code < 500, (raw[:20], r.text)
    for params in ({}, {"event_id": "x"}, {"props": "{bad"}, {"ts": "abc", "key": "k"}):
        assert client.get("/v1/p.gif", params=params).status_code < 500


def test_health_reports_writable_stores_and_spool_lag(client: TestClient[Any]) -> None:
    assert client.post("/v1/events", json=EVENT).status_code == 202
    r = client.get("/health")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["checks"] == {"spool": "ok", "lake": "ok", "hub": "ok"}
    assert body["spool"]["segments_pending"] >= 1  # the live segment holding EVENT
    assert body["spool"]["oldest_segment_age_s"] >= 0


def test_health_is_503_when_the_lake_is_not_writable(
    client: TestClient[Any], settings: Settings, tmp_path: Path
) -> None:
    moved = tmp_path / "lake-moved"
    settings.lake_dir.rename(moved)
    settings.lake_dir.write_text("not a directory")
    r = client.get("/health")
    assert r.status_code == 503
    body = r.json()
    assert body["checks"]["spool"] == "ok" and body["checks"]["lake"] != "ok"
    assert_error_shape(body, "lake")
    settings.lake_dir.unlink()
    moved.rename(settings.lake_dir)


def test_openapi_and_docs_page(client: TestClient[Any]) -> None:
    spec = client.get("/schema/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    assert {"/v1/events", "/v1/p.gif", "/health"} <= set(paths)
    docs = client.get("/schema")
    assert docs.status_code == 200 and "text/html" in docs.headers["content-type"]
