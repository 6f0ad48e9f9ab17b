"""One-time password links in the dashboard (Streamlit AppTest, real app entry point and hub):
an admin's "Lien de mot de passe" button shows the link once; the signed-out page at
``set_password?token=…`` sets the password (then the user signs in with it, its other sessions
ended) and says why an unknown, used, replaced or expired link cannot be used."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth import authenticate
from hub.db import utcnow
from hub.services import password_links, sessions
from hub.services.actor import CLI
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from tests.integration.apptest import APP, PASSWORD, make_users, use_data_dir

pytestmark = pytest.mark.integration

CHOSEN = "une-phrase-de-passe-longue"
EMAIL = "ops@soleil-habitat.fr"


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("LEADHUB_DASHBOARD_URL", "https://tableau.soleil-habitat.fr")
    return use_data_dir(settings, monkeypatch)


@pytest.fixture
def people(hub_con: sqlite3.Connection, world: DemoWorld) -> dict[str, str]:
    made = make_users(
        hub_con, [("admin@soleil-habitat.fr", "admin", "acc_soleil"), (EMAIL, "ops", "acc_soleil")]
    )
    return {"admin": made["admin@soleil-habitat.fr"], "ops": made[EMAIL]}


def ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    return at


def link_page(token: str | None) -> AppTest:
    """The app opened signed out at ``set_password?token=…``."""
    at = AppTest.from_file(APP, default_timeout=30)
    if token is not None:
        at.query_params["token"] = token
    ok(at.run())
    return ok(at.switch_page("views/set_password.py").run())


def choose(at: AppTest, password: str, again: str | None = None) -> AppTest:
    at.text_input[0].input(password)
    at.text_input[1].input(password if again is None else again)
    [button] = [b for b in at.button if b.label == "Enregistrer le mot de passe"]
    return ok(button.click().run())


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def make(con: sqlite3.Connection, user_id: str, now: datetime | None = None) -> str:
    made = password_links.create_link(con, CLI, user_id, "https://x.example.com", now or utcnow())
    return str(made["token"])


def test_an_admin_shows_a_link_once_from_the_users_page(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = ok(AppTest.from_file(APP, default_timeout=30).run())
    at.text_input[0].input("admin@soleil-habitat.fr")
    at.text_input[1].input(PASSWORD)
    ok(at.button[0].click().run())
    ok(at.switch_page("views/users.py").run())
    [edit] = [s for s in at.selectbox if s.label == "Modifier un utilisateur"]
    ok(edit.select(people["ops"]).run())
    [button] = [b for b in at.button if b.label == "Lien de mot de passe"]
    ok(button.click().run())
    assert (
        at.success[0].value == f"Lien de mot de passe créé pour {EMAIL} (valable 24 h, une fois)."
    )
    [shown] = [c.value for c in at.code]
    assert shown.startswith("https://tableau.soleil-habitat.fr/set_password?token=")
    token = parse_qs(urlsplit(shown).query)["token"][0]
    stored = hub_con.execute("SELECT user_id, token_hash, created_by FROM password_links")
    assert [tuple(r) for r in stored] == [
        (people["ops"], sessions.hash_token(token), f"user:{people['admin']}")
    ]
    ok(at.run())  # the next run shows it no more
    assert not at.code
    ok(at.switch_page("views/set_password.py").run())  # reachable signed in too (no token)
    assert errors(at)[0].startswith("Ce lien est incomplet")


def test_the_link_page_sets_the_password_then_sign_in_works(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    other_session = sessions.create_session(hub_con, people["ops"], 12, utcnow())
    token = make(hub_con, people["ops"])
    at = link_page(token)
    assert [t.value for t in at.title] == ["Choisir votre mot de passe"]
    assert EMAIL in at.markdown[0].value
    choose(at, CHOSEN, "not-the-same-password")
    assert errors(at) == ["Les deux mots de passe diffèrent."]
    choose(at, "court")
    assert "12 à 200 caractères" in errors(at)[0]
    choose(at, CHOSEN)
    assert not errors(at)
    assert at.success[0].value.startswith(f"Mot de passe enregistré pour {EMAIL}.")
    assert authenticate(env.hub_db, EMAIL, CHOSEN) is not None
    assert authenticate(env.hub_db, EMAIL, PASSWORD) is None
    assert sessions.session_user(hub_con, other_session, utcnow()) is None

    again = link_page(token)  # the same link, opened again
    assert errors(again) == [
        "Ce lien a déjà servi. Demandez un nouveau lien à votre administrateur."
    ]
    assert not again.text_input


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("expired", "Ce lien a expiré (24 h). Demandez un nouveau lien à votre administrateur."),
        ("revoked", "Ce lien a été remplacé par un plus récent : utilisez le dernier reçu."),
        ("unknown", "Ce lien est inconnu. Demandez un nouveau lien à votre administrateur."),
        ("missing", "Ce lien est incomplet : ouvrez le lien reçu en entier, ou demandez-en un "
         "nouveau à votre administrateur."),
    ],
)  # fmt: skip
def test_the_link_page_says_why_a_link_cannot_be_used(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str], case: str, message: str
) -> None:
    token: str | None = None
    if case == "expired":
        token = make(hub_con, people["ops"], now=utcnow() - timedelta(hours=24, seconds=1))
    elif case == "revoked":
        token = make(hub_con, people["ops"])
        make(hub_con, people["ops"])
    elif case == "unknown":
        token = sessions.new_token()
    at = link_page(token)
    assert errors(at) == [message]
    assert not at.text_input
    assert authenticate(env.hub_db, EMAIL, PASSWORD) is not None  # nothing changed


def test_the_link_page_in_english(
    env: Settings, hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = link_page(make(hub_con, people["ops"]))
    ok(at.sidebar.selectbox[0].select("en").run())
    assert [t.value for t in at.title] == ["Choose your password"]
    assert [t.label for t in at.text_input] == [
        "New password (at least 12 characters)",
        "Confirm the password",
    ]
