"""A/B tests page on a warehouse built from real Parquet lake files and the seeded hub: the
verdicts, intervals and P(best) the mart computed, the sample guidance, both scopes, tenancy and
a snapshot without the table."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import dashboard
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from tests.integration.test_dashboard_funnel import add_user
from tests.integration.test_warehouse_helpers import (
    T0,
    build_warehouse,
    demo_page,
    insert_delivery,
    insert_lead,
    visitor_funnel,
)
from warehouse.ab import build_ab_tests, p_best, verdict
from warehouse.lake_write import write_events
from warehouse.models import build_model
from warehouse.publish import publish_snapshot
from warehouse.store import open_work

pytestmark = pytest.mark.integration

PAGE = Path(dashboard.__file__).parent / "views" / "ab_tests.py"
# LP key → its declared variants and, per variant, (visitors, leads, sold leads).
TRAFFIC: dict[str, tuple[list[str], dict[str, tuple[int, int, int]]]] = {
    "lp_solaire_demo": (["A", "B"], {"A": (120, 6, 2), "B": (120, 30, 9)}),
    "lp_pac_demo": (["ctrl", "new"], {"ctrl": (20, 2, 0), "new": (20, 4, 1)}),
    "lp_ite_demo": (["X", "Y"], {"X": (15, 1, 0), "Y": (15, 3, 0)}),
}


def send_traffic(settings: Settings, hub_con: sqlite3.Connection) -> None:
    """Visitors through the lake (Parquet), their leads and sales in the hub."""
    rows: list[dict[str, Any]] = []
    for lp_key, (variants, arms) in TRAFFIC.items():
        lp, form = demo_page(hub_con, lp_key)
        hub_con.execute(
            "UPDATE landing_pages SET variants = ? WHERE id = ?", (json.dumps(variants), lp["id"])
        )
        commande = {"PV": "cmd_soleil_pv", "PAC": "cmd_soleil_pac", "ITE": "cmd_eco_ite"}
        for arm, (visitors, leads, sold) in arms.items():
            for i in range(visitors):
                prefix = f"{lp_key}-{arm}-{i}"
                at = T0 + timedelta(minutes=i)
                rows += visitor_funnel(prefix, lp, form, at, variant=arm)
                if i >= leads:
                    continue
                lead_id = f"lead-{prefix}"
                insert_lead(
                    hub_con,
                    lead_id,
                    lp,
                    form,
                    at + timedelta(seconds=61),
                    status="sold" if i < sold else "routed",
                    visitor_id=f"{prefix}-visitor",
                    session_id=f"{prefix}-session",
                    variant=arm,
                )
                if i < sold:
                    insert_delivery(
                        hub_con,
                        f"dlv-{prefix}",
                        lead_id,
                        commande[lp["product_code"]],
                        3500,
                        "delivered",
                        at + timedelta(minutes=2),
                    )
    write_events(settings, rows)


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LEADHUB_ALLOW_PRIVATE_NETWORK", "true")
    return settings


@pytest.fixture
def users(env: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> dict[str, str]:
    send_traffic(env, hub_con)
    build_warehouse(env)
    with open_work(env) as con:
        for model in ("sessions_core", "lead_attribution", "sessions"):
            build_model(con, model)
        build_ab_tests(
            con,
            min_exposures=env.ab_min_exposures,
            p_best_threshold=env.ab_p_best_threshold,
        )
    publish_snapshot(env)
    return {
        "soleil": add_user(hub_con, "marketing@soleil-habitat.fr", "pw-soleil", "acc_soleil"),
        "eco": add_user(hub_con, "ops@eco-renov.fr", "pw-eco", "acc_eco"),
    }


def page(user_id: str, lang: str = "fr", scope: str | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["user_id"] = user_id
    at.session_state["lang"] = lang
    at.run()
    if scope:
        at.radio(key="ab_scope").set_value(scope).run()
    assert not at.exception, at.exception
    return at


def text_of(at: AppTest) -> str:
    parts = [str(getattr(node, "value", "")) for node in at.main]
    parts += [str(el.value) for el in [*at.success, *at.info, *at.caption, *at.subheader]]
    parts += [df.value.to_string() for df in at.dataframe]
    return "\n".join(parts)


def fr_pct(value: float) -> str:
    return f"{100 * value:.1f}".removesuffix(".0").replace(".", ",") + "\u00a0%"


def test_verdicts_intervals_and_guidance_per_lp(env: Settings, users: dict[str, str]) -> None:
    at = page(users["soleil"])
    assert at.title[0].value == "Tests A/B"
    assert [s.value for s in at.subheader] == ["LP Panneaux solaires", "LP Pompe à chaleur"]
    # Solaire: B converts 30/120 against 6/120: the winner, with the P(best) computed here.
    p = p_best([6, 30], [120, 120])
    assert p[1] >= env.ab_p_best_threshold
    assert [s.value for s in at.success] == [
        f"Gagnant : B — P(meilleure) {fr_pct(p[1])} avec au moins 120 sessions par variante."
    ]
    table = at.dataframe[0].value
    assert table["Variante"].tolist() == ["A", "B"]
    assert table["Sessions"].tolist() == ["120", "120"]
    assert table["Conversions"].tolist() == ["6", "30"]
    assert table["Taux"].tolist() == [fr_pct(6 / 120), fr_pct(30 / 120)]
    assert table["P(meilleure)"].tolist() == [fr_pct(p[0]), fr_pct(p[1])]
    assert table["Écart vs témoin"].tolist() == ["–", "+" + fr_pct(4.0)]
    assert table["Ventes"].tolist() == ["2", "9"]
    assert table["Témoin"].tolist() == ["oui", ""]
    # PAC: 2/20 vs 4/20, no winner; the sessions still needed as the verdict computes them.
    q = p_best([2, 4], [20, 20])
    want = verdict(["ctrl", "new"], [20, 20], [2, 4], q, min_exposures=100, threshold=0.95)
    assert want.code == "collecting" and want.sessions_needed
    needed = f"{want.sessions_needed:,}".replace(",", "\u202f")
    assert [i.value for i in at.info] == [
        f"Pas encore de gagnant : new en tête, P(meilleure) {fr_pct(q[1])}."
        f" Encore environ {needed} sessions nécessaires."
    ]
    assert "Au rythme observé (40 sessions par jour sur ce test), environ" in text_of(at)
    # One chart per test: each arm's rate and its Wilson interval, in percent.
    charts = [json.loads(c.proto.spec)["data"][0] for c in at.get("plotly_chart")]
    assert [c["y"] for c in charts] == [["A", "B"], ["ctrl", "new"]]
    assert charts[0]["x"] == pytest.approx([5.0, 25.0])
    assert charts[0]["marker"]["color"] == ["#8b949e", "#1f6feb"]  # the control in grey
    low = 100 * (6 / 120) - charts[0]["error_x"]["arrayminus"][0]
    assert 1.5 < low < 5.0 < 100 * (6 / 120) + charts[0]["error_x"]["array"][0] < 11
    assert "Données publiées le" in text_of(at)
    assert "Eco" not in text_of(at) and "LP Isolation" not in text_of(at)


def test_lp_form_scope_tenancy_and_english(env: Settings, users: dict[str, str]) -> None:
    at = page(users["soleil"], scope="lp_form")
    assert [s.value for s in at.subheader] == [
        "LP Panneaux solaires × Formulaire Panneaux solaires",
        "LP Pompe à chaleur × Formulaire Pompe à chaleur",
    ]
    eco = page(users["eco"])  # same process, same cache: another tenant's rows only
    assert [s.value for s in eco.subheader] == ["LP Isolation extérieure"]
    assert "solaires" not in text_of(eco) and "chaleur" not in text_of(eco)
    en = page(users["soleil"], lang="en")
    assert en.title[0].value == "A/B tests"
    assert en.success[0].value.startswith("Winner: B — P(best) ")


def test_a_snapshot_without_ab_tests_is_a_message(env: Settings, users: dict[str, str]) -> None:
    env.warehouse_db.unlink()
    con = duckdb.connect(str(env.warehouse_db))
    con.execute("CREATE TABLE funnel_daily (date DATE)")
    con.close()
    at = page(users["soleil"])
    assert [i.value for i in at.info] == [
        "L'entrepôt publié ne contient pas encore les tests A/B : relancez le pipeline."
    ]
