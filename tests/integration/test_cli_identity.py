"""The CLI acts as a person's API key when given one (``--key`` or ``LEADHUB_API_KEY``): the key's
role and accounts, the same checks as API v1 (403 for a role, another tenant's object unseen,
401 for a revoked key), and the activity log names the key; without one it is the server's
operator (``cli``, every account)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest
from typer.testing import CliRunner

from hub.security import create_api_key
from hub.settings import Settings
from leadhub.cli import app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration


def leadhub(settings: Settings, *args: str, key: str | None = None, code: int = 0) -> Any:
    env = {"LEADHUB_DATA_DIR": str(settings.data_dir), "LEADHUB_ALLOW_PRIVATE_NETWORK": "1"}
    if key is not None:
        env["LEADHUB_API_KEY"] = key
    result = CliRunner().invoke(app, list(args), env=env)
    assert result.exit_code == code, result.output
    return json.loads(result.stdout) if code == 0 else result.output


def test_a_key_acts_with_its_role_and_accounts(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    eco = create_api_key(hub_con, "acc_eco", "eco ops", role="ops")
    lps = leadhub(settings, "lps", "list", key=eco)["items"]
    assert lps and {lp["account_id"] for lp in lps} == {"acc_eco"}
    everything = leadhub(settings, "lps", "list")["items"]  # the server's operator
    assert {lp["account_id"] for lp in everything} == {"acc_soleil", "acc_eco"}

    soleil_lp = next(lp["id"] for lp in everything if lp["account_id"] == "acc_soleil")
    unseen = leadhub(settings, "lps", "show", soleil_lp, key=eco, code=1)
    assert "404" in unseen
    refused = leadhub(settings, "lps", "archive", lps[0]["id"], key=eco, code=1)
    assert "403" in refused  # ops may not change the catalogue

    made = leadhub(
        settings, "--key", eco, "buyers", "create",
        "--set", "account_id=acc_eco", "--set", "name=CRM Ouest",
        "--set", "webhook_url=https://crm-ouest.example.com/leads",
    )  # fmt: skip
    actor = hub_con.execute(
        "SELECT actor FROM activity_log WHERE action = 'buyer.created' AND subject = ?",
        (made["id"],),
    ).fetchone()[0]
    key_id = hub_con.execute("SELECT id FROM api_keys WHERE name = 'eco ops'").fetchone()[0]
    assert actor == f"api_key:{key_id}"

    leadhub(settings, "keys", "revoke", key_id)
    assert "401" in leadhub(settings, "lps", "list", key=eco, code=1)
    assert "401" in leadhub(settings, "lps", "list", key="lh_not-a-key", code=1)
