"""The hub services check the actor's role and scope in one place and log each change with
the actor: what API v1, the CLI and (next) the dashboard all go through."""

from __future__ import annotations

import json
import sqlite3

import pytest

from hub.db import utcnow
from hub.errors import ApiError
from hub.services import commandes, leadops
from hub.services.actor import CLI, PERMISSIONS, ROLES, Actor, api_key
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration
NEW = {
    "id": "cmd_actor_test",
    "buyer_id": "buy_eco_crm",
    "name": "PAC test",
    "product_code": "PAC",
    "price_cents": 4000,
}


def _log(con: sqlite3.Connection, action: str) -> list[tuple[str, str, str]]:
    rows = con.execute(
        "SELECT actor, subject, detail FROM activity_log WHERE action = ? ORDER BY id", (action,)
    ).fetchall()
    return [tuple(r) for r in rows]


def test_every_permission_names_known_roles() -> None:
    for permission, roles in PERMISSIONS.items():
        assert roles <= set(ROLES), permission
        assert "super_admin" in roles, permission


def test_a_role_without_the_permission_is_403_and_nothing_is_written(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    viewer = Actor("user", "usr_viewer", "viewer", frozenset({"acc_eco"}))
    assert commandes.list_commandes(hub_con, viewer)["total"] >= 1  # viewers read
    with pytest.raises(ApiError) as err:
        commandes.create_commande(hub_con, viewer, NEW, utcnow())
    assert err.value.status_code == 403
    assert hub_con.execute("SELECT 1 FROM commandes WHERE id = 'cmd_actor_test'").fetchone() is None
    assert _log(hub_con, "commande.created") == []


def test_another_tenants_objects_are_404(hub_con: sqlite3.Connection, world: DemoWorld) -> None:
    soleil = api_key("key_soleil", {"acc_soleil", "acc_soleil_solaire"})
    with pytest.raises(ApiError) as err:
        commandes.get_commande(hub_con, soleil, "cmd_eco_pv")
    assert err.value.status_code == 404
    with pytest.raises(ApiError) as err:
        leadops.block_source(hub_con, soleil, "acc_eco", "facebook", "spam", utcnow())
    assert err.value.status_code == 404
    ids = {c["id"] for c in commandes.list_commandes(hub_con, soleil)["items"]}
    assert ids and all(not i.startswith("cmd_eco") for i in ids)


def test_changes_are_logged_with_their_actor_and_before_after(
    hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    key = api_key("key_eco", {"acc_eco"})
    commandes.create_commande(hub_con, key, NEW, utcnow())
    commandes.update_commande(hub_con, CLI, "cmd_actor_test", {"price_cents": 4500}, utcnow())
    leadops.block_source(hub_con, key, "acc_eco", "facebook", "faux leads", utcnow())
    assert [a[:2] for a in _log(hub_con, "commande.created")] == [
        ("api_key:key_eco", "cmd_actor_test")
    ]
    (actor, subject, detail), *_ = _log(hub_con, "commande.updated")
    assert (actor, subject) == ("cli", "cmd_actor_test")
    assert json.loads(detail) == {"before": {"price_cents": 4000}, "after": {"price_cents": 4500}}
    assert [a[:2] for a in _log(hub_con, "source.blocked")] == [("api_key:key_eco", "facebook")]
