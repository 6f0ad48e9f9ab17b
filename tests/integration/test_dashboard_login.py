"""Sign-in, navigation, language and sign-out through the real app entry point and hub."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import dashboard
from dashboard import auth
from hub.db import now_iso, transaction
from hub.security import hash_password
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration

APP = Path(dashboard.__file__).parent / "app.py"


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LEADHUB_ALLOW_PRIVATE_NETWORK", "true")
    return settings


def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception, at.exception
    return at


def sign_in(at: AppTest, email: str, password: str) -> AppTest:
    at.text_input[0].input(email)
    at.text_input[1].input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def test_sign_in_opens_the_funnel(env: Settings, world: DemoWorld) -> None:
    at = app()
    assert titles(at) == ["Connexion"]
    assert [t.label for t in at.text_input] == ["E-mail", "Mot de passe"]
    sign_in(at, " Admin@Demo.Leadhub ", "demo-password")
    assert at.session_state["user_id"] == "usr_admin"
    assert titles(at) == ["Entonnoir de conversion"]
    assert at.info[0].value.startswith("Aucune donnée publiée pour l'instant")
    assert at.sidebar.caption[0].value == "Connecté : Admin démo"

    at.switch_page("views/about.py").run()
    assert titles(at) == ["À propos"]
    accounts = at.dataframe[0].value
    assert sorted(accounts["id"]) == ["acc_eco", "acc_soleil", "acc_soleil_solaire"]


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("admin@demo.leadhub", "wrong-password"),
        ("nobody@demo.leadhub", "demo-password"),
    ],
)
def test_wrong_credentials_are_refused(
    env: Settings, world: DemoWorld, email: str, password: str
) -> None:
    at = sign_in(app(), email, password)
    assert [e.value for e in at.error] == ["E-mail ou mot de passe incorrect."]
    assert "user_id" not in at.session_state
    assert titles(at) == ["Connexion"]


def test_empty_fields_are_named(env: Settings, world: DemoWorld) -> None:
    at = sign_in(app(), "admin@demo.leadhub", "")
    assert [e.value for e in at.error] == ["Saisissez votre e-mail et votre mot de passe."]


def test_sign_out_forgets_the_user_and_filters(env: Settings, world: DemoWorld) -> None:
    at = sign_in(app(), "admin@demo.leadhub", "demo-password")
    at.session_state["funnel_lps"] = ["lp_x"]
    at.button(key="logout").click().run()
    assert not at.exception
    assert "user_id" not in at.session_state
    assert "funnel_lps" not in at.session_state
    assert titles(at) == ["Connexion"]


def test_language_switch(env: Settings, world: DemoWorld) -> None:
    at = app()
    at.selectbox(key="lang").set_value("en").run()
    assert titles(at) == ["Sign in"]
    at = sign_in(at, "admin@demo.leadhub", "wrong")
    assert [e.value for e in at.error] == ["Wrong email or password."]


def test_revoked_access_applies_on_the_next_run(
    env: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    at = sign_in(app(), "admin@demo.leadhub", "demo-password")
    with transaction(hub_con):
        hub_con.execute("DELETE FROM memberships WHERE user_id = 'usr_admin'")
    at.run()
    assert at.info[0].value == "Votre utilisateur n'est rattaché à aucun compte."
    with transaction(hub_con):
        hub_con.execute("DELETE FROM users WHERE id = 'usr_admin'")
    at.run()
    assert "user_id" not in at.session_state
    assert titles(at) == ["Connexion"]


def test_missing_hub_is_a_clear_error(env: Settings) -> None:
    at = sign_in(app(), "admin@demo.leadhub", "demo-password")
    assert at.error[0].value.startswith("Base de configuration indisponible")


def test_scope_includes_sub_accounts_only_below_memberships(
    env: Settings, world: DemoWorld, hub_con: sqlite3.Connection
) -> None:
    with transaction(hub_con):
        hub_con.execute(
            "INSERT INTO users (id, email, name, password_hash, created_at)"
            " VALUES ('usr_m', 'm@soleil.test', 'M', ?, ?)",
            (hash_password("pw"), now_iso()),
        )
        hub_con.execute("INSERT INTO memberships VALUES ('usr_m', 'acc_soleil', 'marketer')")
    user = auth.authenticate(env.hub_db, "m@soleil.test", "pw")
    assert user is not None
    assert user.account_ids == ("acc_soleil", "acc_soleil_solaire")
    assert auth.authenticate(env.hub_db, "m@soleil.test", "PW") is None
