"""The warehouse table ``tracking_health``, built by the real pipeline run and published."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from pipelines.runner import run_once
from tests.integration.test_health_alerts import lp_events, write_lake
from warehouse.lakeview import PARIS
from warehouse.reader import query

pytestmark = pytest.mark.integration
# Two days ago at 09:xx Paris: a whole past day, whatever the time the test runs.
DAY = (datetime.now(PARIS) - timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)


def test_tracking_health_per_day_lp_and_form(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    at = DAY.astimezone(UTC)
    solaire = lp_events(
        hub_con, "lp_solaire_demo", [at + timedelta(minutes=10 * i) for i in range(9)]
    )
    form = hub_con.execute(
        "SELECT id, lp_id, url FROM forms WHERE key = 'fm_solaire_demo'"
    ).fetchone()
    form_events = [
        {
            **solaire[0],
            "key": "fm_solaire_demo",
            "form_id": form["id"],
            "url": form["url"],
            "received_at": at + timedelta(hours=3),
        }
    ]
    write_lake(settings, solaire + form_events)
    write_lake(settings, [{**solaire[0], "key": "lp_solaire_demo"}], reason="bot")
    # unknown keys: one from the form page (attributed to the form by URL), two from nowhere
    write_lake(settings, [{**form_events[0], "key": "fm_typo"}], reason="key:unknown")
    write_lake(
        settings,
        [{"key": "x", "url": "https://ailleurs.fr/", "received_at": at}] * 2,
        reason="key:unknown",
    )
    # a truncated quarantine file must not stop the run
    bad = settings.quarantine_dir / "events" / f"date={DAY.date()}" / "seg-broken.parquet"
    bad.write_bytes(b"PAR1 truncated")

    run_once(settings)

    rows = query(
        settings,
        "SELECT target_kind, key, events, quarantined, quarantine_rate, top_reason, first_event_at,"
        " last_event_at, active_hours, peak_hour_events, events_per_hour"
        " FROM tracking_health WHERE date = ? ORDER BY target_kind, key",
        [DAY.date()],
    )
    by_kind = {(r["target_kind"], r["key"]): r for r in rows}
    assert set(by_kind) == {
        ("lp", "lp_solaire_demo"),
        ("form", "fm_solaire_demo"),
        ("unattributed", None),
    }
    lp = by_kind[("lp", "lp_solaire_demo")]
    assert (lp["events"], lp["quarantined"], lp["top_reason"]) == (9, 1, "bot")
    assert lp["quarantine_rate"] == pytest.approx(0.1)
    assert (lp["first_event_at"], lp["last_event_at"]) == (at, at + timedelta(minutes=80))
    assert (lp["active_hours"], lp["peak_hour_events"]) == (2, 6)  # 09:00-09:50, 10:00-10:20
    midnight = datetime(DAY.year, DAY.month, DAY.day, tzinfo=PARIS)
    next_midnight = (midnight + timedelta(days=1)).replace(tzinfo=PARIS)
    hours = (next_midnight.astimezone(UTC) - midnight.astimezone(UTC)).total_seconds() / 3600
    assert lp["events_per_hour"] == round(9 / hours, 3)  # 23 or 25 on DST change days
    fm = by_kind[("form", "fm_solaire_demo")]
    assert (fm["events"], fm["quarantined"], fm["top_reason"]) == (1, 1, "key:unknown")
    nowhere = by_kind[("unattributed", None)]
    assert (nowhere["events"], nowhere["quarantined"]) == (0, 2)
