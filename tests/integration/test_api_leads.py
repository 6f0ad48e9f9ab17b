"""API v1 leads: Token/Bearer auth, pagination with total, filters, tenant isolation, detail."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from hub.db import now_iso, open_hub
from hub.security import create_api_key
from hub.settings import load_settings
from ingest.app import create_app
from leadhub.demo.seed import seed_demo

pytestmark = pytest.mark.integration

# form key → number of leads created in it (acc_soleil: PV, PAC; acc_eco: ITE; brand: sub-account)
PLAN = {"fm_solaire_demo": 5, "fm_pac_demo": 2, "fm_ite_demo": 3, "fm_brand": 1}


@dataclass
class Env:
    client: TestClient[Litestar]
    con: sqlite3.Connection
    keys: dict[str, str]  # account id → API key
    leads: dict[str, list[str]]  # form key → lead ids, oldest first


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    data_dir: Path = tmp_path_factory.mktemp("api")
    settings = load_settings(data_dir=data_dir, allow_private_network=True)
    settings.ensure_dirs()
    con = open_hub(settings.hub_db)
    world = seed_demo(
        con,
        settings,
        buyer_secret="whsec_bGVhZGh1Yi10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWI=",
        password="pw",
    )
    con.execute(
        "INSERT INTO forms (id, key, account_id, name, url, thank_you_url, product_code,"
        " consent_version, consent_text, created_at) SELECT 'frm_brand', 'fm_brand',"
        " 'acc_soleil_solaire', 'Marque', url, thank_you_url, product_code, consent_version,"
        " consent_text, created_at FROM forms WHERE key = 'fm_solaire_demo'"
    )
    keys = {
        "acc_soleil": world.api_key,
        "acc_eco": create_api_key(con, "acc_eco", "t"),
        "acc_soleil_solaire": create_api_key(con, "acc_soleil_solaire", "t"),
    }
    leads: dict[str, list[str]] = {}
    with TestClient(create_app(settings)) as client:
        for f, (form_key, n) in enumerate(PLAN.items()):
            for i in range(n):
                r = client.post(
                    "/v1/leads",
                    json={
                        "form_key": form_key,
                        "first_name": "Léa",
                        "last_name": f"N{i}",
                        "phone": f"078123{f:02d}{i:02d}",  # no two alike: no duplicates
                        "postal_code": "69003",
                        "consent": True,
                        "session_id": uuid.uuid4().hex,
                    },
                )
                assert r.status_code == 201, r.text
                leads.setdefault(form_key, []).append(r.json()["lead_id"])
        yield Env(client, con, keys, leads)
    con.close()


def auth(env: Env, account: str, scheme: str = "Token") -> dict[str, str]:
    return {"Authorization": f"{scheme} {env.keys[account]}"}


def page(env: Env, account: str, **query: Any) -> dict[str, Any]:
    r = env.client.get("/v1/leads", params=query, headers=auth(env, account))
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


@pytest.mark.parametrize(
    "header", [None, "Basic dXNlcjpwdw==", "Token", "Token lh_nope", "Bearer lh_nope"]
)
def test_missing_or_bad_credentials_are_401(env: Env, header: str | None) -> None:
    r = env.client.get("/v1/leads", headers={"Authorization": header} if header else {})
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthorized"
    assert "Token" in r.headers["www-authenticate"]
    assert (
        env.client.get(
            f"/v1/leads/{env.leads['fm_pac_demo'][0]}",
            headers={"Authorization": header} if header else {},
        ).status_code
        == 401
    )


def test_token_and_bearer_schemes_are_accepted_and_revocation_works(env: Env) -> None:
    for scheme in ("Token", "Bearer", "token"):
        r = env.client.get("/v1/leads", headers=auth(env, "acc_eco", scheme))
        assert r.status_code == 200
    key = create_api_key(env.con, "acc_eco", "revoked")
    env.con.execute("UPDATE api_keys SET revoked_at = ? WHERE name = 'revoked'", (now_iso(),))
    r = env.client.get("/v1/leads", headers={"Authorization": f"Token {key}"})
    assert r.status_code == 401


def test_pagination_with_total_newest_first(env: Env) -> None:
    expected = {*env.leads["fm_solaire_demo"], *env.leads["fm_pac_demo"], *env.leads["fm_brand"]}
    everything = page(env, "acc_soleil")
    assert (everything["total"], everything["offset"], everything["limit"]) == (8, 0, 50)
    ids = [item["id"] for item in everything["items"]]
    assert set(ids) == expected
    created = [item["created_at"] for item in everything["items"]]
    assert created == sorted(created, reverse=True)
    pages = [page(env, "acc_soleil", limit=3, offset=offset) for offset in (0, 3, 6)]
    assert [len(p["items"]) for p in pages] == [3, 3, 2]
    assert {p["total"] for p in pages} == {8}
    assert [item["id"] for p in pages for item in p["items"]] == ids
    beyond = page(env, "acc_soleil", offset=100)
    assert beyond["items"] == [] and beyond["total"] == 8  # the total past the last page too
    assert page(env, "acc_soleil", q="nobody-matches-this")["total"] == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": "501"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"status": "paid"}, "status"),
        ({"since": "hier"}, "since"),
        ({"until": "demain"}, "until"),
        ({"departement": "999"}, "departement"),
        ({"phone": "zéro six"}, "phone"),
        ({"is_test": "peut-être"}, "is_test"),
        ({"stauts": "sold"}, "stauts"),  # a typo is not "no filter"
    ],
)
def test_bad_query_parameters_are_422_naming_them(
    env: Env, query: dict[str, str], field: str
) -> None:
    r = env.client.get("/v1/leads", params=query, headers=auth(env, "acc_soleil"))
    assert r.status_code == 422
    assert [f["field"] for f in r.json()["error"]["fields"]] == [field]


def test_filters(env: Env) -> None:
    assert page(env, "acc_soleil", form_key="fm_pac_demo")["total"] == 2
    assert page(env, "acc_soleil", form_key="fm_ite_demo")["total"] == 0  # another tenant's form
    assert page(env, "acc_soleil", status="new")["total"] == 8
    assert page(env, "acc_soleil", status="sold")["total"] == 0
    assert page(env, "acc_soleil", since="2999-01-01")["total"] == 0
    assert page(env, "acc_soleil", since="2000-01-01T00:00:00+01:00")["total"] == 8
    raw = env.client.get(
        "/v1/leads?since=2000-01-01T00:00:00+01:00",  # "+" unencoded
        headers=auth(env, "acc_soleil"),
    )
    assert raw.status_code == 200 and raw.json()["total"] == 8
    assert page(env, "acc_soleil", phone="07 81 23 00")["total"] == 5  # fm_solaire_demo's
    assert page(env, "acc_soleil", q="+33 7 81 23 01 01")["items"][0]["form_key"] == "fm_pac_demo"
    assert page(env, "acc_soleil", name="LEA n1")["total"] == 2  # fm_solaire_demo and fm_pac_demo
    assert page(env, "acc_soleil", departement="69", lp="lp_pac_demo")["total"] == 2
    assert page(env, "acc_soleil", form="fm_brand", until="2999-12-31")["total"] == 1
    assert page(env, "acc_eco", q="07 81")["total"] == 3  # never another tenant's


def test_tenants_never_see_each_other(env: Env) -> None:
    eco = page(env, "acc_eco")
    assert eco["total"] == 3
    assert {item["id"] for item in eco["items"]} == set(env.leads["fm_ite_demo"])
    assert {item["account_id"] for item in eco["items"]} == {"acc_eco"}
    brand = page(env, "acc_soleil_solaire")
    assert [item["id"] for item in brand["items"]] == env.leads["fm_brand"]
    soleil_lead, eco_lead = env.leads["fm_solaire_demo"][0], env.leads["fm_ite_demo"][0]
    for account, lead_id in (
        ("acc_eco", soleil_lead),
        ("acc_soleil", eco_lead),
        ("acc_soleil_solaire", soleil_lead),
    ):
        r = env.client.get(f"/v1/leads/{lead_id}", headers=auth(env, account))
        assert r.status_code == 404, (account, lead_id)
        assert r.json()["error"]["code"] == "not_found"
    r = env.client.get(f"/v1/leads/{env.leads['fm_brand'][0]}", headers=auth(env, "acc_soleil"))
    assert r.status_code == 200  # a parent account sees its brands' leads


def test_detail_has_routing_decisions_and_deliveries(env: Env) -> None:
    lead_id = env.leads["fm_solaire_demo"][1]
    now = now_iso()
    env.con.execute(
        "INSERT INTO routing_decisions (lead_id, commande_id, outcome, reason,"
        " created_at) VALUES (?, 'cmd_eco_pv', 'skipped', 'departement 69', ?),"
        " (?, 'cmd_soleil_pv', 'selected', 'priority 10', ?)",
        (lead_id, now, lead_id, now),
    )
    env.con.execute(
        "INSERT INTO deliveries (id, lead_id, buyer_id, commande_id, price_cents,"
        " status, attempts, created_at, updated_at) VALUES"
        " ('dlv_test', ?, 'buy_soleil_crm', 'cmd_soleil_pv', 3500, 'pending', 0, ?, ?)",
        (lead_id, now, now),
    )
    r = env.client.get(f"/v1/leads/{lead_id}", headers=auth(env, "acc_soleil", "Bearer"))
    assert r.status_code == 200
    lead = r.json()
    assert lead["id"] == lead_id and lead["form_key"] == "fm_solaire_demo"
    assert lead["phone"] == "+33781230001" and lead["departement"] == "69"
    assert lead["consent"]["given"] is True and lead["consent"]["version"] == "2026-11-v1"
    assert [(d["commande_id"], d["outcome"]) for d in lead["routing_decisions"]] == [
        ("cmd_eco_pv", "skipped"),
        ("cmd_soleil_pv", "selected"),
    ]
    assert [
        (d["id"], d["buyer_name"], d["price_cents"], d["status"]) for d in lead["deliveries"]
    ] == [("dlv_test", "CRM Soleil Habitat", 3500, "pending")]
    assert "key_hash" not in str(lead) and "secret" not in str(lead)
