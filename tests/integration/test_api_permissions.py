"""The permission matrix, generated from the one table: every role × every API v1 endpoint.

Each API v1 handler declares the permission it needs (``opt={"permission": …}``); a key whose
role is not in ``PERMISSIONS[permission]`` gets a 403 naming the role, any other key gets past
the check (a 404, 422, 409 or 2xx: the request's own fault or success, never the role's).
Writes go to ids that do not exist or bodies that are empty, so nothing changes.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator

import pytest
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.testing import TestClient

from hub.security import create_api_key
from hub.services.actor import PERMISSIONS, ROLES
from hub.settings import Settings
from ingest.api.routes import routes
from ingest.app import create_app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration


def _endpoints() -> list[tuple[str, str, str]]:
    out = []
    for handler in routes:
        assert isinstance(handler, HTTPRouteHandler)
        permission = handler.opt.get("permission")
        for path in handler.paths:
            for method in sorted(handler.http_methods):
                out.append((method, path, permission))
    return sorted(out)


ENDPOINTS = _endpoints()


def test_every_api_v1_endpoint_declares_a_known_permission() -> None:
    assert ENDPOINTS
    undeclared = [(m, p) for m, p, perm in ENDPOINTS if perm is None]
    assert undeclared == []
    assert {perm for _, _, perm in ENDPOINTS} <= set(PERMISSIONS)


@pytest.fixture(scope="module")
def client_and_keys(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[TestClient[Litestar], dict[str, str]]]:
    from hub.db import open_hub
    from hub.settings import load_settings
    from leadhub.demo.seed import seed_demo

    settings: Settings = load_settings(
        data_dir=tmp_path_factory.mktemp("perm"), allow_private_network=True
    )
    settings.ensure_dirs()
    con: sqlite3.Connection = open_hub(settings.hub_db)
    world: DemoWorld = seed_demo(con, settings, password="pw")
    assert world.api_key
    keys = {role: create_api_key(con, "acc_soleil", f"matrix-{role}", role=role) for role in ROLES}
    con.close()
    with TestClient(create_app(settings)) as client:
        yield client, keys


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "nope_matrix", path)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_refused_exactly_where_the_table_says(
    client_and_keys: tuple[TestClient[Litestar], dict[str, str]], role: str
) -> None:
    client, keys = client_and_keys
    wrong = []
    for method, path, permission in ENDPOINTS:
        kwargs = {"json": {}} if method in ("POST", "PATCH", "PUT") else {}
        response = client.request(
            method, _concrete(path), headers={"Authorization": f"Token {keys[role]}"}, **kwargs
        )
        refused = response.status_code == 403 and "may not" in response.text
        allowed = role in PERMISSIONS[permission]
        if refused == allowed or response.status_code >= 500 or response.status_code == 401:
            wrong.append((method, path, permission, response.status_code, response.text[:120]))
    assert wrong == [], f"role {role}"
