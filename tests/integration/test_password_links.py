"""One-time password links (issue 9): an admin makes a link for a user of its accounts (API v1,
CLI), the URL and token shown once and only the token's hash stored; the user sets its password
with the token alone — once, within 24 h, only with the newest link — which ends its dashboard
sessions; unknown tokens are rate-limited like sign-ins; the log never holds the token."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from typer.testing import CliRunner

from dashboard.auth import authenticate
from hub.db import utcnow
from hub.errors import ApiError
from hub.security import create_api_key
from hub.services import password_links, sessions, users
from hub.services.actor import CLI
from hub.settings import Settings
from ingest.app import create_app
from leadhub.cli import app as cli_app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration

NEW_PASSWORD = "une-phrase-de-passe-longue"


@dataclass
class Api:
    client: TestClient[Litestar]
    con: sqlite3.Connection
    settings: Settings
    admin: str  # acc_soleil admin key
    eco: str  # acc_eco admin key
    viewer: str  # acc_soleil viewer key
    user_id: str  # an ops user of acc_soleil

    def link(self, key: str | None = None, user_id: str | None = None) -> Any:
        path = f"/v1/users/{user_id or self.user_id}/password-link"
        return self.client.post(path, headers={"Authorization": f"Token {key or self.admin}"})

    def set(self, token: str, body: Any) -> Any:
        return self.client.post(f"/v1/password-links/{token}", json=body)


@pytest.fixture
def api(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> Iterator[Api]:
    payload = {"email": "ops@soleil-habitat.fr", "role": "ops", "account_ids": ["acc_soleil"]}
    made = users.create_user(hub_con, CLI, payload, utcnow())
    keys = {
        "admin": create_api_key(hub_con, "acc_soleil", "admin"),
        "eco": create_api_key(hub_con, "acc_eco", "eco"),
        "viewer": create_api_key(hub_con, "acc_soleil", "viewer", role="viewer"),
    }
    with TestClient(create_app(settings)) as client:
        yield Api(client, hub_con, settings, user_id=made["id"], **keys)


def token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]


def reason(response: Any) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["fields"][0]["reason"]


def test_an_admin_link_sets_the_password_once_and_ends_the_users_sessions(api: Api) -> None:
    open_session = sessions.create_session(api.con, api.user_id, 12, utcnow())
    made = api.link()
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["email"] == "ops@soleil-habitat.fr"
    assert body["url"].startswith(f"{api.settings.dashboard_base_url}/set_password?token=")
    token = token_of(body["url"])
    assert token == body["token"] and sessions.is_token(token)
    stored = api.con.execute("SELECT token_hash, expires_at FROM password_links").fetchall()
    assert [r["token_hash"] for r in stored] == [sessions.hash_token(token)]
    assert stored[0]["expires_at"] == body["expires_at"]

    done = api.set(token, {"password": NEW_PASSWORD})
    assert done.status_code == 200, done.text
    assert done.json() == {
        "user_id": api.user_id,
        "email": "ops@soleil-habitat.fr",
        "password_set": True,
    }
    signed_in = authenticate(api.settings.hub_db, "ops@soleil-habitat.fr", NEW_PASSWORD)
    assert signed_in is not None and signed_in.id == api.user_id
    assert sessions.session_user(api.con, open_session, utcnow()) is None
    assert reason(api.set(token, {"password": "another-long-password"})) == (410, "used")

    logged = api.con.execute(
        "SELECT action, actor, detail FROM activity_log WHERE subject = ? ORDER BY id",
        (api.user_id,),
    ).fetchall()
    actions = [(r["action"], r["actor"]) for r in logged]
    assert actions[-1] == ("user.password_set", f"user:{api.user_id}")
    assert actions[-2][0] == "user.password_link_created" and actions[-2][1].startswith("api_key:")
    everything = " ".join(str(tuple(r)) for r in api.con.execute("SELECT * FROM activity_log"))
    assert token not in everything and sessions.hash_token(token) not in everything


def test_unknown_used_replaced_and_expired_links(api: Api) -> None:
    assert reason(api.set("x" * 43, {"password": NEW_PASSWORD})) == (404, "unknown")
    assert reason(api.set("short", {"password": NEW_PASSWORD})) == (404, "unknown")
    first = api.link().json()["token"]
    second = api.link().json()["token"]  # replaces the first
    assert reason(api.set(first, {"password": NEW_PASSWORD})) == (410, "revoked")
    bad = api.set(second, {"password": "short"})  # a bad password does not use the link
    assert reason(bad) == (422, "invalid_password")
    assert reason(api.set(second, {})) == (422, "required")
    later = utcnow() + timedelta(hours=24, seconds=1)
    limit = password_links.limit_of(api.settings)
    with pytest.raises(ApiError) as expired:
        password_links.set_password(api.con, second, {"password": NEW_PASSWORD}, "c", limit, later)
    assert (expired.value.status_code, expired.value.fields[0].reason) == (410, "expired")
    assert api.set(second, {"password": NEW_PASSWORD}).status_code == 200


def test_who_may_make_a_link(api: Api, hub_con: sqlite3.Connection) -> None:
    assert api.link(api.viewer).status_code == 403
    assert api.link(api.eco).status_code == 404  # another tenant's user
    assert api.link(user_id="usr_nobody").status_code == 404
    users.disable_user(hub_con, CLI, api.user_id, utcnow())
    assert api.link().status_code == 409
    assert hub_con.execute("SELECT count(*) FROM password_links").fetchone()[0] == 0


def test_a_disabled_users_link_no_longer_works(api: Api, hub_con: sqlite3.Connection) -> None:
    token = api.link().json()["token"]
    users.disable_user(hub_con, CLI, api.user_id, utcnow())
    assert reason(api.set(token, {"password": NEW_PASSWORD})) == (410, "user_disabled")


def test_guessing_tokens_is_rate_limited_like_sign_in(api: Api) -> None:
    token = api.link().json()["token"]
    for i in range(api.settings.dashboard_sign_in_max_failures):
        assert api.set(f"{i:0>43}", {"password": NEW_PASSWORD}).status_code == 404
    refused = api.set(token, {"password": NEW_PASSWORD})  # even the right token, for a while
    assert refused.status_code == 429, refused.text
    assert 0 < int(refused.headers["retry-after"]) <= 15 * 60
    assert refused.json()["error"]["retryable"] is True


def test_the_cli_prints_the_link(api: Api) -> None:
    env = {
        "LEADHUB_DATA_DIR": str(api.settings.data_dir),
        "LEADHUB_ALLOW_PRIVATE_NETWORK": "1",
        "LEADHUB_DASHBOARD_URL": "https://tableau.soleil-habitat.fr/",
    }
    result = CliRunner().invoke(
        cli_app, ["users", "password-link", "OPS@soleil-habitat.fr"], env=env
    )
    assert result.exit_code == 0, result.output
    url = result.stdout.strip()
    assert url.startswith("https://tableau.soleil-habitat.fr/set_password?token=")
    assert api.set(token_of(url), {"password": NEW_PASSWORD}).status_code == 200
    missing = CliRunner().invoke(cli_app, ["users", "password-link", "nobody@example.com"], env=env)
    assert missing.exit_code == 1 and "404" in missing.output


def test_openapi_documents_both_endpoints(api: Api) -> None:
    paths = api.client.get("/schema/openapi.json").json()["paths"]
    assert "post" in paths["/v1/users/{user_id}/password-link"]
    public = paths["/v1/password-links/{token}"]["post"]
    schema = public["requestBody"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["password"]
