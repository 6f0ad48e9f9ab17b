"""Collector hardening through the real app: per-account origins, bots, user agents, cookieless
ids, shared rate limits; and the new lake columns reaching the warehouse next to old files."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from litestar.testing import TestClient

from hub.settings import Settings
from ingest.app import create_app
from leadhub.demo.seed import DemoWorld
from warehouse.events import load_partition
from warehouse.store import open_work

pytestmark = pytest.mark.integration

CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
HEADLESS = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/131.0.0.0 Safari/537.36"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
ECO_ORIGIN = "https://www.isolation-eco.example"  # allowed for acc_eco only
SOLEIL_ORIGIN = "https://www.soleil.example"  # allowed for the acc_soleil entity


def event(key: str = "lp_ite_demo", **extra: Any) -> dict[str, Any]:
    return {"event_id": str(uuid.uuid4()), "type": "page_view", "key": key, **extra}


def lake(root: Path) -> dict[str, dict[str, Any]]:
    files = sorted(str(p) for p in root.glob("date=*/*.parquet"))
    if not files:
        return {}
    with duckdb.connect() as con:
        cur = con.execute("SELECT * FROM read_parquet(?, union_by_name = true)", [files])
        names = [d[0] for d in cur.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cur.fetchall()}


def browser_client(settings: Settings) -> TestClient[Any]:
    client = TestClient(create_app(settings))
    client.headers["user-agent"] = CHROME
    return client


@pytest.fixture
def prod(settings: Settings, world: DemoWorld, hub_con: sqlite3.Connection) -> Settings:
    """Not test mode (bots and loopback origins count), tight limits for the limit tests."""
    hub_con.execute("INSERT INTO allowed_origins VALUES ('acc_eco', ?)", (ECO_ORIGIN,))
    hub_con.execute("INSERT INTO allowed_origins VALUES ('acc_soleil', ?)", (SOLEIL_ORIGIN,))
    return settings.model_copy(update={"allow_private_network": False, "metrics_token": "s3cret"})


@pytest.fixture
def client(prod: Settings) -> Iterator[TestClient[Any]]:
    with browser_client(prod) as test_client:
        yield test_client


def test_origin_must_be_allowed_for_the_keys_own_account(
    prod: Settings, hub_con: sqlite3.Connection
) -> None:
    hub_con.execute(
        "INSERT INTO landing_pages (id, key, account_id, name, url, product_code, created_at)"
        " VALUES ('lp_brand', 'lp_brand_demo', 'acc_soleil_solaire', 'Brand LP',"
        " 'https://www.soleil.example/x/', 'PV', '2026-11-01T00:00:00+00:00')"
    )
    ok, foreign, brand = event(), event("lp_solaire_demo"), event("lp_brand_demo")
    with browser_client(prod) as client:
        r_ok = client.post("/v1/events", json=ok, headers={"origin": ECO_ORIGIN})
        r_foreign = client.post("/v1/events", json=foreign, headers={"origin": ECO_ORIGIN})
        r_brand = client.post("/v1/events", json=brand, headers={"origin": SOLEIL_ORIGIN})
        r_none = client.post("/v1/events", json=event("lp_solaire_demo"))  # no Origin: server
    assert (r_ok.status_code, r_ok.headers["access-control-allow-origin"]) == (202, ECO_ORIGIN)
    assert r_brand.status_code == 202  # an entity's origins cover its brands
    assert r_none.status_code == 202
    # CORS still answers (the origin is allowed for some account), but the event is refused.
    assert r_foreign.status_code == 422
    assert r_foreign.json()["rejected"] == [
        {"index": 0, "event_id": foreign["event_id"], "field": "origin",
         "reason": "origin_not_allowed"}
    ]  # fmt: skip
    assert r_foreign.json()["error"]["fields"][0]["reason"] == "origin_not_allowed"
    accepted = lake(prod.raw_dir)
    assert {ok["event_id"], brand["event_id"]} <= accepted.keys()
    assert foreign["event_id"] not in accepted
    kept = lake(prod.quarantine_dir / "events")[foreign["event_id"]]
    assert (kept["reason"], kept["origin"]) == ("origin_not_allowed", ECO_ORIGIN)
    assert (kept["account_id"], kept["key"]) == ("acc_soleil", "lp_solaire_demo")


def test_bots_are_quarantined_unless_marked_test(prod: Settings) -> None:
    bot, headless, marked = event(), event(), event(is_test=True)
    with browser_client(prod) as client:
        r_bot = client.post("/v1/events", json=bot, headers={"user-agent": GOOGLEBOT})
        r_headless = client.post("/v1/events", json=headless, headers={"user-agent": HEADLESS})
        r_marked = client.post("/v1/events", json=marked, headers={"user-agent": HEADLESS})
        assert r_bot.status_code == r_headless.status_code == 422  # a refusal, never a silent 2xx
        assert r_bot.json()["rejected"][0]["reason"] == "bot"
        assert r_marked.status_code == 202  # tests drive headless Chrome and mark their traffic
    quarantine = lake(prod.quarantine_dir / "events")
    assert quarantine[bot["event_id"]]["reason"] == quarantine[headless["event_id"]]["reason"]
    assert quarantine[bot["event_id"]]["reason"] == "bot"
    assert quarantine[bot["event_id"]]["user_agent"] == GOOGLEBOT  # tagged, kept whole
    row = lake(prod.raw_dir)[marked["event_id"]]
    assert (row["is_test"], row["browser"]) == (True, "HeadlessChrome")


def test_user_agent_is_parsed_into_device_browser_os(prod: Settings) -> None:
    phone, desktop = event(), event()
    with browser_client(prod) as client:
        r_phone = client.post("/v1/events", json=phone, headers={"user-agent": IPHONE})
        assert r_phone.status_code == 202
        assert client.post("/v1/events", json=desktop).status_code == 202
    rows = lake(prod.raw_dir)
    parsed = {k: (r["device"], r["browser"], r["os"]) for k, r in rows.items()}
    assert parsed[phone["event_id"]] == ("mobile", "Mobile Safari", "iOS")
    assert parsed[desktop["event_id"]] == ("desktop", "Chrome", "Windows")


def test_cookieless_events_get_daily_salted_ids(prod: Settings) -> None:
    first, second = event(consent=False), event(consent=False, type="cta_click")
    other = event(consent=False)
    consented = event(consent=True, visitor_id="v-first-party", session_id="s-1")
    sends = ((first, CHROME), (second, CHROME), (other, IPHONE), (consented, CHROME))
    with browser_client(prod) as client:
        for body, agent in sends:
            answer = client.post("/v1/events", json=body, headers={"user-agent": agent})
            assert answer.json() == {"accepted": 1, "rejected": []}
        bad = client.post("/v1/events", json=event(consent="no"))
        assert bad.json()["rejected"][0]["reason"] == "consent:invalid_type"
    rows = lake(prod.raw_dir)
    ids = {k: (rows[k]["visitor_id"], rows[k]["session_id"]) for k in rows}
    visitor, session = ids[first["event_id"]]
    assert visitor.startswith("ck_") and session.startswith("cks_")
    assert ids[second["event_id"]] == (visitor, session)  # same device, same day: one visit
    assert ids[other["event_id"]][0] not in (visitor, None)  # another device
    assert ids[consented["event_id"]] == ("v-first-party", "s-1")
    assert json.loads(rows[first["event_id"]]["props"]) == {"consent": False}
    salts = list((prod.spool_dir / "salts").glob("*.salt"))
    assert len(salts) == 1
    assert salts[0].read_bytes().hex() not in json.dumps(list(rows.values()), default=str)


def test_rate_limits_refuse_with_429_and_store_nothing(prod: Settings) -> None:
    tight = prod.model_copy(update={"rate_limit_ip_requests": 3, "rate_limit_key_events": 4})
    sent = [event() for _ in range(5)]
    with browser_client(tight) as client:
        answers = [client.post("/v1/events", json=body) for body in sent[:3]]
        limited = client.post("/v1/events", json=sent[3])
        metrics = client.get("/metrics", headers={"authorization": "Bearer s3cret"}).text
    assert [a.status_code for a in answers] == [202, 202, 202]
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.json()["error"]["retryable"] is True
    assert limited.json()["error"]["fields"][0]["field"] == "ip"
    assert sent[3]["event_id"] not in lake(tight.raw_dir)
    assert 'leadhub_requests_rate_limited_total{limit="ip"} 1' in metrics
    by_key = prod.model_copy(update={"rate_limit_ip_requests": 100, "rate_limit_key_events": 4})
    with browser_client(by_key) as client:
        too_many = client.post("/v1/events", json={"events": [event() for _ in range(5)]})
    assert too_many.status_code == 429
    assert too_many.json()["error"]["fields"][0]["field"] == "key"


def test_metrics_need_the_token_off_loopback(client: TestClient[Any]) -> None:
    client.post("/v1/events", json=event())
    client.post("/v1/events", json=event("lp_nope"))
    assert client.get("/metrics").status_code == 403  # the test client is not on loopback
    r = client.get("/metrics", headers={"authorization": "Bearer s3cret"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    assert "leadhub_events_accepted_total 1\n" in r.text
    assert 'leadhub_events_quarantined_total{reason="key:unknown"} 1\n' in r.text
    assert 'leadhub_spool_fsync_seconds_bucket{le="+Inf"} 2\n' in r.text
    assert "leadhub_spool_fsync_seconds_count 2\n" in r.text
    assert "# TYPE leadhub_spool_lag_seconds gauge" in r.text
    assert "leadhub_collector_processes 1\n" in r.text


def test_new_columns_reach_the_warehouse_next_to_old_files(prod: Settings) -> None:
    new = event()
    with browser_client(prod) as client:
        r_new = client.post("/v1/events", json=new, headers={"user-agent": IPHONE})
        assert r_new.status_code == 202
    day = next(prod.raw_dir.glob("date=*")).name.removeprefix("date=")
    old_file = prod.raw_dir / f"date={day}" / "old-collector.parquet"
    new_file = next(prod.raw_dir.glob("date=*/*.parquet"))
    received = pq.read_table(new_file).column("received_at")
    old = pa.table(
        {"event_id": ["old-1"], "type": ["page_view"], "received_at": received, "ua": [IPHONE]}
    ).rename_columns(["event_id", "type", "received_at", "user_agent"])
    pq.write_table(old, old_file)  # written before the collector parsed user agents
    with open_work(prod) as con:
        stats = load_partition(con, prod, day)
        rows = con.execute("SELECT event_id, device, browser, os FROM events ORDER BY 1").fetchall()
    assert stats.quarantined_files == 0
    expected = [("old-1", None, None, None), (new["event_id"], "mobile", "Mobile Safari", "iOS")]
    assert rows == sorted(expected)
