"""Issue 9, "what it must show": a user of one brand never sees another's LPs, leads or buyers —
two sister brands of one entity, each with its LP, form, buyer and lead, seen through API v1, the
CLI (``--key``) and the dashboard (AppTest, signed in as a brand's user). The entity above them
sees both."""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from litestar.testing import TestClient
from typer.testing import CliRunner

from dashboard.i18n import translate
from hub.db import utcnow
from hub.security import create_api_key
from hub.services import accounts, buyers, catalogue
from hub.services.actor import CLI
from hub.settings import Settings
from ingest.app import create_app
from leadhub.cli import app as cli_app
from leadhub.demo.seed import DemoWorld
from tests.integration.apptest import make_users, open_page, signed_in, use_data_dir

pytestmark = pytest.mark.integration

BRANDS = ("acc_soleil_solaire", "acc_soleil_pompe")


@dataclass
class Brand:
    account_id: str
    lp_id: str
    buyer_id: str
    lead_id: str
    last_name: str
    key: str  # an ops API key of the brand


def _brand(con: sqlite3.Connection, settings: Settings, account_id: str, n: int) -> Brand:
    now = utcnow()
    if account_id != "acc_soleil_solaire":
        accounts.create_account(
            con, CLI, {"id": account_id, "name": f"Marque {n}", "parent_id": "acc_soleil"}, now
        )
    lp = catalogue.create_lp(
        con,
        CLI,
        {
            "account_id": account_id,
            "name": f"LP marque {n}",
            "url": f"https://marque{n}.soleil-habitat.fr/",
            "product_code": "PV",
        },
        now,
    )
    form = catalogue.create_form(
        con,
        CLI,
        {
            "lp_id": lp["id"],
            "name": f"Formulaire marque {n}",
            "url": f"https://devis{n}.soleil-habitat.fr/",
            "thank_you_url": f"https://devis{n}.soleil-habitat.fr/merci/",
            "consent_text": "J'accepte d'être recontacté.",
        },
        now,
    )
    buyer = buyers.create_buyer(
        con,
        CLI,
        settings,
        {
            "account_id": account_id,
            "name": f"Acheteur marque {n}",
            "webhook_url": f"https://crm{n}.example.com/leads",
        },
        now,
    )
    last_name = f"Marque{n}"
    with TestClient(create_app(settings)) as client:
        r = client.post(
            "/v1/leads",
            json={
                "form_key": form["key"],
                "first_name": "Léa",
                "last_name": last_name,
                "phone": f"07812300{n:02d}",
                "postal_code": "69003",
                "consent": True,
                "session_id": uuid.uuid4().hex,
            },
        )
    assert r.status_code == 201, r.text
    key = create_api_key(con, account_id, f"ops {n}", role="ops")
    return Brand(account_id, lp["id"], buyer["id"], r.json()["lead_id"], last_name, key)


@pytest.fixture
def brands(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> tuple[Brand, Brand]:
    one, two = (_brand(hub_con, settings, a, n) for n, a in enumerate(BRANDS, start=1))
    return one, two


def test_api_v1_shows_a_brand_only_its_own(
    settings: Settings, brands: tuple[Brand, Brand], world: DemoWorld
) -> None:
    one, two = brands
    with TestClient(create_app(settings)) as client:

        def get(key: str, path: str) -> Any:
            return client.get(path, headers={"Authorization": f"Token {key}"})

        for me, other in ((one, two), (two, one)):
            lps = {lp["id"] for lp in get(me.key, "/v1/landing-pages").json()["items"]}
            assert lps == {me.lp_id}
            assert {b["id"] for b in get(me.key, "/v1/buyers").json()["items"]} == {me.buyer_id}
            assert [x["id"] for x in get(me.key, "/v1/leads").json()["items"]] == [me.lead_id]
            assert get(me.key, f"/v1/landing-pages/{other.lp_id}").status_code == 404
            assert get(me.key, f"/v1/buyers/{other.buyer_id}").status_code == 404
            assert get(me.key, f"/v1/leads/{other.lead_id}").status_code == 404
        entity = {x["id"] for x in get(world.api_key, "/v1/leads").json()["items"]}
        assert {one.lead_id, two.lead_id} <= entity  # the entity sees both brands


def test_the_cli_with_a_brands_key_shows_only_its_own(
    settings: Settings, brands: tuple[Brand, Brand]
) -> None:
    one, two = brands
    env = {
        "LEADHUB_DATA_DIR": str(settings.data_dir),
        "LEADHUB_ALLOW_PRIVATE_NETWORK": "1",
        "LEADHUB_API_KEY": one.key,
    }

    def cli(*args: str, code: int = 0) -> Any:
        result = CliRunner().invoke(cli_app, list(args), env=env)
        assert result.exit_code == code, result.output
        return json.loads(result.stdout) if code == 0 else result.output

    assert {lp["id"] for lp in cli("lps", "list")["items"]} == {one.lp_id}
    assert {b["id"] for b in cli("buyers", "list")["items"]} == {one.buyer_id}
    assert [x["id"] for x in cli("leads", "list")["items"]] == [one.lead_id]
    assert "404" in cli("lps", "show", two.lp_id, code=1)
    assert "404" in cli("leads", "show", two.lead_id, code=1)


def test_the_dashboard_shows_a_brands_user_only_its_own(
    settings: Settings,
    hub_con: sqlite3.Connection,
    brands: tuple[Brand, Brand],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_data_dir(settings, monkeypatch)
    one, two = brands
    make_users(hub_con, [("ops@marque1.fr", "ops", one.account_id)])
    at = signed_in("ops@marque1.fr", "landing_pages.py")
    assert {str(v) for v in at.dataframe[0].value["Compte"]} == {one.account_id}
    open_page(at, "buyers.py")
    assert [str(v) for v in at.dataframe[0].value["Identifiant"]] == [one.buyer_id]
    open_page(at, "leads.py")
    names = [str(v) for v in at.dataframe[0].value[translate("fr", "leads.col.name")]]
    assert len(names) == 1 and one.last_name in names[0]
    assert not any(two.last_name in str(n) for n in names)
