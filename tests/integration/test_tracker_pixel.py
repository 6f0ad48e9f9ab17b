"""The tracker's last transport, GET /v1/p.gif, with the event exactly as t.js encodes it:
every field as text, booleans included (``consent=false``, ``is_test=true``)."""

from __future__ import annotations

import json
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

AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"


def rows(root: Path) -> list[dict[str, Any]]:
    files = sorted(str(p) for p in root.glob("date=*/*.parquet"))
    if not files:
        return []
    with duckdb.connect() as con:
        cur = con.execute("SELECT * FROM read_parquet(?, union_by_name = true)", [files])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def pixel_query(**fields: Any) -> dict[str, str]:
    """What t.js puts in the pixel URL: objects as JSON, everything else as text."""
    event = {
        "event_id": str(uuid.uuid4()),
        "type": "page_view",
        "key": "lp_solaire_demo",
        "ts": "2026-11-22T10:00:00.000Z",
        "url": "https://lp.example.fr/solaire/",
        "props": {"n": 1},
        "is_test": True,
        **fields,
    }
    return {
        k: json.dumps(v) if isinstance(v, dict) else str(v).lower() if isinstance(v, bool) else v
        for k, v in event.items()
    }


def test_pixel_events_with_and_without_consent_are_accepted(
    settings: Settings, world: DemoWorld
) -> None:
    vid, sid = str(uuid.uuid4()), str(uuid.uuid4())
    cookieless = pixel_query(consent=False)
    consented = pixel_query(consent=True, visitor_id=vid, session_id=sid)
    with TestClient(create_app(settings)) as client:
        answers = [
            client.get("/v1/p.gif", params=q, headers={"user-agent": AGENT})
            for q in (cookieless, consented)
        ]
    assert [(a.status_code, a.headers.get("x-leadhub-reject")) for a in answers] == [
        (200, None),
        (200, None),
    ]
    assert all(a.headers["content-type"] == "image/gif" for a in answers)
    by_id = {r["event_id"]: r for r in rows(settings.raw_dir)}
    assert by_id[cookieless["event_id"]]["visitor_id"].startswith("ck_")
    assert by_id[cookieless["event_id"]]["session_id"].startswith("cks_")
    assert (
        by_id[consented["event_id"]]["visitor_id"],
        by_id[consented["event_id"]]["session_id"],
    ) == (
        vid,
        sid,
    )
    assert json.loads(by_id[consented["event_id"]]["props"])["n"] == 1
