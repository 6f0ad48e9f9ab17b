"""Pure parts of the dashboard: translations, formatting, funnel arithmetic, launcher."""

from __future__ import annotations

import string
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from dashboard import data, i18n, launch
from dashboard.ui import default_range, picked_range
from hub.settings import load_settings, settings_env


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_string_exists_in_both_languages_with_the_same_placeholders() -> None:
    fr, en = i18n.STRINGS["fr"], i18n.STRINGS["en"]
    assert fr.keys() == en.keys()
    for key in fr:
        assert placeholders(fr[key]) == placeholders(en[key]), key


def test_unknown_language_falls_back_to_french() -> None:
    assert i18n.translate("de", "step.visits") == "Visites"
    assert i18n.translate("en", "step.visits") == "Visits"


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("fr", 1234567, "1\u202f234\u202f567"),
        ("en", 1234567, "1,234,567"),
        ("fr", 0, "0"),
    ],
)
def test_fmt_int(lang: str, value: int, expected: str) -> None:
    assert i18n.fmt_int(value, lang) == expected


def test_fmt_money_and_pct() -> None:
    assert i18n.fmt_money(3150.5, "fr") == "3\u202f150,50"
    assert i18n.fmt_money(3150.5, "en") == "3,150.50"
    assert i18n.fmt_pct(600, 1600, "fr") == "37,5\u00a0%"
    assert i18n.fmt_pct(5, 5, "fr") == "100\u00a0%"
    assert i18n.fmt_pct(1, 3, "en") == "33.3%"
    assert i18n.fmt_pct(3, 0, "fr") == "–"


def test_fmt_age() -> None:
    assert i18n.fmt_age(timedelta(seconds=59), "fr") == "0 min"
    assert i18n.fmt_age(timedelta(hours=3), "fr") == "3 h"
    assert i18n.fmt_age(timedelta(days=3), "fr") == "3 j"
    assert i18n.fmt_age(timedelta(days=3), "en") == "3 d"


def frame() -> pl.DataFrame:
    d1, d2 = date(2026, 3, 28), date(2026, 3, 30)
    rows = [
        (d1, "lp1", "f1", "google", 100, 90, 50, 20, 10, 8, 4, 4, 140.0),
        (d2, "lp1", "f1", "", 50, 40, 10, 5, 2, 2, 1, 1, 35.5),
        (d2, "lp2", "", "google", 10, 10, 0, 0, 0, 0, 0, 0, 0.0),
    ]
    cols = [
        "date",
        "lp_id",
        "form_id",
        "source",
        "visits",
        "unique_visitors",
        "cta_clicks",
        "form_starts",
        "form_submits",
        "leads",
        "sold_leads",
        "unused",
        "revenue_eur",
    ]
    return pl.DataFrame(rows, schema=cols, orient="row").drop("unused")


def test_filters_and_totals() -> None:
    f = frame()
    assert data.totals(f)["visits"] == 160
    assert data.totals(f)["revenue_eur"] == 175.5
    assert data.totals(data.apply_filters(f, lp_ids=["lp1"]))["visits"] == 150
    assert data.totals(data.apply_filters(f, sources=[""]))["visits"] == 50
    assert data.totals(data.apply_filters(f, ["lp1"], ["f1"], ["google"]))["leads"] == 8
    assert data.apply_filters(f, lp_ids=["nope"]).is_empty()
    assert data.apply_filters(f).equals(f)


def test_daily_fills_missing_days_with_zeros() -> None:
    per_day = data.daily(frame(), date(2026, 3, 27), date(2026, 3, 31))
    assert per_day["visits"].to_list() == [0, 100, 0, 60, 0]
    empty = data.daily(data.empty_funnel(), date(2026, 3, 27), date(2026, 3, 28))
    assert empty["revenue_eur"].to_list() == [0, 0]


def test_breakdown_and_options() -> None:
    table = data.breakdown(frame())
    assert table.select("lp_id", "source", "visits", "conversion").rows() == [
        ("lp1", "google", 100, 8.0),
        ("lp1", "", 50, 4.0),
        ("lp2", "google", 10, 0.0),
    ]
    assert data.options(frame(), "lp_id", ["lp3", "lp1"]) == ["lp3", "lp1", "lp2"]
    assert data.breakdown(data.empty_funnel()).is_empty()


def test_date_range_helpers() -> None:
    today = date(2026, 3, 29)
    assert default_range(today) == (date(2026, 2, 28), today)
    fallback = default_range(today)
    assert picked_range((date(2026, 3, 1), date(2026, 3, 5)), fallback) == (
        date(2026, 3, 1),
        date(2026, 3, 5),
    )
    assert picked_range((date(2026, 3, 1),), fallback) == (date(2026, 3, 1), date(2026, 3, 1))
    assert picked_range((), fallback) == fallback


def test_launch_command_and_environment(tmp_path: Path) -> None:
    settings = load_settings(
        data_dir=tmp_path, host="127.0.0.2", dashboard_port=8765, allow_private_network=True
    )
    cmd = launch.command(settings)
    assert cmd[1:4] == ["-m", "dashboard.server", "run"]
    assert Path(cmd[4]) == launch.APP and launch.APP.is_file()
    opts = dict(zip(cmd[5::2], cmd[6::2], strict=True))
    assert opts["--server.address"] == "127.0.0.2"
    assert opts["--server.port"] == "8765"
    assert opts["--server.headless"] == "true"
    assert opts["--browser.gatherUsageStats"] == "false"
    env = launch.environment(settings, base={"PATH": "/bin", "PYTHONPATH": "/x"})
    assert env["PATH"] == "/bin"
    assert env["PYTHONPATH"].split(":") == [str(launch.APP.parent.parent), "/x"]
    assert env["LEADHUB_DATA_DIR"] == str(tmp_path)
    assert env["LEADHUB_ALLOW_PRIVATE_NETWORK"] == "true"


def test_settings_round_trip_through_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(
        data_dir=tmp_path, dashboard_port=8765, allow_private_network=True, spool_roll_seconds=0.5
    )
    for key, value in settings_env(settings).items():
        monkeypatch.setenv(key, value)
    assert load_settings() == settings
