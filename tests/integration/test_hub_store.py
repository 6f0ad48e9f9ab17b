from __future__ import annotations

import json
import sqlite3

import pytest

from hub.db import migrate, open_hub
from hub.security import SecretBox, authenticate_api_key, verify_password
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld, seed_demo
from leadhub.demo.site import render

pytestmark = pytest.mark.integration


def test_migrations_are_versioned_and_idempotent(hub_con: sqlite3.Connection) -> None:
    version = hub_con.execute("PRAGMA user_version").fetchone()[0]
    assert version >= 1
    assert migrate(hub_con) == version
    assert hub_con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_seed_stores_secrets_hashed_or_encrypted(
    world: DemoWorld, hub_con: sqlite3.Connection, settings: Settings
) -> None:
    dump = "\n".join(hub_con.iterdump())
    assert world.api_key not in dump
    assert "demo-password" not in dump
    assert world.buyers[0]["secret"] not in dump
    principal = authenticate_api_key(hub_con, world.api_key)
    assert principal is not None and principal.account_id == "acc_soleil"
    assert authenticate_api_key(hub_con, world.api_key + "x") is None
    row = hub_con.execute("SELECT password_hash FROM users").fetchone()
    assert verify_password(row[0], "demo-password")
    assert not verify_password(row[0], "wrong")
    box = SecretBox.from_settings("", settings.data_dir / "secret.key")
    enc = hub_con.execute("SELECT secret_enc FROM buyers LIMIT 1").fetchone()[0]
    assert box.decrypt(enc) == world.buyers[0]["secret"]
    assert (settings.data_dir / "secret.key").stat().st_mode & 0o077 == 0


def test_seed_json_contract_and_reseed(world: DemoWorld, settings: Settings) -> None:
    data = json.loads(world.to_json())
    assert {"api_key", "login", "lps", "forms", "buyers"} <= data.keys()
    assert data["login"] == {"user": "admin@demo.leadhub", "password": "demo-password"}
    assert all({"key", "url"} <= lp.keys() for lp in data["lps"])
    assert all({"id", "url"} <= b.keys() for b in data["buyers"])
    with open_hub(settings.hub_db) as con:
        again = seed_demo(con, settings, password="other")
        assert again.api_key != world.api_key
        assert len(again.lps) == len(world.lps)
        assert con.execute("SELECT count(*) FROM users").fetchone()[0] == 1


def test_demo_site_pages_use_the_snippet(world: DemoWorld, settings: Settings) -> None:
    lp = render(settings, "lp", "/solaire/")
    assert lp is not None
    assert "lh('init'" in lp and '"key": "lp_solaire_demo"' in lp
    assert f"{settings.collector_url}/t.js" in lp
    form = render(settings, "form", "/solaire/formulaire/")
    assert form is not None
    assert f'action="{settings.collector_url}/v1/leads"' in form
    assert 'name="form_key" value="fm_solaire_demo"' in form
    assert "lh_api" not in form and world.api_key not in lp + form
    assert render(settings, "lp", "/nope/") is None


def test_concurrent_first_opens_migrate_once(settings: Settings) -> None:
    import concurrent.futures

    path = settings.data_dir / "race.sqlite3"
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        versions = list(
            pool.map(lambda _: migrate(sqlite3.connect(path, isolation_level=None)), range(4))
        )
    assert len(set(versions)) == 1
    con = sqlite3.connect(path)
    applied = [r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY 1")]
    assert applied == sorted(set(applied)) and applied[0] == 1
