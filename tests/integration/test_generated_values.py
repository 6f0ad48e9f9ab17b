"""Every key, token and secret the product generates is read back by every reader it meets
(issue 7's sweep): a generator and a reader with different alphabets fail only sometimes."""

from __future__ import annotations

import sqlite3

import pytest

from hub.security import (
    SecretBox,
    authenticate_api_key,
    create_api_key,
    new_webhook_secret,
    parse_webhook_secret,
    verify_password,
)
from hub.settings import Settings
from ingest.auth import authenticate
from leadhub.demo.seed import DemoWorld, seed_demo
from routing.signing import sign

pytestmark = pytest.mark.integration
DRAWS = 200  # a reader that fails on 1 value in 10 fails here with probability 1 - 0.9**200


def test_api_keys_authenticate_through_the_authorization_header(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    for i in range(DRAWS):
        key = create_api_key(hub_con, "acc_soleil", f"k{i}")
        for scheme in ("Token", "Bearer", "token"):
            assert authenticate(hub_con, f"{scheme} {key}").account_id == "acc_soleil"
        assert authenticate_api_key(hub_con, key) is not None


def test_webhook_secrets_parse_and_sign() -> None:
    for _ in range(DRAWS):
        secret = new_webhook_secret()
        assert sign(secret, "dlv_x", 1_800_000_000, b"{}") == sign(
            parse_webhook_secret(secret), "dlv_x", 1_800_000_000, b"{}"
        )


def test_generated_demo_secrets_and_passwords_work(
    settings: Settings, hub_con: sqlite3.Connection
) -> None:
    """`make up` path: no secret or password given, both generated, both usable; a re-seed
    gives every demo buyer the new secret (the fake CRM is started with it)."""
    box = SecretBox.from_settings(settings.secret_key, settings.data_dir / "secret.key")
    for _ in range(5):
        world = seed_demo(hub_con, settings)
        secret = world.buyers[0]["secret"]
        parse_webhook_secret(secret)
        stored = [box.decrypt(r[0]) for r in hub_con.execute("SELECT secret_enc FROM buyers")]
        assert stored and set(stored) == {secret}
        row = hub_con.execute(
            "SELECT password_hash FROM users WHERE email = ?", (world.login["user"],)
        ).fetchone()
        assert verify_password(row[0], world.login["password"])
        assert authenticate(hub_con, f"Token {world.api_key}").account_id == "acc_soleil"
