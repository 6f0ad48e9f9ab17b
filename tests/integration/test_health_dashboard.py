"""Dashboard pages "Santé du tracking" and "Brief d'intégration" (AppTest, real hub and lake)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import dashboard
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from tests.integration.test_dashboard_funnel import add_user, rendered_text
from tests.integration.test_health_alerts import lp_events, write_lake
from warehouse.tracking_alerts import check_tracking

pytestmark = pytest.mark.integration
VIEWS = Path(dashboard.__file__).parent / "views"


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LEADHUB_ALLOW_PRIVATE_NETWORK", "true")
    return settings


@pytest.fixture
def eco_user(env: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> str:
    return add_user(hub_con, "ops@eco.test", "pw-eco", "acc_eco")


def page(name: str, user_id: str, lang: str = "fr") -> AppTest:
    at = AppTest.from_file(VIEWS / name, default_timeout=60)
    at.session_state["user_id"] = user_id
    at.session_state["lang"] = lang
    return at.run()


def test_health_page_is_live_and_scoped(
    env: Settings, hub_con: sqlite3.Connection, eco_user: str
) -> None:
    now = datetime.now(UTC)
    # Solaire: 60 events up to 40 min ago (20/h), then silence → an alert is recorded.
    write_lake(
        env,
        lp_events(
            hub_con, "lp_solaire_demo", [now - timedelta(minutes=40 + 3 * i) for i in range(60)]
        ),
    )
    write_lake(env, lp_events(hub_con, "lp_ite_demo", [now - timedelta(minutes=2)]))
    check_tracking(env, hub_con, now)

    admin = page("health.py", "usr_admin")
    assert not admin.exception, admin.exception
    table = admin.dataframe[0].value.set_index("Clé")
    assert table.loc["lp_solaire_demo", "État"] == "Silencieux"
    assert table.loc["lp_solaire_demo", "Événements / h (24 h)"] == 2.5
    assert (
        table.loc["lp_ite_demo", "État"] == "OK"
        and table.loc["lp_ite_demo", "Événements (1 h)"] == 1
    )
    assert table.loc["fm_pac_demo", "État"] == "Aucun événement (7 j)"
    assert any("Plus aucun événement depuis 40 min" in w.value for w in admin.warning)

    eco = page("health.py", eco_user, lang="en")
    text = rendered_text(eco)
    assert sorted(eco.dataframe[0].value["Key"]) == ["fm_ite_demo", "lp_ite_demo"]
    assert "solaire" not in text and "No alert." in text

    eco.text_input(key="verify_url").input("http://127.0.0.1:8101/ite/")
    eco.button[0].click().run()
    assert any(s.value.startswith("`arrived` — Arrived: 1 event(s)") for s in eco.success)
    eco.text_input(key="verify_url").input("http://127.0.0.1:8101/solaire/")  # not Eco's
    eco.button[0].click().run()
    assert [e.value for e in eco.error] == ["url: No LP or form of your account has this url."]


def test_brief_page_offers_the_users_lps_and_downloads(
    env: Settings, eco_user: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = page("brief.py", eco_user)
    assert not at.exception, at.exception
    assert at.selectbox(key="brief_lp").options == ["LP Isolation extérieure (lp_ite_demo)"]
    assert at.markdown[0].value.startswith("# Brief d'intégration — LP Isolation extérieure")
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Télécharger (Markdown)", "Télécharger (HTML)"]

    monkeypatch.setenv("LEADHUB_ALLOW_PRIVATE_NETWORK", "false")  # production without a public URL
    refused = page("brief.py", eco_user)
    assert [e.value for e in refused.error] == [
        "Brief impossible : LEADHUB_PUBLIC_URL is not set (the collector would be given as "
        "http://127.0.0.1:8000)."
    ]
