"""Transfer prices per pair of entities through the real router and the intercompany close
(decision 0062): four entities (Soleil, Nord, Sud produce PV leads, Eco's buyer buys them); each
pair's sale freezes its own price, a pair without one the product's default, the most specific
price wins (producer → seller, then producer → any, then any → seller); the week's intercompany
invoices bill each producer at the frozen values, even after the prices change."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from hub.db import transaction, utcnow
from hub.services import transfer_prices
from hub.services.accounts import create_account
from hub.services.actor import CLI
from hub.services.billing.close import close_period
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from routing.worker import run_until_idle
from tests.integration.test_billing_support import invoices, lines
from tests.integration.test_routing_support import (
    add_lead,
    fake_crm,
    fast_policy,
    only_commandes,
    phone,
    point_buyers,
)

pytestmark = pytest.mark.integration

PARIS = ZoneInfo("Europe/Paris")
ENTITIES = {
    "acc_nord": ("Nord Habitat", "443061841", "FR12443061841", "1 rue Nationale, 59000 Lille"),
    "acc_sud": ("Sud Energie", "512318936", "FR34512318936", "2 la Canebière, 13001 Marseille"),
}


def make_entities(con: sqlite3.Connection) -> None:
    for account_id, (name, siren, vat, address) in ENTITIES.items():
        body = {"id": account_id, "kind": "entity", "name": name, "legal_name": f"{name} SAS"}
        body |= {"siren": siren, "vat_number": vat, "address": address}
        create_account(con, CLI, body, utcnow())


def price(con: sqlite3.Connection, cents: int, source: str | None, target: str | None) -> None:
    payload: dict[str, Any] = {"price_cents": cents, "from_entity": source, "to_entity": target}
    transfer_prices.set_price(con, CLI, "PV", payload, utcnow())


_n = iter(range(100, 10_000))


def route(con: sqlite3.Connection, settings: Settings, *accounts: str) -> list[str]:
    """One PV lead produced by each account, all sold to Eco's buyer (cmd_eco_pv)."""
    leads = [add_lead(con, phone_e164=phone(next(_n))) for _ in accounts]
    with transaction(con):
        for lead, account in zip(leads, accounts, strict=True):
            con.execute("UPDATE leads SET account_id = ? WHERE id = ?", (account, lead))
    run_until_idle(settings, policy=fast_policy())
    return leads


def frozen(con: sqlite3.Connection, leads: list[str]) -> list[int | None]:
    out = []
    for lead in leads:
        row = con.execute(
            "SELECT status, transfer_cents FROM deliveries WHERE lead_id = ?", (lead,)
        ).fetchone()
        assert row["status"] == "delivered"
        out.append(row["transfer_cents"])
    return out


def test_each_pair_freezes_its_price_and_invoices_bill_the_frozen_values(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    make_entities(hub_con)
    price(hub_con, 2600, "acc_soleil", "acc_eco")
    price(hub_con, 2700, "acc_nord", "acc_eco")
    price(hub_con, 9900, "acc_nord", "acc_soleil")  # another pair: not Nord → Eco's price
    only_commandes(hub_con, "cmd_eco_pv")
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        first = route(hub_con, settings, "acc_soleil", "acc_soleil_solaire", "acc_nord", "acc_sud")
        # Soleil's brand is Soleil's; Sud → Eco has no price of its own: PV's default.
        assert frozen(hub_con, first) == [2600, 2600, 2700, 2500]

        price(hub_con, 2300, None, "acc_eco")  # any → Eco beats the default
        [sud_any] = route(hub_con, settings, "acc_sud")
        price(hub_con, 2200, "acc_sud", None)  # Sud → any beats any → Eco
        [sud_own] = route(hub_con, settings, "acc_sud")
        price(hub_con, 2100, "acc_sud", "acc_eco")  # the pair beats both
        [sud_pair] = route(hub_con, settings, "acc_sud")
        assert frozen(hub_con, [sud_any, sud_own, sud_pair]) == [2300, 2200, 2100]

    # Prices change after the sales: the invoices keep the frozen values.
    price(hub_con, 1, "acc_soleil", "acc_eco")
    price(hub_con, 1, None, None)
    delivered = hub_con.execute("SELECT max(delivered_at) FROM deliveries").fetchone()[0]
    year, week, _ = datetime.fromisoformat(delivered).astimezone(PARIS).isocalendar()
    after = datetime.fromisoformat(delivered) + timedelta(days=8)
    close_period(hub_con, CLI, f"{year}-W{week:02d}", after)

    billed = {
        (i["entity_id"], i["customer_entity_id"]): sorted(lines(hub_con, i["id"]))
        for i in invoices(hub_con, customer_entity_id="acc_eco")
    }
    assert billed == {
        ("acc_soleil", "acc_eco"): [("transfer", "PV", 2, 2600)],
        ("acc_nord", "acc_eco"): [("transfer", "PV", 1, 2700)],
        ("acc_sud", "acc_eco"): [
            ("transfer", "PV", 1, 2100),
            ("transfer", "PV", 1, 2200),
            ("transfer", "PV", 1, 2300),
            ("transfer", "PV", 1, 2500),
        ],
    }
