"""The dashboard's warehouse readers hand polars frames (DuckDB's Arrow result), typed and
scoped to the caller's accounts, empty ones included."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pytest

from dashboard import acquisition, data
from hub.settings import Settings
from tests.integration.test_dashboard_funnel import SOLEIL, TODAY, build_snapshot
from warehouse.reader import query_df
from warehouse.sql import load

pytestmark = pytest.mark.integration

START, END = TODAY - timedelta(days=30), TODAY
MINE, OTHER = ["acc_soleil"], ["acc_eco"]
AB_COLUMNS = (
    "test_id VARCHAR, scope VARCHAR, account_id VARCHAR, lp_id VARCHAR, lp_name VARCHAR,"
    " form_id VARCHAR, arm VARCHAR, arm_order INTEGER, is_control BOOLEAN, exposures BIGINT,"
    " conversions BIGINT, sold_conversions BIGINT, leads BIGINT, sold_leads BIGINT,"
    " rate DOUBLE, rate_low DOUBLE, rate_high DOUBLE, lift DOUBLE, sold_rate DOUBLE,"
    " sold_rate_low DOUBLE, sold_rate_high DOUBLE, sold_lift DOUBLE, p_best DOUBLE,"
    " p_best_sold DOUBLE, verdict_code VARCHAR, winner VARCHAR, sessions_needed BIGINT,"
    " first_date DATE, last_date DATE"
)


@pytest.fixture
def snapshot(settings: Settings) -> Path:
    """Funnel rows of Soleil, plus acquisition, A/B arms and events of Soleil and Eco."""
    path = settings.warehouse_db
    path.parent.mkdir(parents=True, exist_ok=True)
    build_snapshot(path, SOLEIL)
    con = duckdb.connect(str(path))
    try:
        con.execute(load("schema"))
        con.execute(
            "CREATE TABLE acquisition_daily (date DATE, account_id VARCHAR, lp_id VARCHAR,"
            " source VARCHAR, campaign VARCHAR, sessions BIGINT, leads BIGINT,"
            " sold_leads BIGINT, revenue_eur DECIMAL(12,2), cost_eur DECIMAL(12,2))"
        )
        con.execute(f"CREATE TABLE ab_tests ({AB_COLUMNS})")
        for account in (*MINE, *OTHER):
            con.execute(
                "INSERT INTO acquisition_daily VALUES (?, ?, 'lp', 'google', 'Brand',"
                " 10, 2, 1, 80.5, 40.25)",
                [TODAY, account],
            )
            con.execute(
                "INSERT INTO ab_tests (test_id, scope, account_id, lp_id, lp_name, form_id,"
                " arm, arm_order, is_control, exposures, rate, p_best, sessions_needed,"
                " first_date) VALUES (?, 'lp', ?, 'lp', 'LP', NULL, 'A', 0, true, 5, 0.2,"
                " NULL, NULL, ?)",
                [f"ab:{account}", account, TODAY],
            )
            con.execute(
                "INSERT INTO events (event_id, type, account_id, session_id, ts, received_at,"
                " url, date, lake_date, source_file) VALUES (?, 'page_view', ?, 'ses', ?, ?,"
                " 'https://lp.example.fr/', ?, ?, 'f.parquet')",
                [f"ev_{account}", account, "2026-12-01 09:00:00+00", "2026-12-01 09:00:00+00"]
                + [date(2026, 12, 1)] * 2,
            )
    finally:
        con.close()
    return path


def test_funnel_reader_is_a_typed_polars_frame(snapshot: Path) -> None:
    frame = data.load_funnel(snapshot, MINE, START, END)
    assert isinstance(frame, pl.DataFrame)
    assert frame.schema["revenue_eur"] == pl.Float64 and frame.schema["visits"] == pl.Int64
    assert frame.schema["date"] == pl.Date and frame.columns[:4] == ["date", *data.DIMENSIONS]
    assert data.totals(frame)["revenue_eur"] == 2450.0  # Soleil's rows within 30 days
    empty = data.load_funnel(snapshot, [], START, END)
    assert isinstance(empty, pl.DataFrame) and empty.is_empty()
    assert empty.schema == frame.schema


def test_acquisition_ab_and_events_readers_are_polars_frames(
    snapshot: Path, settings: Settings
) -> None:
    acq = acquisition.load(snapshot, MINE, START, END)
    assert isinstance(acq, pl.DataFrame)
    assert acq.rows() == [("lp", "google", "Brand", 10, 2, 1, 80.5, 40.25)]
    assert acquisition.load(snapshot, [], START, END).schema == acq.schema
    assert acquisition.totals(acq)["cost_per_lead_eur"] == 20.12  # 40.25 / 2, to the cent

    arms = data.load_ab_tests(snapshot, MINE)
    assert isinstance(arms, pl.DataFrame)
    assert arms["test_id"].to_list() == ["ab:acc_soleil"] and arms["form_id"].to_list() == [""]

    events = data.load_session_events(snapshot, MINE, "ses")
    assert isinstance(events, pl.DataFrame)
    assert events["type"].to_list() == ["page_view"]
    assert data.load_session_events(snapshot, MINE, "").is_empty()

    raw = query_df(settings, "SELECT count(*) AS n FROM events WHERE account_id = ?", OTHER)
    assert isinstance(raw, pl.DataFrame) and raw["n"].to_list() == [1]
