"""GET /r/{link_key} through the real collector app: the click in the lake, then the 302."""

from __future__ import annotations

import json
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest
from litestar.testing import TestClient

from hub.db import open_hub
from hub.settings import Settings, load_settings
from ingest.app import create_app
from ingest.collect.spool import Spool
from leadhub.demo.seed import DemoWorld, seed_demo

pytestmark = pytest.mark.integration

VID, SID = str(uuid.uuid4()), str(uuid.uuid4())
LP_URL = "https://lp.example.fr/solaire/?utm_source=google"


def rows(root: Path) -> list[dict[str, Any]]:
    files = sorted(str(p) for p in root.glob("date=*/*.parquet"))
    if not files:
        return []
    with duckdb.connect() as con:
        cur = con.execute("SELECT * FROM read_parquet(?, union_by_name = true)", [files])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def target(world: DemoWorld, link_key: str = "lk_solaire_demo") -> str:
    return next(link["target_url"] for link in world.links if link["link_key"] == link_key)


def query(location: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(location).query)


def test_click_is_recorded_then_302_with_ids_and_campaign(
    settings: Settings, world: DemoWorld
) -> None:
    with TestClient(create_app(settings)) as client:
        r = client.get(
            "/r/lk_solaire_demo",
            params={"lh_vid": VID, "lh_sid": SID, "utm_source": "google", "gclid": "g-1"},
            headers={"referer": LP_URL, "user-agent": "Mozilla/5.0 (X11; Linux) Firefox/130"},
            follow_redirects=False,
        )
    assert r.status_code == 302
    assert r.headers["cache-control"].startswith("no-store")
    location = r.headers["location"]
    assert location.startswith(target(world) + "?")
    assert query(location) == {
        "lh_vid": [VID],
        "lh_sid": [SID],
        "utm_source": ["google"],
        "gclid": ["g-1"],
    }
    [click] = rows(settings.raw_dir)
    assert click["type"] == "cta_click" and click["key"] == "lp_solaire_demo"
    assert click["account_id"] == "acc_soleil" and click["lp_id"].startswith("lp_")
    assert (click["visitor_id"], click["session_id"]) == (VID, SID)
    assert (click["utm_source"], click["gclid"]) == ("google", "g-1")
    assert click["url"] == LP_URL
    assert json.loads(click["props"]) == {
        "href": target(world),
        "link_key": "lk_solaire_demo",
        "via": "redirect",
    }


def test_without_ids_the_server_makes_them_and_carries_them(
    settings: Settings, world: DemoWorld
) -> None:
    with TestClient(create_app(settings)) as client:
        first = client.get("/r/lk_pac_demo", follow_redirects=False)
        bad = client.get("/r/lk_pac_demo?lh_vid=%3Cscript%3E&lh_sid=x", follow_redirects=False)
    ids = [query(r.headers["location"]) for r in (first, bad)]
    for carried in ids:
        uuid.UUID(carried["lh_vid"][0]), uuid.UUID(carried["lh_sid"][0])  # fresh, well formed
    assert ids[0]["lh_vid"] != ids[1]["lh_vid"]
    recorded = {(r["visitor_id"], r["session_id"]) for r in rows(settings.raw_dir)}
    assert recorded == {(c["lh_vid"][0], c["lh_sid"][0]) for c in ids}


def test_refused_consent_carries_no_id_and_records_a_cookieless_click(
    settings: Settings, world: DemoWorld
) -> None:
    with TestClient(create_app(settings)) as client:
        r = client.get("/r/lk_solaire_demo?lh_c=0&utm_source=bing", follow_redirects=False)
    assert r.status_code == 302
    assert query(r.headers["location"]) == {"lh_c": ["0"], "utm_source": ["bing"]}
    [click] = rows(settings.raw_dir)
    # Contract with the collector's enrichment: consent false and no id → daily-salted hash ids.
    assert click["visitor_id"].startswith("ck_") and click["session_id"].startswith("cks_")
    assert click["utm_source"] == "bing"


def test_the_targets_own_parameters_win_except_the_ids(
    settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    hub_con.execute(
        "INSERT INTO links (link_key, account_id, form_id, target_url, created_at)"
        " SELECT 'lk_mail', account_id, id, url || '?utm_source=newsletter&lh_vid=old#top', ''"
        " FROM forms WHERE key = 'fm_ite_demo'"
    )
    with TestClient(create_app(settings)) as client:
        r = client.get(
            "/r/lk_mail",
            params={"utm_source": "google", "utm_medium": "email", "lh_vid": VID, "lh_test": "1"},
            follow_redirects=False,
        )
    location = r.headers["location"]
    assert location.endswith("#top")
    carried = query(location)
    assert carried["utm_source"] == ["newsletter"] and carried["utm_medium"] == ["email"]
    assert carried["lh_vid"] == [VID] and carried["lh_test"] == ["1"]
    [click] = rows(settings.raw_dir)
    assert click["key"] == "fm_ite_demo" and click["form_id"].startswith("frm_")
    assert click["account_id"] == "acc_eco"


def test_unknown_link_is_404_and_the_hit_is_quarantined(
    settings: Settings, world: DemoWorld
) -> None:
    with TestClient(create_app(settings)) as client:
        r = client.get("/r/lk_nope?utm_source=google", follow_redirects=False)
        weird = client.get("/r/" + "x" * 300, follow_redirects=False)
    assert r.status_code == 404 and weird.status_code == 404
    error = r.json()["error"]
    assert error["code"] == "unknown_link"
    assert error["fields"][0]["field"] == "link_key" and error["fields"][0]["reason"] == "unknown"
    assert "location" not in r.headers
    assert rows(settings.raw_dir) == []
    kept = {r["key"]: r for r in rows(settings.quarantine_dir / "events")}
    assert set(kept) == {"link:lk_nope", "link:" + "x" * 100}
    assert kept["link:lk_nope"]["reason"] == "key:unknown"
    assert json.loads(kept["link:lk_nope"]["props"])["props"]["link_key"] == "lk_nope"


def test_a_click_that_cannot_be_made_durable_still_reaches_the_form(
    settings: Settings, world: DemoWorld
) -> None:
    app = create_app(settings)
    with TestClient(app) as client:
        running = app.state.spool
        app.state.spool = Spool(settings.spool_dir, 1.0, 1.0)  # never started: not durable
        try:
            r = client.get("/r/lk_solaire_demo", follow_redirects=False)
            events = client.post("/v1/events", json={"event_id": "e1", "type": "x", "key": "k"})
        finally:
            app.state.spool = running
    assert events.status_code == 503  # the same spool path refuses to acknowledge
    assert r.status_code == 302 and r.headers["location"].startswith(target(world))


def test_test_traffic_flag_is_recorded_outside_test_mode(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path / "prod", test_mode=False)
    settings.ensure_dirs()
    with closing(open_hub(settings.hub_db)) as con:
        seed_demo(con, settings, password="x")
    with TestClient(create_app(settings)) as client:
        client.get("/r/lk_solaire_demo?lh_test=1", follow_redirects=False)
        client.get("/r/lk_solaire_demo", follow_redirects=False)
    assert sorted(r["is_test"] for r in rows(settings.raw_dir)) == [False, True]
