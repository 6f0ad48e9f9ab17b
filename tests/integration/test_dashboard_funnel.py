"""Funnel page on a real DuckDB snapshot: numbers, filters, tenancy, cache, connections."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import dashboard
from hub.db import new_id, now_iso, transaction
from hub.security import hash_password
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration

FUNNEL = Path(dashboard.__file__).parent / "views" / "funnel.py"
TODAY = datetime.now(ZoneInfo("Europe/Paris")).date()
NNBSP = "\u202f"  # French thousands separator
NBSP = "\u00a0"

Row = tuple[date, str, str | None, str | None, str | None, int, int, int, int, int, int, int, str]
SOLEIL: list[Row] = [
    (
        TODAY,
        "acc_soleil",
        "lp_sol",
        "fm_sol",
        "google",
        1000,
        900,
        400,
        200,
        100,
        80,
        60,
        "2100.00",
    ),
    (TODAY, "acc_soleil", "lp_sol", "fm_sol", "google", 234, 200, 100, 50, 20, 20, 10, "350.00"),
    (
        TODAY - timedelta(days=5),
        "acc_soleil_solaire",
        "lp_brand",
        "fm_brand",
        "facebook",
        300,
        250,
        90,
        45,
        30,
        25,
        20,
        "700.50",
    ),
    (
        TODAY - timedelta(days=10),
        "acc_soleil",
        "lp_sol",
        "fm_sol",
        None,
        66,
        60,
        10,
        5,
        2,
        1,
        0,
        "0.00",
    ),
    # Older than the default 30 days.
    (
        TODAY - timedelta(days=40),
        "acc_soleil",
        "lp_sol",
        "fm_sol",
        "google",
        5000,
        4000,
        1000,
        500,
        300,
        200,
        100,
        "3500.00",
    ),
]
ECO: list[Row] = [
    (
        TODAY,
        "acc_eco",
        "lp_eco",
        "fm_eco",
        "google",
        7777,
        7000,
        6666,
        5555,
        4444,
        3333,
        2222,
        "99999.99",
    ),
]
ECO_MARKERS = (
    "7777",
    f"7{NNBSP}777",
    "99999",
    f"99{NNBSP}999",
    "LP Eco Renov",
    "lp_eco",
    "Formulaire Eco",
    "fm_eco",
)


def build_snapshot(path: Path, rows: Sequence[Row]) -> None:
    """Write a warehouse snapshot like the pipeline does: build aside, then os.replace."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    con = duckdb.connect(str(tmp))
    try:
        con.execute(
            "CREATE TABLE funnel_daily (date DATE, account_id VARCHAR, lp_id VARCHAR,"
            " form_id VARCHAR, source VARCHAR, campaign VARCHAR, variant VARCHAR,"
            " device VARCHAR, visits BIGINT, unique_visitors BIGINT, cta_clicks BIGINT,"
            " form_starts BIGINT, form_submits BIGINT, leads BIGINT, sold_leads BIGINT,"
            " revenue_eur DECIMAL(12,2), is_test BOOLEAN DEFAULT false)"
        )
        con.executemany(
            "INSERT INTO funnel_daily BY POSITION SELECT ?, ?, ?, ?, ?, 'camp', 'A', 'mobile',"
            " ?, ?, ?, ?, ?, ?, ?, ?, ?",
            [[*r, False] if len(r) == 13 else list(r) for r in rows],
        )
        con.execute(
            "CREATE TABLE landing_pages (id VARCHAR, key VARCHAR, account_id VARCHAR,"
            " name VARCHAR, url VARCHAR, product_code VARCHAR)"
        )
        con.execute(
            "CREATE TABLE forms (id VARCHAR, key VARCHAR, account_id VARCHAR,"
            " lp_id VARCHAR, name VARCHAR, url VARCHAR)"
        )
        for lp, form, account, name in (
            ("lp_sol", "fm_sol", "acc_soleil", "LP Solaire"),
            ("lp_brand", "fm_brand", "acc_soleil_solaire", "LP Solaire Direct"),
            ("lp_eco", "fm_eco", "acc_eco", "LP Eco Renov"),
        ):
            con.execute(
                "INSERT INTO landing_pages VALUES (?, ?, ?, ?, 'https://x/', 'PV')",
                [lp, lp, account, name],
            )
            con.execute(
                "INSERT INTO forms VALUES (?, ?, ?, ?, ?, 'https://x/f')",
                [form, form, account, lp, name.replace("LP", "Formulaire")],
            )
    finally:
        con.close()
    os.replace(tmp, path)


