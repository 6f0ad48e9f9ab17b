"""Administration — providers and sources (AppTest, the real app and the services API v1 and the
CLI call): ops create a provider (its key shown once, stored hashed), block it and archive it
(its keys revoked); ops block and unblock a traffic source; every change logged with the user as
actor; a viewer reads only."""

from __future__ import annotations

import sqlite3

import pytest
from streamlit.testing.v1 import AppTest

from hub.security import hash_api_key
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from tests.integration.apptest import click, make_users, open_page, signed_in, use_data_dir

pytestmark = pytest.mark.integration


@pytest.fixture
def people(
    settings: Settings,
    hub_con: sqlite3.Connection,
    world: DemoWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> dict[str, str]:
    use_data_dir(settings, monkeypatch)
    roles = ("ops", "viewer")
    made = make_users(hub_con, [(f"{r}@soleil-habitat.fr", r, "acc_soleil") for r in roles])
    return {email.split("@")[0]: user_id for email, user_id in made.items()}


def actions(con: sqlite3.Connection, user_id: str) -> list[str]:
    rows = con.execute(
        "SELECT action FROM activity_log WHERE actor = ? ORDER BY id", (f"user:{user_id}",)
    )
    return [r[0] for r in rows]


def test_ops_create_block_and_archive_a_provider(
    hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = open_page(signed_in("ops@soleil-habitat.fr"), "providers.py")
    at.selectbox(key="provider_account").select("acc_soleil")
    at.text_input(key="provider_name").input("Leads Express")
    click(at, "Créer")
    [code] = at.code
    key = code.value
    row = hub_con.execute(
        "SELECT p.id, k.key_hash FROM providers p JOIN api_keys k ON k.provider_id = p.id"
        " WHERE p.name = 'Leads Express'"
    ).fetchone()
    assert row["key_hash"] == hash_api_key(key)
    at.run()
    assert not at.code  # never shown again

    at.selectbox(key="provider_pick").select(row["id"]).run()
    at.text_input(key="provider_reason").input("Leads en double")
    click(at, "Bloquer le fournisseur")
    blocked = hub_con.execute(
        "SELECT blocked, blocked_reason FROM providers WHERE id = ?", (row["id"],)
    )
    assert tuple(blocked.fetchone()) == (1, "Leads en double")
    at.selectbox(key="provider_pick").select(row["id"]).run()
    click(at, "Archiver le fournisseur")
    revoked = hub_con.execute("SELECT revoked_at FROM api_keys WHERE provider_id = ?", (row["id"],))
    assert revoked.fetchone()[0] is not None
    assert actions(hub_con, people["ops"]) == [
        "provider.created",
        "provider.blocked",
        "provider.archived",
    ]


def test_ops_block_and_unblock_a_source_a_viewer_reads(
    hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    at = open_page(signed_in("ops@soleil-habitat.fr"), "providers.py")
    at.selectbox(key="source_account").select("acc_soleil")
    at.text_input(key="source_name").input("facebook")
    at.text_input(key="source_reason").input("Faux leads")
    click(at, "Bloquer la source")
    block = hub_con.execute(
        "SELECT account_id, reason FROM source_blocks WHERE source = 'facebook'"
    )
    assert tuple(block.fetchone()) == ("acc_soleil", "Faux leads")
    at.selectbox(key="source_unblock").select("acc_soleil/facebook").run()
    click(at, "Débloquer la source")
    assert hub_con.execute("SELECT 1 FROM source_blocks").fetchone() is None
    assert actions(hub_con, people["ops"]) == ["source.blocked", "source.unblocked"]

    viewer: AppTest = open_page(signed_in("viewer@soleil-habitat.fr"), "providers.py")
    assert not viewer.text_input and not [b for b in viewer.button if b.label == "Créer"]
