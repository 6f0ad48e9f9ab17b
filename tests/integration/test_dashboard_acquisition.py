"""The acquisition and profit page (Streamlit AppTest) on a real DuckDB snapshot and hub: the
user's accounts only, ratios recomputed from sums, data freshness shown; a marketer imports a
CSV through the costs service (a refused file shows each bad line, nothing written); a viewer
has no uploader."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import dashboard
from hub.calendar import PARIS
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from tests.integration.apptest import make_users, open_page, signed_in, use_data_dir

pytestmark = pytest.mark.integration

PAGE = Path(dashboard.__file__).parent / "views" / "acquisition.py"
TODAY = datetime.now(PARIS).date()
GOOD = "date;source;campaign;cost\n{d};google;Brand;12,50\n{d};facebook;Promo;7\n"
BAD = "date,source,campaign,cost\n{d},google,Brand,10\n{d},google,,dix\n"


def build_snapshot(path: Path) -> None:
    """A snapshot with acquisition_daily for Soleil (two LPs) and Eco, like the pipeline's."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    con = duckdb.connect(str(tmp))
    try:
        con.execute(
            "CREATE TABLE acquisition_daily (date DATE, account_id VARCHAR, lp_id VARCHAR,"
            " source VARCHAR, campaign VARCHAR, sessions BIGINT, leads BIGINT,"
            " sold_leads BIGINT, revenue_eur DECIMAL(12,2), cost_eur DECIMAL(12,2))"
        )
        yesterday = TODAY - timedelta(days=1)
        con.executemany(
            "INSERT INTO acquisition_daily VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (TODAY, "acc_soleil", "lp_sol", "google", "Brand", 100, 4, 2, 80, 40),
                (yesterday, "acc_soleil", "lp_sol", "google", "Brand", 50, 1, 1, 40, 20),
                (TODAY, "acc_soleil", "lp_pac", "google", "Brand", 30, 0, 0, 0, 15),
                (TODAY, "acc_eco", "lp_eco", "google", "EcoSecret", 7777, 99, 98, 55555, 4242),
            ],
        )
        con.execute(
            "CREATE TABLE landing_pages (id VARCHAR, key VARCHAR, account_id VARCHAR,"
            " name VARCHAR, url VARCHAR, product_code VARCHAR)"
        )
        con.execute(
            "CREATE TABLE forms (id VARCHAR, key VARCHAR, account_id VARCHAR,"
            " lp_id VARCHAR, name VARCHAR, url VARCHAR)"
        )
        con.execute(
            "INSERT INTO landing_pages VALUES ('lp_sol', 'sol', 'acc_soleil', 'LP Solaire',"
            " 'https://x/', 'PV')"
        )
    finally:
        con.close()
    os.replace(tmp, path)


@pytest.fixture
def people(
    settings: Settings,
    hub_con: sqlite3.Connection,
    world: DemoWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, str]:
    use_data_dir(settings, monkeypatch)
    made = make_users(
        hub_con,
        [(f"{role}@soleil-habitat.fr", role, "acc_soleil") for role in ("marketer", "viewer")],
    )
    return {email.split("@")[0]: user_id for email, user_id in made.items()}


def page(user_id: str, lang: str = "fr") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["user_id"] = user_id
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def test_figures_of_the_users_accounts_with_ratios_from_sums(
    settings: Settings, people: dict[str, str]
) -> None:
    build_snapshot(settings.warehouse_db)
    at = page(people["viewer"])
    cards = {m.label: m.value for m in at.metric}
    assert cards["Dépenses (€)"] == "75,00"
    assert cards["Coût par lead (€)"] == "15,00"  # 75 / 5 leads, not an average of ratios
    assert cards["Marge (€)"] == "45,00"
    assert cards["ROAS"] == "1,60"
    assert any("Données publiées le" in c.value for c in at.caption)
    assert any(c.value == "Aucune dépense importée." for c in at.caption)
    at.radio(key="acq_by").set_value("lp").run()
    table = at.dataframe[0].value
    assert list(table["Landing page"]) == ["LP Solaire", "lp_pac"]
    assert list(table["Dépenses (€)"]) == [60.0, 15.0]
    assert list(table["Coût par lead (€)"].fillna(-1)) == [12.0, -1]
    text = "\n".join([*(m.value for m in at.metric), table.to_string()])
    assert "EcoSecret" not in text and "4242" not in text and "7777" not in text
    assert not at.file_uploader  # a viewer imports nothing
    assert not [b for b in at.button if b.label == "Importer"]


def test_marketer_imports_a_csv_and_a_bad_file_names_its_lines(
    settings: Settings, hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = page(people["marketer"])  # no snapshot yet: the upload is still there
    assert any(i.value.startswith("Aucune donnée publiée") for i in at.info)
    uploader = at.file_uploader[0]
    uploader.set_value(("bad.csv", BAD.format(d=TODAY).encode(), "text/csv"))
    at.run()
    [button] = [b for b in at.button if b.label == "Importer"]
    button.click().run()
    assert not at.exception, at.exception
    [error] = at.error
    assert "Ligne 3 : campagne manquante." in error.value and "**line 3.cost**" in error.value
    assert hub_con.execute("SELECT count(*) FROM ad_costs").fetchone()[0] == 0
    at.file_uploader[0].set_value(("google.csv", GOOD.format(d=TODAY).encode(), "text/csv"))
    at.selectbox(key="acq_account").set_value("acc_soleil").run()
    next(b for b in at.button if b.label == "Importer").click().run()
    assert not at.exception, at.exception
    [done] = at.success
    assert "2 ligne(s) importée(s)" in done.value and "19,50 € au total" in done.value
    stored = hub_con.execute(
        "SELECT account_id, source, cost_cents FROM ad_costs ORDER BY source"
    ).fetchall()
    assert [tuple(r) for r in stored] == [
        ("acc_soleil", "facebook", 700),
        ("acc_soleil", "google", 1250),
    ]
    actor = hub_con.execute("SELECT actor FROM activity_log WHERE action = 'costs.imported'")
    assert actor.fetchone()[0] == f"user:{people['marketer']}"
    again = page(people["marketer"])
    assert any(c.value.startswith("Dernier import de dépenses :") for c in again.caption)


def test_in_the_menu_through_the_app_and_in_english(
    settings: Settings, people: dict[str, str]
) -> None:
    build_snapshot(settings.warehouse_db)
    at = signed_in("marketer@soleil-habitat.fr")
    at.session_state["lang"] = "en"
    at = open_page(at, "acquisition.py")
    assert [t.value for t in at.title] == ["Acquisition and profit"]
    assert {m.label: m.value for m in at.metric}["Cost per lead (€)"] == "15.00"
    assert [u.label for u in at.file_uploader] == ["CSV file"]