def add_user(con: sqlite3.Connection, email: str, password: str, account_id: str) -> str:
    user_id = new_id("usr")
    with transaction(con):
        con.execute(
            "INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
            (user_id, email, email.split("@")[0], hash_password(password), now_iso()),
        )
        con.execute("INSERT INTO memberships VALUES (?, ?, 'marketer')", (user_id, account_id))
    return user_id


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LEADHUB_ALLOW_PRIVATE_NETWORK", "true")
    return settings


@pytest.fixture
def users(env: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> dict[str, str]:
    return {
        "soleil": add_user(hub_con, "marketer@soleil.test", "pw-soleil", "acc_soleil"),
        "eco": add_user(hub_con, "ops@eco.test", "pw-eco", "acc_eco"),
    }


def page(user_id: str | None, lang: str = "fr") -> AppTest:
    at = AppTest.from_file(FUNNEL, default_timeout=30)
    if user_id:
        at.session_state["user_id"] = user_id
    at.session_state["lang"] = lang
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    assert not at.exception, at.exception
    return {m.label: m.value for m in at.metric}


def rendered_text(at: AppTest) -> str:
    """Everything a user can read: texts, metrics, options, tables, chart data."""
    parts: list[str] = []
    for node in [*at.main, *at.sidebar]:
        for attr in ("value", "label", "delta", "options"):
            value = getattr(node, attr, None)
            if isinstance(value, str | list):
                parts.append(str(value))
        if node.type == "plotly_chart":  # the traces, not the theme template
            parts.append(json.dumps(json.loads(node.proto.spec)["data"]))
    parts.extend(df.value.to_string() for df in at.dataframe)
    return "\n".join(parts)


def test_funnel_shows_the_users_accounts_and_sub_accounts_only(
    env: Settings, users: dict[str, str]
) -> None:
    build_snapshot(env.warehouse_db, SOLEIL + ECO)
    at = page(users["soleil"])
    assert metrics(at) == {
        "Visites": f"1{NNBSP}600",
        "Clics CTA": "600",
        "Débuts de formulaire": "300",
        "Formulaires envoyés": "152",
        "Leads": "126",
        "Leads vendus": "90",
        "Chiffre d'affaires (€)": f"3{NNBSP}150,50",
    }
    notes = [c.value for c in at.caption]
    assert f"Clics CTA / Visites : 37,5{NBSP}%" in notes
    assert f"Leads vendus / Leads : 71,4{NBSP}%" in notes
    assert f"Par lead vendu : 35,01{NBSP}€" in notes
    text = rendered_text(at)
    assert "LP Solaire Direct" in text  # the sub-account's LP is in scope
    for marker in ECO_MARKERS:
        assert marker not in text, marker
    table = at.dataframe[0].value
    assert sorted(table["Landing page"]) == ["LP Solaire", "LP Solaire", "LP Solaire Direct"]
    assert table["Visites"].sum() == 1600


def test_test_traffic_stays_out_of_the_funnel(env: Settings, users: dict[str, str]) -> None:
    smoke = (TODAY, "acc_soleil", "lp_sol", "fm_sol", "google", 900, 900, 900, 900, 900, 900, 900,
             "900.00", True)  # fmt: skip
    build_snapshot(env.warehouse_db, [*SOLEIL, smoke])  # type: ignore[list-item]
    assert metrics(page(users["soleil"]))["Visites"] == f"1{NNBSP}600"


def test_cache_never_crosses_tenants(env: Settings, users: dict[str, str]) -> None:
    build_snapshot(env.warehouse_db, SOLEIL + ECO)
    soleil, eco = page(users["soleil"]), page(users["eco"])
    assert metrics(soleil)["Visites"] == f"1{NNBSP}600"
    assert metrics(eco)["Visites"] == f"7{NNBSP}777"
    assert metrics(eco)["Chiffre d'affaires (€)"] == f"99{NNBSP}999,99"
    assert "LP Solaire" not in rendered_text(eco)


def test_date_lp_and_source_filters(env: Settings, users: dict[str, str]) -> None:
    build_snapshot(env.warehouse_db, SOLEIL + ECO)
    at = page(users["soleil"])
    at.date_input(key="funnel_dates").set_value(
        (TODAY - timedelta(days=6), TODAY - timedelta(days=1))
    ).run()
    assert metrics(at)["Visites"] == "300"
    assert metrics(at)["Chiffre d'affaires (€)"] == "700,50"

    at.date_input(key="funnel_dates").set_value((TODAY - timedelta(days=45), TODAY)).run()
    assert metrics(at)["Visites"] == f"6{NNBSP}600"
    at.multiselect(key="funnel_lps").set_value(["lp_sol"]).run()
    assert metrics(at)["Visites"] == f"6{NNBSP}300"
    at.multiselect(key="funnel_sources").set_value([""]).run()
    assert metrics(at)["Visites"] == "66"
    assert metrics(at)["Leads vendus"] == "0"
    assert at.multiselect(key="funnel_sources").options == ["(direct)", "facebook", "google"]

    at.date_input(key="funnel_dates").set_value(
        (TODAY - timedelta(days=400), TODAY - timedelta(days=300))
    ).run()
    assert metrics(at)["Visites"] == "0"
    assert at.info[0].value == "Aucune donnée pour cette période et ces filtres."
    assert not at.dataframe


def test_missing_snapshot_is_a_message_not_an_error(env: Settings, users: dict[str, str]) -> None:
    at = page(users["soleil"])
    assert not at.exception
    assert not at.metric
    assert at.info[0].value.startswith("Aucune donnée publiée pour l'instant")


def test_unreadable_snapshot_is_a_clear_error(env: Settings, users: dict[str, str]) -> None:
    con = duckdb.connect(str(env.warehouse_db))
    con.execute("CREATE TABLE something_else (i INTEGER)")
    con.close()
    at = page(users["soleil"])
    assert not at.exception
    assert at.error[0].value.startswith("Impossible de lire les données publiées")


def test_no_connection_stays_open_and_new_snapshots_show(
    env: Settings, users: dict[str, str]
) -> None:
    build_snapshot(env.warehouse_db, SOLEIL + ECO)
    at = page(users["soleil"])
    assert metrics(at)["Visites"] == f"1{NNBSP}600"
    # Another process can take the write lock right after the page run.
    writer = (
        "import duckdb, sys; c = duckdb.connect(sys.argv[1]);"
        " c.execute('CREATE TABLE probe (i INTEGER)'); c.close()"
    )
    done = subprocess.run(
        [sys.executable, "-c", writer, str(env.warehouse_db)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # A newly published snapshot is read on the next run (the cache is keyed by version).
    build_snapshot(env.warehouse_db, [(*SOLEIL[0][:5], 5, 5, 5, 5, 5, 5, 5, "1.00")])
    assert metrics(at.run())["Visites"] == "5"


def test_english_labels_and_number_format(env: Settings, users: dict[str, str]) -> None:
    build_snapshot(env.warehouse_db, SOLEIL)
    values = metrics(page(users["soleil"], lang="en"))
    assert values["Visits"] == "1,600"
    assert values["Revenue (€)"] == "3,150.50"


def test_signed_out_sees_no_numbers(env: Settings, users: dict[str, str]) -> None:
    build_snapshot(env.warehouse_db, SOLEIL)
    at = page(None)
    assert not at.exception
    assert not at.metric
    assert at.warning[0].value == "Connectez-vous pour voir cette page."
