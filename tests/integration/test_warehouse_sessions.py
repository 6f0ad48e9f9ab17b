"""sessions and lead_attribution on real DuckDB, at their edges: gaps of 29 and 31 minutes,
Paris midnight, both DST nights, a campaign change mid-session, events arriving out of order, a
client clock two hours off (corrected as received - (sent_at - ts)), cookieless daily ids, and a
lead's first and last touch."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import duckdb
import pytest

from warehouse.models import build_model
from warehouse.sql import load

pytestmark = pytest.mark.integration

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 10:00 in Paris
_ids = itertools.count()


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    c = duckdb.connect()
    c.execute(load("schema"))
    c.execute(
        "CREATE TABLE leads (id VARCHAR, account_id VARCHAR, form_id VARCHAR, status VARCHAR,"
        " visitor_id VARCHAR, session_id VARCHAR, is_test BOOLEAN, created_at TIMESTAMPTZ,"
        " departement VARCHAR DEFAULT '69')"
    )
    c.execute("CREATE TABLE deliveries (lead_id VARCHAR, status VARCHAR, price_eur DECIMAL(12,2))")
    yield c
    c.close()


def ev(at: datetime, visitor: str = "v1", type_: str = "page_view", **extra: Any) -> dict[str, Any]:
    return {
        "event_id": f"e{next(_ids):04d}",
        "type": type_,
        "visitor_id": visitor,
        "session_id": extra.pop("session_id", f"s-{visitor}"),
        "received_at": at,
        "url": "https://solaire.example/lp/",
        "date": at.date(),
        "lake_date": at.date(),
        "source_file": "f.parquet",
        **extra,
    }


def sessions(
    con: duckdb.DuckDBPyConnection,
    events: Sequence[dict[str, Any]],
    leads: Sequence[dict[str, Any]] = (),
) -> list[dict[str, Any]]:
    for row in events:
        cols = ", ".join(row)
        con.execute(f"INSERT INTO events ({cols}) VALUES ({', '.join('?' * len(row))})",
                    list(row.values()))  # fmt: skip
    for lead in leads:
        con.execute(
            "INSERT INTO leads VALUES (?, 'acc', 'frm', 'sold', ?, ?, false, ?, '69')",
            [lead["id"], lead["visitor_id"], lead.get("session_id"), lead["created_at"]],
        )
        con.execute("INSERT INTO deliveries VALUES (?, 'delivered', 35)", [lead["id"]])
    for model in ("sessions_core", "lead_attribution", "sessions"):
        build_model(con, model)
    cur = con.execute("SELECT * FROM sessions ORDER BY started_at")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def test_gaps_of_29_and_31_minutes(con: duckdb.DuckDBPyConnection) -> None:
    at = [T0, T0 + timedelta(minutes=29), T0 + timedelta(minutes=60)]  # 29 then 31
    got = sessions(con, [ev(t) for t in at])
    assert [s["events"] for s in got] == [2, 1]
    assert got[0]["duration_s"] == 29 * 60 and got[0]["date"].isoformat() == "2026-11-20"


def test_paris_midnight_cuts_and_dst_nights_do_not(con: duckdb.DuckDBPyConnection) -> None:
    winter = datetime(2026, 11, 20, 22, 50, tzinfo=UTC)  # 23:50 Paris (UTC+1)
    spring = datetime(2026, 3, 29, 0, 50, tzinfo=UTC)  # 01:50 CET, then 03:05 CEST
    autumn = datetime(2026, 10, 25, 0, 50, tzinfo=UTC)  # 02:50 CEST, then 02:10 CET
    summer = datetime(2026, 7, 1, 21, 55, tzinfo=UTC)  # 23:55 Paris (UTC+2)
    events = [
        ev(winter, "w"), ev(winter + timedelta(minutes=15), "w"),
        ev(spring, "s"), ev(spring + timedelta(minutes=15), "s"),
        ev(autumn, "a"), ev(autumn + timedelta(minutes=20), "a"),
        ev(summer, "u"), ev(summer + timedelta(minutes=10), "u"),
    ]  # fmt: skip
    by_visitor: dict[str, list[Any]] = {}
    for s in sessions(con, events):
        by_visitor.setdefault(s["visitor_id"], []).append(s["date"].isoformat())
    assert by_visitor == {
        "w": ["2026-11-20", "2026-11-21"],  # midnight in Paris, 15 minutes apart
        "s": ["2026-03-29"],  # the hour that does not exist
        "a": ["2026-10-25"],  # the hour that happens twice
        "u": ["2026-07-01", "2026-07-02"],
    }


def test_a_campaign_change_starts_a_session(con: duckdb.DuckDBPyConnection) -> None:
    events = [
        ev(T0, utm_source="google", utm_campaign="pv-hiver"),
        ev(T0 + timedelta(minutes=2)),  # untagged: same session
        ev(T0 + timedelta(minutes=5), utm_source="facebook", utm_campaign="pac-promo"),
        ev(T0 + timedelta(minutes=7), type_="cta_click"),
        ev(T0 + timedelta(minutes=9), utm_source="facebook", utm_campaign="pac-promo"),
    ]
    got = sessions(con, events)
    assert [(s["source"], s["campaign"], s["events"]) for s in got] == [
        ("google", "pv-hiver", 2),
        ("facebook", "pac-promo", 3),
    ]
    assert [s["reached_cta"] for s in got] == [False, True]


def test_out_of_order_arrival_gives_the_same_sessions(con: duckdb.DuckDBPyConnection) -> None:
    times = [T0, T0 + timedelta(minutes=10), T0 + timedelta(minutes=50), T0 + timedelta(hours=1)]
    events = [ev(t) for t in times]
    got = sessions(con, list(reversed(events)))
    assert [s["events"] for s in got] == [2, 2]
    assert got[0]["started_at"] == T0


def test_a_skewed_client_clock_is_corrected(con: duckdb.DuckDBPyConnection) -> None:
    """Two events 40 minutes apart, queued offline and sent together with a clock 2 h fast:
    received together, they are still two visits."""
    skew = timedelta(hours=2)
    sent = T0 + timedelta(minutes=41)
    received = sent + timedelta(seconds=1)
    events = [
        ev(received, ts=T0 + skew, sent_at=sent + skew),
        ev(received, ts=T0 + timedelta(minutes=40) + skew, sent_at=sent + skew),
        ev(received + timedelta(minutes=1)),  # no client times: its received time
    ]
    got = sessions(con, events)
    assert [s["events"] for s in got] == [1, 2]
    assert got[0]["started_at"] == T0 + timedelta(seconds=1)


def test_cookieless_daily_ids_get_sessions(con: duckdb.DuckDBPyConnection) -> None:
    events = [
        ev(T0, "d:2026-11-20:ab12", session_id=None),
        ev(T0 + timedelta(minutes=3), "d:2026-11-20:ab12", type_="cta_click", session_id=None),
        ev(T0, visitor=None, session_id=None),  # no id at all: a visit of its own
    ]
    got = sessions(con, events)
    assert sorted(s["events"] for s in got) == [1, 2]


def test_lead_first_and_last_touch(con: duckdb.DuckDBPyConnection) -> None:
    day2 = T0 + timedelta(days=1)
    events = [
        ev(T0, utm_source="google", utm_medium="cpc", utm_campaign="pv"),
        ev(day2, referrer="https://www.qwant.com/?q=panneaux"),
        ev(day2 + timedelta(minutes=4), type_="form_submit"),
    ]
    lead = {"id": "lead1", "visitor_id": "v1", "created_at": day2 + timedelta(minutes=4)}
    got = sessions(con, events, [lead])
    assert [(s["source"], s["leads"], s["sold_leads"]) for s in got] == [
        ("google", 0, 0),
        ("www.qwant.com", 1, 1),
    ]
    assert got[1]["lead_id"] == "lead1" and got[1]["reached_submit"]
    assert [s["departement"] for s in got] == [None, "69"]
    row = con.execute(
        "SELECT first_source, first_campaign, last_source, sessions_before_lead,"
        " seconds_to_lead, sold, revenue_eur FROM lead_attribution"
    ).fetchone()
    assert row is not None
    assert row[:4] == ("google", "pv", "www.qwant.com", 2)
    assert row[4] == 86400 + 240 and row[5] is True and float(row[6]) == 35.0
