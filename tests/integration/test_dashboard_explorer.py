"""The funnel explorer on a real DuckDB snapshot (polars frames from DuckDB's Arrow result):
breakdown by any dimension with the step-to-step rates, the previous period beside it, daily
and weekly series, another tenant's sessions never shown; the page through Streamlit AppTest."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import explore
from hub.settings import Settings
from tests.integration.test_dashboard_funnel import SOLEIL, TODAY, build_snapshot, env, users

pytestmark = pytest.mark.integration
__all__ = ["env", "users"]  # fixtures used here
EXPLORER = str(Path(explore.__file__).parent / "views" / "explorer.py")

# (days ago, account, lp, source, device, departement, cta, start, submit, leads, sold)
VISITS = [
    (0, "acc_soleil", "lp_sol", "google", "mobile", "69", True, True, True, 1, 1),
    (0, "acc_soleil", "lp_sol", "google", "desktop", None, True, False, False, 0, 0),
    (1, "acc_soleil", "lp_sol", "google", "mobile", None, False, False, False, 0, 0),
    (2, "acc_soleil_solaire", "lp_brand", "facebook", "mobile", "13", True, True, True, 1, 0),
    (9, "acc_soleil", "lp_sol", "google", "mobile", None, False, False, False, 0, 0),  # before
    (0, "acc_eco", "lp_eco", "bing", "tablet", "44", True, True, True, 1, 1),  # another tenant
]
SCOPE = ("acc_soleil", "acc_soleil_solaire")


def add_sessions(path: Path) -> None:
    """A `sessions` table (the model's columns the explorer reads) in the published snapshot."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.sessions")
    os.replace(path, tmp)
    con = duckdb.connect(str(tmp))
    try:
        con.execute(
            "CREATE TABLE sessions (date DATE, account_id VARCHAR, lp_id VARCHAR,"
            " form_id VARCHAR, source VARCHAR, medium VARCHAR, campaign VARCHAR,"
            " variant VARCHAR, device VARCHAR, departement VARCHAR, reached_cta BOOLEAN,"
            " reached_form_start BOOLEAN, reached_submit BOOLEAN, leads INTEGER,"
            " sold_leads INTEGER, is_test BOOLEAN DEFAULT false)"
        )
        for ago, account, lp, source, device, dep, cta, start, submit, leads, sold in VISITS:
            con.execute(
                "INSERT INTO sessions BY POSITION SELECT ?, ?, ?, NULL, ?, 'cpc', 'hiver', 'A',"
                " ?, ?, ?, ?, ?, ?, ?, false",
                [TODAY - timedelta(days=ago), account, lp, source, device, dep, cta, start,
                 submit, leads, sold],
            )  # fmt: skip
    finally:
        con.close()
    os.replace(tmp, path)


@pytest.fixture
def snapshot(settings: Settings) -> Path:
    build_snapshot(settings.warehouse_db, SOLEIL)
    add_sessions(settings.warehouse_db)
    return settings.warehouse_db


def week() -> tuple[date, date]:
    return TODAY - timedelta(days=6), TODAY


def test_breakdown_by_any_dimension_with_rates(snapshot: Path) -> None:
    frame = explore.load(snapshot, SCOPE, *week(), "source")
    table = {r["value"]: r for r in explore.breakdown(frame).to_dicts()}
    assert set(table) == {"google", "facebook"}  # bing is another tenant's
    google = table["google"]
    assert [google[s] for s in explore.STEPS] == [3, 2, 1, 1, 1, 1]
    assert google["cta_rate"] == pytest.approx(2 / 3) and google["sold_leads_rate"] == 1.0
    assert table["facebook"]["sold_leads_rate"] == 0.0
    by_dep = explore.breakdown(explore.load(snapshot, SCOPE, *week(), "departement"))
    assert sorted(by_dep["value"].to_list()) == ["", "13", "69"]
    by_device = explore.breakdown(explore.load(snapshot, SCOPE, *week(), "device"))
    assert by_device.row(0, named=True)["value"] == "mobile"  # most sessions first
    with pytest.raises(ValueError, match="unknown dimension"):
        explore.load(snapshot, SCOPE, *week(), "ip")
    assert explore.load(snapshot, (), *week(), "source").is_empty()


def test_previous_period_and_series(snapshot: Path) -> None:
    start, end = week()
    assert explore.previous_period(start, end) == (start - timedelta(days=7), start - timedelta(1))
    current = explore.load(snapshot, SCOPE, start, end, "lp_id")
    previous = explore.load(snapshot, SCOPE, *explore.previous_period(start, end), "lp_id")
    compared = {r["value"]: r for r in explore.compare(current, previous).to_dicts()}
    assert compared["lp_sol"]["sessions_before"] == 1
    assert compared["lp_sol"]["sessions_change"] == pytest.approx(200.0)  # 1 → 3
    assert compared["lp_brand"]["sessions_change"] is None  # nothing before
    daily = explore.series(current)
    assert daily["sessions"].to_list() == [1, 1, 2]  # 2 days ago, yesterday, today
    weekly = explore.series(explore.load(snapshot, SCOPE, start, end, "source", "week"))
    assert weekly["sessions"].sum() == 4 and all(d.weekday() == 0 for d in weekly["period"])


def test_the_page_breaks_down_compares_and_stays_in_its_tenant(
    snapshot: Path, users: dict[str, str]
) -> None:
    at = AppTest.from_file(EXPLORER, default_timeout=30)
    at.session_state["user_id"] = users["soleil"]
    at.session_state["lang"] = "fr"
    at.run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Explorateur d'entonnoir"]
    table = at.dataframe[0].value
    assert list(table["Valeur"]) == ["google", "facebook"]
    assert list(table["Visites"]) == [4, 1]  # the last 30 days by default
    at.selectbox(key="explorer_dimension").select("lp_id")
    at.checkbox(key="explorer_compare").check()
    at.run()
    table = at.dataframe[0].value
    assert sorted(table["Valeur"]) == ["LP Solaire", "LP Solaire Direct"]
    assert "Évolution visites" in table.columns
    assert any("Période précédente" in c.value for c in at.caption)
    assert "LP Eco Renov" not in table.to_string() and "bing" not in table.to_string()
