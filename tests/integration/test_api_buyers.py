"""API v1 buyers, products and transfer prices on the real collector app: a generated signing
secret returned once (never listed nor read back, stored encrypted, a valid Standard Webhooks
secret), one 422 naming each bad field, loopback URLs refused without ``allow_private_network``,
viewer keys read only, another tenant's buyer a 404, a taken product code a 409, every change
logged (secrets masked, prices before → after); and the same through the ``leadhub`` CLI."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from typer.testing import CliRunner

from hub.security import SecretBox, create_api_key, parse_webhook_secret
from hub.settings import Settings, load_settings
from ingest.app import create_app
from leadhub.cli import app as cli_app
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration

HOOK = "http://buyer.example/hooks/leads"


@dataclass
class Api:
    client: TestClient[Litestar]
    con: sqlite3.Connection
    settings: Settings
    admin: str  # acc_soleil, admin (the demo key)
    eco: str  # acc_eco, admin
    viewer: str  # acc_soleil, viewer
    finance: str  # acc_soleil, finance

    def call(self, method: str, path: str, key: str, **kw: Any) -> Any:
        return self.client.request(method, path, headers={"Authorization": f"Token {key}"}, **kw)


@pytest.fixture
def api(settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld) -> Iterator[Api]:
    keys = {
        "eco": create_api_key(hub_con, "acc_eco", "eco"),
        "viewer": create_api_key(hub_con, "acc_soleil", "viewer", role="viewer"),
        "finance": create_api_key(hub_con, "acc_soleil", "finance", role="finance"),
    }
    with TestClient(create_app(settings)) as client:
        yield Api(client, hub_con, settings, world.api_key, **keys)


def fields(response: Any) -> set[str]:
    assert response.status_code == 422, response.text
    return {f["field"] for f in response.json()["error"]["fields"]}


def log(con: sqlite3.Connection, action: str) -> list[dict[str, Any]]:
    query = "SELECT actor, subject, account_id, detail FROM activity_log WHERE action = ?"
    return [{**dict(r), "detail": json.loads(r["detail"])} for r in con.execute(query, (action,))]


def test_buyer_secret_generated_once_encrypted_and_never_shown(api: Api) -> None:
    body = {"account_id": "acc_soleil", "name": "Installateur Sud", "webhook_url": HOOK}
    made = api.call("POST", "/v1/buyers", api.admin, json={**body, "contact_email": "a@b.fr"})
    assert made.status_code == 201, made.text
    buyer = made.json()
    secret = buyer["secret"]
    assert parse_webhook_secret(secret)
    assert buyer["has_secret"] and buyer["dedupes"] and buyer["return_window_days"] == 7
    stored = api.con.execute("SELECT secret_enc FROM buyers WHERE id = ?", (buyer["id"],))
    encrypted = stored.fetchone()[0]
    assert secret not in encrypted
    box = SecretBox.from_settings(api.settings.secret_key, api.settings.data_dir / "secret.key")
    assert box.decrypt(encrypted) == secret
    listed = api.call("GET", "/v1/buyers", api.admin).json()
    shown = api.call("GET", f"/v1/buyers/{buyer['id']}", api.admin).json()
    assert secret not in json.dumps(listed) and secret not in json.dumps(shown)
    assert "secret" not in shown and shown["has_secret"] is True
    assert buyer["id"] in {b["id"] for b in listed["items"]}
    [entry] = log(api.con, "buyer.created")
    assert entry["detail"]["secret_changed"] is True and secret not in json.dumps(entry)
    given = "whsec_bGVhZGh1Yi10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWI="
    kept = api.call("POST", "/v1/buyers", api.admin, json={**body, "secret": given}).json()
    assert "secret" not in kept and kept["has_secret"] is True


def test_buyer_bad_fields_named_in_one_422(api: Api) -> None:
    bad = {
        "account_id": "acc_soleil",
        "name": "",
        "webhook_url": "ftp://x.example/",
        "secret": "whsec_not-base64_",
        "contact_email": "nope",
        "return_window_days": 400,
        "colour": "red",
    }
    assert fields(api.call("POST", "/v1/buyers", api.admin, json=bad)) == {
        "name",
        "webhook_url",
        "secret",
        "contact_email",
        "return_window_days",
        "colour",
    }
    not_ascii = {"account_id": "acc_soleil", "name": "X", "webhook_url": HOOK, "secret": "é" * 40}
    assert fields(api.call("POST", "/v1/buyers", api.admin, json=not_ascii)) == {"secret"}
    other = {"account_id": "acc_eco", "name": "X", "webhook_url": HOOK}
    assert fields(api.call("POST", "/v1/buyers", api.admin, json=other)) == {"account_id"}


def test_loopback_url_refused_without_private_network(
    api: Api, settings: Settings, world: DemoWorld
) -> None:
    live = load_settings(data_dir=settings.data_dir, allow_private_network=False)
    with TestClient(create_app(live)) as client:
        body = {"account_id": "acc_soleil", "name": "Local", "webhook_url": "http://127.0.0.1/h"}
        refused = client.post(
            "/v1/buyers", json=body, headers={"Authorization": f"Token {api.admin}"}
        )
        assert fields(refused) == {"webhook_url"}
        patched = client.patch(
            "/v1/buyers/buy_soleil_crm",
            json={"webhook_url": "http://[::1]:8080/h"},
            headers={"Authorization": f"Token {api.admin}"},
        )
        assert fields(patched) == {"webhook_url"}
    allowed = api.call("POST", "/v1/buyers", api.admin, json=body)  # private network: allowed
    assert allowed.status_code == 201, allowed.text


def test_buyer_update_archive_roles_and_tenants(api: Api, world: DemoWorld) -> None:
    path = "/v1/buyers/buy_soleil_crm"
    changed = api.call(
        "PATCH", path, api.admin, json={"return_window_days": 14, "dedupes": False, "name": "CRM"}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["return_window_days"] == 14 and changed.json()["dedupes"] is False
    [entry] = log(api.con, "buyer.updated")
    assert entry["actor"].startswith("api_key:")
    assert entry["detail"]["after"] == {"return_window_days": 14, "dedupes": False, "name": "CRM"}
    assert entry["detail"]["before"]["return_window_days"] == 7
    new_secret = "whsec_bGVhZGh1Yi10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWJjZA=="
    api.call("PATCH", path, api.admin, json={"secret": new_secret})
    masked = log(api.con, "buyer.updated")[-1]
    assert masked["detail"]["secret_changed"] is True and new_secret not in json.dumps(masked)
    assert fields(api.call("PATCH", path, api.admin, json={"secret": "short"})) == {"secret"}
    assert api.call("PATCH", path, api.viewer, json={"name": "x"}).status_code == 403
    assert api.call("DELETE", path, api.viewer).status_code == 403
    assert api.call("POST", "/v1/buyers", api.viewer, json={}).status_code == 403
    assert api.call("GET", path, api.viewer).status_code == 200
    assert api.call("GET", path, api.eco).status_code == 404
    assert api.call("PATCH", path, api.eco, json={"name": "x"}).status_code == 404
    assert api.call("DELETE", path, api.eco).status_code == 404
    assert "buy_soleil_crm" not in {
        b["id"] for b in api.call("GET", "/v1/buyers", api.eco).json()["items"]
    }
    archived = api.call("DELETE", path, api.admin)
    assert archived.status_code == 200 and archived.json()["active"] is False
    assert api.call("GET", path, api.admin).json()["active"] is False
    assert len(log(api.con, "buyer.archived")) == 1


def test_products_and_transfer_prices(api: Api) -> None:
    listed = api.call("GET", "/v1/products", api.viewer).json()
    assert {"PV", "PAC"} <= {p["code"] for p in listed["items"]}
    product = {"code": "BATT", "label": "Batterie", "aides": ["MaPrimeRénov'"]}
    assert api.call("POST", "/v1/products", api.viewer, json=product).status_code == 403
    made = api.call("POST", "/v1/products", api.admin, json=product)
    assert made.status_code == 201, made.text
    assert made.json()["aides"] == ["MaPrimeRénov'"]
    assert api.call("POST", "/v1/products", api.admin, json=product).status_code == 409
    bad = {"code": "batt", "label": "", "aides": "x"}
    assert fields(api.call("POST", "/v1/products", api.admin, json=bad)) == {
        "code",
        "label",
        "aides",
    }
    renamed = api.call("PATCH", "/v1/products/BATT", api.admin, json={"label": "Batterie solaire"})
    assert renamed.json()["label"] == "Batterie solaire"
    assert log(api.con, "product.updated")[0]["detail"]["before"] == {"label": "Batterie"}

    assert (
        api.call("PUT", "/v1/transfer-prices/PV", api.viewer, json={"price_cents": 1}).status_code
        == 403
    )
    assert (
        api.call("PUT", "/v1/transfer-prices/PV", api.admin, json={"price_cents": 2800}).status_code
        == 200
    )
    assert (
        api.call(
            "PUT", "/v1/transfer-prices/BATT", api.finance, json={"price_cents": 900}
        ).status_code
        == 200
    )
    for bad in (-1, 10**7 + 1, 10**25):  # 10**25 was a 500: too large for SQLite (schemathesis)
        assert fields(
            api.call("PUT", "/v1/transfer-prices/PV", api.admin, json={"price_cents": bad})
        ) == {"price_cents"}
    assert fields(
        api.call("PUT", "/v1/transfer-prices/NOPE", api.admin, json={"price_cents": 1})
    ) == {"product_code"}
    prices = {
        p["product_code"]: p["price_cents"]
        for p in api.call("GET", "/v1/transfer-prices", api.viewer).json()["items"]
    }
    assert prices["PV"] == 2800 and prices["BATT"] == 900
    changes = {e["subject"]: e["detail"] for e in log(api.con, "transfer_price.set")}
    default = {"from_entity": None, "to_entity": None}
    assert changes["PV"] == {
        **default,
        "before": {"price_cents": 2500},
        "after": {"price_cents": 2800},
    }
    assert changes["BATT"] == {
        **default,
        "before": {"price_cents": None},
        "after": {"price_cents": 900},
    }


def test_cli_buyers_products_prices(
    settings: Settings, world: DemoWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADHUB_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LEADHUB_ALLOW_PRIVATE_NETWORK", "1")
    runner = CliRunner()
    made = runner.invoke(
        cli_app,
        ["buyers", "create", "--set", "account_id=acc_soleil", "--set", "name=Par CLI",
         "--set", f"webhook_url={HOOK}"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    buyer = json.loads(made.output)
    assert parse_webhook_secret(buyer["secret"])
    listed = runner.invoke(cli_app, ["buyers", "list"])
    assert listed.exit_code == 0 and buyer["id"] in listed.output
    assert buyer["secret"] not in listed.output
    bad = runner.invoke(cli_app, ["buyers", "create", "--set", "name=X"])
    assert bad.exit_code == 1
    assert runner.invoke(cli_app, ["buyers", "archive", buyer["id"]]).exit_code == 0
    made_product = runner.invoke(
        cli_app, ["products", "create", "--set", "code=BATT", "--set", "label=Batterie"]
    )
    assert made_product.exit_code == 0, made_product.output
    assert "BATT" in runner.invoke(cli_app, ["products", "list"]).output
    assert runner.invoke(cli_app, ["prices", "set", "BATT", "1200"]).exit_code == 0
    assert '"price_cents": 1200' in runner.invoke(cli_app, ["prices", "list"]).output


def test_buyer_billing_profile_validated_and_logged(api: Api) -> None:
    """What an invoice needs of a buyer: its legal identity, billing cycle and payment terms."""
    body = {"account_id": "acc_soleil", "name": "Installateur Sud", "webhook_url": HOOK}
    made = api.call("POST", "/v1/buyers", api.admin, json=body)
    assert made.status_code == 201, made.text
    buyer = made.json()
    assert buyer["billing_cycle"] == "monthly" and buyer["payment_days"] == 30
    assert buyer["siren"] is None and buyer["legal_name"] is None
    bad = api.call(
        "POST",
        "/v1/buyers",
        api.admin,
        json={**body, "billing_cycle": "daily", "payment_days": 90, "siren": "12"},
    )
    assert fields(bad) == {"billing_cycle", "payment_days", "siren"}
    profile = {
        "legal_name": "Installateur Sud SAS",
        "siren": "732 829 320",
        "vat_number": "fr 44 732829320",
        "address": "1 rue du Soleil, 13001 Marseille",
        "billing_cycle": "weekly",
        "payment_days": 15,
    }
    path = f"/v1/buyers/{buyer['id']}"
    changed = api.call("PATCH", path, api.admin, json=profile)
    assert changed.status_code == 200, changed.text
    got = api.call("GET", path, api.viewer).json()
    assert got["siren"] == "732829320" and got["vat_number"] == "FR44732829320"
    assert got["billing_cycle"] == "weekly" and got["payment_days"] == 15
    entry = log(api.con, "buyer.updated")[-1]
    assert entry["detail"]["before"]["billing_cycle"] == "monthly"
    assert entry["detail"]["after"]["legal_name"] == "Installateur Sud SAS"
