"""The lead search service (hub.services.leads): phone, e-mail and name in part and normalised,
every filter, tenant isolation, one 422 naming each bad filter; the test flag, logged once."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from hub.db import transaction, utcnow
from hub.errors import ApiError
from hub.services import leads
from hub.services.actor import CLI, user
from leadhub.demo.seed import DemoWorld
from tests.integration.test_routing_support import add_lead, rows

pytestmark = pytest.mark.integration

SOLEIL = user("usr_ops", "ops", ["acc_soleil", "acc_soleil_solaire"])
BRAND = user("usr_brand", "viewer", ["acc_soleil_solaire"])
ECO = user("usr_eco", "ops", ["acc_eco"])


def lead(con: sqlite3.Connection, product: str = "PV", **cols: Any) -> str:
    """A lead as intake stores it, then the given columns."""
    lead_id = add_lead(
        con, product=product, phone_e164=cols.pop("phone_e164", None), status="routed"
    )
    if cols:
        sets = ", ".join(f"{k} = :{k}" for k in cols)
        with transaction(con):
            con.execute(f"UPDATE leads SET {sets} WHERE id = :id", {**cols, "id": lead_id})
    return lead_id


@pytest.fixture
def people(hub_con: sqlite3.Connection, world: DemoWorld) -> dict[str, str]:
    return {
        "lea": lead(
            hub_con,
            phone_e164="+33612345679",
            first_name="Léa",
            last_name="Müller",
            email="Lea.Muller@Example.org",
            source="facebook",
            utm_campaign="Hiver-PV",
            departement="2A",
            created_at="2026-11-30T23:30:00.000000+00:00",  # 1 December in Paris
        ),
        "eloise": lead(
            hub_con,
            phone_e164="+33712000001",
            first_name="Éloïse",
            last_name="Dupont",
            email="eloise@exemple.fr",
            source="google",
            created_at="2026-11-30T22:30:00.000000+00:00",  # 30 November in Paris
        ),
        "reunion": lead(hub_con, phone_e164="+262693123456", first_name="Paul", last_name="Hoarau"),
        "eco": lead(
            hub_con,
            product="ITE",
            phone_e164="+33612345680",
            first_name="Léa",
            last_name="Martin",
        ),
    }


def found(con: sqlite3.Connection, actor: Any, **filters: str) -> list[str]:
    return [item["id"] for item in leads.list_leads(con, actor, filters, 0, 500)["items"]]


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("06 12 34", {"lea"}),
        ("+33612", {"lea"}),
        ("+33 6 12 34 56 79", {"lea"}),
        ("0033 6 12", {"lea"}),
        ("06.12.34.56.79", {"lea"}),
        ("612345679", {"lea"}),
        ("45 67 9", {"lea"}),
        ("0693", {"reunion"}),
        ("+262 693 12", {"reunion"}),
        ("07 12", {"eloise"}),
        ("06 99", set()),
    ],
)
def test_phone_matches_whole_or_in_part_however_typed(
    hub_con: sqlite3.Connection, people: dict[str, str], typed: str, who: set[str]
) -> None:
    names = {v: k for k, v in people.items()}
    assert {names[i] for i in found(hub_con, SOLEIL, phone=typed)} == who
    assert {names[i] for i in found(hub_con, SOLEIL, q=typed)} == who


def test_email_and_name_match_in_part_without_case_or_accents(
    hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    assert found(hub_con, SOLEIL, email="LEA.MULLER@") == [people["lea"]]
    assert found(hub_con, SOLEIL, email="exemple.fr") == [people["eloise"]]
    assert found(hub_con, SOLEIL, name="muller") == [people["lea"]]
    assert found(hub_con, SOLEIL, name="DUPONT eloise") == [people["eloise"]]  # any order
    assert found(hub_con, SOLEIL, name="éloïse martin") == []  # every word must match
    assert set(found(hub_con, SOLEIL, q="lea")) == {people["lea"]}  # Léa Martin is Eco's
    assert found(hub_con, SOLEIL, q="hoarau") == [people["reunion"]]
    assert found(hub_con, SOLEIL, q="exemple.fr") == [people["eloise"]]
    assert found(hub_con, CLI, q="Léa") == [people["eco"], people["lea"]]  # newest first


def test_every_filter(
    hub_con: sqlite3.Connection, people: dict[str, str], world: DemoWorld
) -> None:
    assert found(hub_con, SOLEIL, departement="2a") == [people["lea"]]
    assert found(hub_con, SOLEIL, source="Facebook") == [people["lea"]]
    assert found(hub_con, SOLEIL, campaign="hiver-pv") == [people["lea"]]
    assert found(hub_con, SOLEIL, since="2026-12-01", until="2026-12-01") == [people["lea"]]
    assert found(hub_con, SOLEIL, until="2026-11-30") == [people["eloise"]]  # Paris days
    assert len(found(hub_con, SOLEIL, lp="lp_solaire_demo")) == 3
    assert (
        len(found(hub_con, SOLEIL, form="fm_solaire_demo"))
        == len(found(hub_con, SOLEIL, form_key="fm_solaire_demo"))
        == 3
    )
    assert found(hub_con, SOLEIL, form="fm_ite_demo") == []  # another tenant's form
    assert found(hub_con, SOLEIL, status="sold") == []
    with transaction(hub_con):
        hub_con.execute(
            "INSERT INTO deliveries (id, lead_id, buyer_id, commande_id, price_cents, status,"
            " created_at, updated_at) VALUES ('dlv_x', ?, 'buy_soleil_crm', 'cmd_soleil_pv',"
            " 3500, 'delivered', '2026-12-01T08:00:00+00:00', '2026-12-01T08:00:00+00:00')",
            (people["eloise"],),
        )
        hub_con.execute("UPDATE leads SET is_test = 1 WHERE id <> ?", (people["reunion"],))
    assert found(hub_con, SOLEIL, buyer="buy_soleil_crm") == [people["eloise"]]
    assert found(hub_con, SOLEIL, is_test="false") == [people["reunion"]]
    assert len(found(hub_con, SOLEIL, is_test="true")) == 2


def test_tenants_never_see_each_other(hub_con: sqlite3.Connection, people: dict[str, str]) -> None:
    assert found(hub_con, ECO) == [people["eco"]]
    assert people["eco"] not in found(hub_con, SOLEIL)
    assert found(hub_con, ECO, q="06 12") == [people["eco"]]
    assert found(hub_con, BRAND) == []  # the brand has no lead of its own
    for actor, lead_id in ((ECO, people["lea"]), (SOLEIL, people["eco"]), (BRAND, people["lea"])):
        with pytest.raises(ApiError) as err:
            leads.get_lead(hub_con, actor, lead_id)
        assert err.value.status_code == 404
    for actor, lead_id in ((ECO, people["lea"]), (SOLEIL, people["eco"])):
        with pytest.raises(ApiError) as err:
            leads.set_test(hub_con, actor, lead_id, True, utcnow())
        assert err.value.status_code == 404


def test_bad_filters_are_one_422_naming_each(
    hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    bad = {
        "status": "paid",
        "departement": "999",
        "phone": "0",
        "since": "hier",
        "until": "demain",
        "is_test": "maybe",
        "stauts": "sold",
    }
    with pytest.raises(ApiError) as err:
        leads.list_leads(hub_con, SOLEIL, bad)
    assert err.value.status_code == 422 and err.value.code == "invalid_query"
    assert {f.field for f in err.value.fields} == set(bad)
    assert all(f.message_fr and f.message_en for f in err.value.fields)


def test_the_test_flag_is_logged_once_and_needs_leads_operate(
    hub_con: sqlite3.Connection, people: dict[str, str]
) -> None:
    lea = people["reunion"]
    with transaction(hub_con):
        hub_con.execute("UPDATE leads SET is_test = 0 WHERE id = ?", (lea,))
    assert leads.set_test(hub_con, SOLEIL, lea, True, utcnow())["changed"] is True
    assert leads.set_test(hub_con, SOLEIL, lea, True, utcnow())["changed"] is False
    assert leads.get_lead(hub_con, SOLEIL, lea)["is_test"] is True
    log = rows(hub_con, "SELECT actor, action FROM activity_log WHERE subject = ?", lea)
    assert log == [{"actor": "user:usr_ops", "action": "lead.marked_test"}]
    viewer = user("usr_v", "viewer", ["acc_soleil"])
    with pytest.raises(ApiError) as err:
        leads.set_test(hub_con, viewer, lea, False, utcnow())
    assert err.value.status_code == 403
    with pytest.raises(ApiError) as err:
        leads.set_test(hub_con, SOLEIL, lea, "yes", utcnow())  # type: ignore[arg-type]
    assert err.value.status_code == 422
    detail = leads.get_lead(hub_con, viewer, lea)
    assert [(e["kind"], e["action"]) for e in detail["timeline"] if e["kind"] == "action"] == [
        ("action", "lead.marked_test")
    ]
