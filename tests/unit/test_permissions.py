"""The permission table of accounts, users and keys: who may write, and which roles each may
grant (never above its own); a key's role and scope; the field reader's one 422."""

from __future__ import annotations

import pytest

from hub.errors import ApiError
from hub.services.actor import CLI, ROLES, Actor, api_key
from hub.services.fields import Fields


def actor(role: str) -> Actor:
    return Actor("user", "usr_x", role, frozenset({"acc_a"}))


@pytest.mark.parametrize("role", ROLES)
def test_admins_manage_accounts_users_and_keys(role: str) -> None:
    a = actor(role)
    admin = role in {"super_admin", "admin"}
    assert a.may("accounts.read")
    for permission in ("accounts.write", "users.read", "users.write", "keys.read", "keys.write"):
        assert a.may(permission) is admin


def test_no_role_is_granted_above_ones_own() -> None:
    assert all(CLI.may_grant(r) for r in ROLES)
    assert [r for r in ROLES if actor("admin").may_grant(r)] == list(ROLES[1:])
    for role in ROLES[2:]:  # ops, marketer, finance, viewer manage nobody
        assert not any(actor(role).may_grant(r) for r in ROLES)


def test_a_key_acts_with_its_role_on_its_tree() -> None:
    key = api_key("key_1", ["acc_a", "acc_b"], "viewer")
    assert key.role == "viewer" and key.sees("acc_b") and not key.sees("acc_c")
    with pytest.raises(ApiError) as err:
        key.require("keys.write")
    assert err.value.status_code == 403
    root = api_key("key_2", ["acc_a"], "super_admin")
    assert root.accounts is None and root.sees("acc_z") and root.label == "api_key:key_2"


def test_fields_name_every_bad_one_at_once() -> None:
    f = Fields({"name": "", "x": 1, "kind": "e"}, ("name",), read_only=("kind",))
    f.text("name", required=True)
    with pytest.raises(ApiError) as err:
        f.check()
    assert err.value.status_code == 422
    assert [(e.field, e.reason) for e in err.value.fields] == [
        ("x", "unknown_field"),
        ("kind", "read_only"),
        ("name", "invalid"),
    ]


def test_the_permissions_page_is_the_table() -> None:
    from pathlib import Path

    from hub.services.permissions_doc import markdown

    page = Path(__file__).resolve().parents[2] / "docs" / "PERMISSIONS.md"
    assert page.read_text(encoding="utf-8") == markdown()
