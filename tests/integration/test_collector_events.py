"""POST /v1/events and the pixel through the real app: spool, roll, lake and quarantine."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import duckdb
import pytest
from litestar.testing import TestClient

from hub.settings import Settings
from ingest.app import create_app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration


def eid() -> str:
    return str(uuid.uuid4())


def event(key: str = "lp_solaire_demo", **extra: Any) -> dict[str, Any]:
    return {
        "event_id": eid(),
        "type": "page_view",
        "key": key,
        "visitor_id": "v1",
        "session_id": "s1",
        "ts": 1_795_168_800_000,
        "url": "https://lp.example/solaire/",
        "utm_source": "google",
        **extra,
    }


def lake(root: Path, columns: str = "*") -> list[dict[str, Any]]:
    files = sorted(str(p) for p in root.glob("date=*/*.parquet"))
    if not files:
        return []
    with duckdb.connect() as con:
        cur = con.execute(f"SELECT {columns} FROM read_parquet(?)", [files])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def test_text_plain_json_and_batch_land_in_the_lake(settings: Settings, world: DemoWorld) -> None:
    single, batch = event(), [event("fm_solaire_demo", type="form_start"), event("lp_pac_demo")]
    marking = settings.model_copy(update={"test_mode": True})
    with TestClient(create_app(marking)) as client:
        r1 = client.post(
            "/v1/events",
            content=json.dumps(single),
            headers={"content-type": "text/plain;charset=UTF-8", "user-agent": "Mozilla/5.0 test"},
        )
        r2 = client.post("/v1/events", json={"events": batch})
    assert (r1.status_code, r1.json()) == (202, {"accepted": 1, "rejected": []})
    assert (r2.status_code, r2.json()) == (202, {"accepted": 2, "rejected": []})
    rows = {r["event_id"]: r for r in lake(settings.raw_dir)}
    assert set(rows) == {single["event_id"], *(e["event_id"] for e in batch)}
    form_row = rows[batch[0]["event_id"]]
    assert form_row["account_id"] == "acc_soleil" and form_row["form_id"].startswith("frm_")
    assert form_row["lp_id"] == rows[single["event_id"]]["lp_id"]  # the form's LP
    first = rows[single["event_id"]]
    assert first["user_agent"] == "Mozilla/5.0 test" and first["utm_source"] == "google"
    assert first["is_test"] is True  # settings.test_mode
    assert first["ts"].isoformat() == "2026-11-20T10:00:00+00:00"
    assert first["collector_id"].startswith("seg-")
    assert not list(settings.spool_dir.glob("seg-*"))  # rolled on shutdown


def test_unknown_key_and_invalid_event_are_quarantined_with_reason(
    settings: Settings, world: DemoWorld
) -> None:
    good, unknown, invalid = event(), event("lp_nope"), event(ts="not a time")
    with TestClient(create_app(settings)) as client:
        r = client.post("/v1/events", json={"events": [good, unknown, invalid]})
        only_bad = client.post("/v1/events", json=event("lp_nope"))
    assert r.status_code == 202
    assert r.json() == {
        "accepted": 1,
        "rejected": [
            {"index": 1, "event_id": unknown["event_id"], "field": "key", "reason": "key:unknown"},
            {
                "index": 2,
                "event_id": invalid["event_id"],
                "field": "ts",
                "reason": "ts:invalid_format",
            },
        ],
    }
    assert only_bad.status_code == 422
    body = only_bad.json()
    assert body["error"]["code"] == "events_rejected" and body["accepted"] == 0
    assert body["error"]["fields"][0]["field"] == "key"
    assert [r["event_id"] for r in lake(settings.raw_dir)] == [good["event_id"]]
    kept = {
        r["event_id"]: r["reason"]
        for r in lake(settings.quarantine_dir / "events", "event_id, reason")
    }
    assert kept[unknown["event_id"]] == "key:unknown"
    assert kept[invalid["event_id"]] == "ts:invalid_format"
    assert len(kept) == 3


def test_inactive_key_is_quarantined(settings: Settings, world: DemoWorld, hub_con: Any) -> None:
    hub_con.execute("UPDATE landing_pages SET active = 0 WHERE key = 'lp_ite_demo'")
    with TestClient(create_app(settings)) as client:
        r = client.post("/v1/events", json=event("lp_ite_demo"))
    assert r.status_code == 422
    assert r.json()["rejected"][0]["reason"] == "key:inactive"


def test_retried_event_is_in_the_lake_once(settings: Settings, world: DemoWorld) -> None:
    ev = event()
    with TestClient(create_app(settings)) as client:
        assert client.post("/v1/events", json=ev).status_code == 202
    with TestClient(create_app(settings)) as client:  # a retry reaching another process
        assert client.post("/v1/events", json=ev).status_code == 202
        assert client.post("/v1/events", json=ev).status_code == 202
    assert [r["event_id"] for r in lake(settings.raw_dir)] == [ev["event_id"]]


def test_pixel_records_the_event_and_never_caches(settings: Settings, world: DemoWorld) -> None:
    ev_id = eid()
    with TestClient(create_app(settings)) as client:
        ok = client.get(
            "/v1/p.gif",
            params={
                "event_id": ev_id,
                "type": "page_view",
                "key": "lp_pac_demo",
                "utm_campaign": "hiver",
                "props": '{"noscript": true}',
                "ts": "1795168800000",
            },
        )
        bad = client.get(
            "/v1/p.gif", params={"event_id": eid(), "type": "page_view", "key": "lp_nope"}
        )
    assert ok.status_code == 200 and ok.headers["content-type"] == "image/gif"
    assert ok.content.startswith(b"GIF89a")
    assert "no-store" in ok.headers["cache-control"]
    assert bad.status_code == 422 and bad.content.startswith(b"GIF89a")
    assert bad.headers["x-leadhub-reject"] == "key:unknown"
    (row,) = lake(settings.raw_dir)
    assert row["event_id"] == ev_id and row["utm_campaign"] == "hiver"
    assert json.loads(row["props"]) == {"noscript": True}


def test_spool_that_cannot_be_written_answers_503(
    settings: Settings, world: DemoWorld, tmp_path: Path
) -> None:
    moved = tmp_path / "spool-moved"
    with TestClient(create_app(settings)) as client:
        settings.spool_dir.rename(moved)  # atomic: the roller may be using the dir
        settings.spool_dir.write_text("not a directory")  # every segment write now fails
        r = client.post("/v1/events", json=event())
        assert r.status_code == 503
        assert r.headers["retry-after"] == "1"
        assert r.json()["error"]["retryable"] is True
        settings.spool_dir.unlink()
        moved.rename(settings.spool_dir)
        assert client.post("/v1/events", json=event()).status_code == 202  # recovers


def test_broken_hub_is_503_then_stale_keys_keep_tracking(
    settings: Settings, world: DemoWorld, hub_con: Any
) -> None:
    hub_con.execute("ALTER TABLE landing_pages RENAME TO landing_pages_away")
    with TestClient(create_app(settings)) as client:
        r = client.post("/v1/events", json=event(), headers={"origin": "https://x.example"})
        assert r.status_code == 503 and r.json()["error"]["code"] == "hub_unavailable"
        assert "access-control-allow-origin" not in r.headers
        hub_con.execute("ALTER TABLE landing_pages_away RENAME TO landing_pages")
        assert client.post("/v1/events", json=event()).status_code == 202  # keys now cached
        hub_con.execute("ALTER TABLE landing_pages RENAME TO landing_pages_away")
        time.sleep(0.6)  # an unknown key now forces a refresh, which fails
        assert client.post("/v1/events", json=event("lp_new")).status_code == 422
        assert client.post("/v1/events", json=event()).status_code == 202  # served stale
    hub_con.execute("ALTER TABLE landing_pages_away RENAME TO landing_pages")


def test_unexpected_exception_is_a_500_in_the_error_shape() -> None:
    from litestar import Litestar, get

    from ingest.errors import unexpected_error_response

    @get("/boom", sync_to_thread=False)
    def boom() -> None:
        raise RuntimeError("secret internals")

    app = Litestar([boom], exception_handlers={Exception: unexpected_error_response})
    with TestClient(app) as client:
        r = client.get("/boom")
    assert r.status_code == 500
    assert r.json()["error"]["code"] == "internal_error"
    assert "secret internals" not in r.text and "Traceback" not in r.text


def test_unreadable_allowed_origins_is_a_503_never_a_500(
    settings: Settings, world: DemoWorld, hub_con: Any
) -> None:
    hub_con.execute("ALTER TABLE allowed_origins RENAME TO allowed_origins_away")
    try:
        with TestClient(create_app(settings)) as client:
            r = client.post("/v1/events", json=event(), headers={"origin": "https://x.example"})
            assert r.status_code == 503 and r.json()["error"]["code"] == "hub_unavailable"
            assert client.post("/v1/events", json=event()).status_code == 202  # no Origin
    finally:
        hub_con.execute("ALTER TABLE allowed_origins_away RENAME TO allowed_origins")
