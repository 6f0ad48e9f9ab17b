"""The transfer prices service on the real seeded hub (decision 0062): migration 0031 kept the
products' prices (changed ones too) as their defaults; a pair's price is set, replaced and
deleted, each logged before → after under an entity of the pair; bad pairs are a 422 naming
the field (unknown entity, a brand, the same entity twice, a default deleted), nothing
written; another tenant's pair is a 404 and hidden from its lists."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest

from hub.db import _migrations, connect, migrate, utcnow
from hub.errors import ApiError
from hub.services import transfer_prices
from hub.services.accounts import create_account
from hub.services.actor import CLI, Actor, user
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld

pytestmark = pytest.mark.integration

SOLEIL = user("usr_fin_soleil", "finance", ["acc_soleil", "acc_soleil_solaire"])
ECO = user("usr_fin_eco", "finance", ["acc_eco"])
BRAND = user("usr_fin_brand", "finance", ["acc_soleil_solaire"])
PAIR = {"from_entity": "acc_soleil", "to_entity": "acc_eco"}


_CON: list[sqlite3.Connection] = []  # the test's hub connection (set by the fixture below)


def _con() -> sqlite3.Connection:
    return _CON[0]


@pytest.fixture(autouse=True)
def con(hub_con: sqlite3.Connection, world: DemoWorld) -> sqlite3.Connection:
    _CON[:] = [hub_con]
    return hub_con


def put(actor: Actor, cents: int, code: str = "PV", **pair: Any) -> dict[str, Any]:
    payload = {"price_cents": cents, **pair}
    return transfer_prices.set_price(_con(), actor, code, payload, utcnow())


def listed(actor: Actor) -> list[tuple[str, str | None, str | None, int]]:
    items = transfer_prices.list_prices(_con(), actor, 0, 100)["items"]
    return [(p["product_code"], p["from_entity"], p["to_entity"], p["price_cents"]) for p in items]


def refused(call: Any) -> ApiError:
    with pytest.raises(ApiError) as err:
        call()
    return err.value


def field_reasons(err: ApiError) -> dict[str, str]:
    assert err.status_code == 422, err
    return {f.field: f.reason for f in err.fields}


def logged(action: str) -> list[dict[str, Any]]:
    rows = _con().execute(
        "SELECT actor, subject, account_id, detail FROM activity_log WHERE action = ? ORDER BY id",
        (action,),
    )
    return [{**dict(r), "detail": json.loads(r["detail"])} for r in rows]


def test_the_products_prices_stay_their_defaults() -> None:
    assert listed(CLI) == [
        ("ITE", None, None, 2000),
        ("PAC", None, None, 3000),
        ("PV", None, None, 2500),
    ]
    assert listed(BRAND) == listed(CLI)  # defaults are everyone's


def test_migration_0031_keeps_a_changed_price_as_the_default(settings: Settings) -> None:
    con = connect(settings.data_dir / "old.db")
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT)")
    for version, script in _migrations():
        if version < 31:
            con.executescript(script)
            con.execute("INSERT INTO schema_migrations VALUES (?, 'then')", (version,))
    con.execute("UPDATE transfer_prices SET price_cents = 2750 WHERE product_code = 'PV'")
    con.commit()
    assert migrate(con) >= 31
    rows = con.execute("SELECT * FROM transfer_prices WHERE product_code = 'PV'").fetchall()
    assert [(r["from_entity"], r["to_entity"], r["price_cents"]) for r in rows] == [
        (None, None, 2750)
    ]
    with pytest.raises(sqlite3.IntegrityError):  # still one default per product
        con.execute(
            "INSERT INTO transfer_prices (product_code, price_cents, updated_at)"
            " VALUES ('PV', 1, 'now')"
        )
    con.close()


def test_a_pair_is_set_replaced_and_deleted_each_change_logged() -> None:
    made = put(SOLEIL, 2600, **PAIR)
    assert (made["from_entity"], made["to_entity"], made["price_cents"]) == (
        "acc_soleil",
        "acc_eco",
        2600,
    )
    put(ECO, 2800, **PAIR)  # the billed entity is a party to it too
    put(ECO, 2800, **PAIR)  # unchanged: not logged again
    assert ("PV", "acc_soleil", "acc_eco", 2800) in listed(SOLEIL)
    assert [p for p in listed(CLI) if p[0] == "PV"] == [
        ("PV", None, None, 2500),
        ("PV", "acc_soleil", "acc_eco", 2800),
    ]
    changes = [(e["actor"], e["account_id"], e["detail"]) for e in logged("transfer_price.set")]
    assert changes == [
        (
            "user:usr_fin_soleil",
            "acc_soleil",
            {**PAIR, "before": {"price_cents": None}, "after": {"price_cents": 2600}},
        ),
        (
            "user:usr_fin_eco",
            "acc_eco",
            {**PAIR, "before": {"price_cents": 2600}, "after": {"price_cents": 2800}},
        ),
    ]

    gone = transfer_prices.delete_price(_con(), SOLEIL, "PV", PAIR, utcnow())
    assert gone["deleted"] is True and gone["price_cents"] == 2800
    assert ("PV", "acc_soleil", "acc_eco", 2800) not in listed(CLI)
    [entry] = logged("transfer_price.deleted")
    assert entry["detail"] == {**PAIR, "before": {"price_cents": 2800}, "after": None}
    again = refused(lambda: transfer_prices.delete_price(_con(), SOLEIL, "PV", PAIR, utcnow()))
    assert again.status_code == 404
    default = refused(lambda: transfer_prices.delete_price(_con(), CLI, "PV", {}, utcnow()))
    assert field_reasons(default) == {"from_entity": "required", "to_entity": "required"}
    assert ("PV", None, None, 2500) in listed(CLI)


def test_bad_pairs_name_the_field_and_write_nothing() -> None:
    before = listed(CLI)
    unknown = refused(lambda: put(SOLEIL, 100, from_entity="acc_soleil", to_entity="acc_nope"))
    assert field_reasons(unknown) == {"to_entity": "unknown"}
    brand = refused(lambda: put(CLI, 100, from_entity="acc_soleil_solaire", to_entity="acc_eco"))
    assert field_reasons(brand) == {"from_entity": "not_an_entity"}
    assert "acc_soleil" in brand.fields[0].message_fr  # names the brand's entity
    same = refused(lambda: put(CLI, 100, from_entity="acc_eco", to_entity="acc_eco"))
    assert field_reasons(same) == {"to_entity": "same_entity"}
    typed = refused(lambda: put(CLI, -1, code="NOPE", from_entity=12))
    assert field_reasons(typed) == {
        "price_cents": "invalid",
        "from_entity": "invalid",
        "product_code": "unknown",
    }
    assert listed(CLI) == before
    assert logged("transfer_price.set") == []


def test_another_tenants_pair_is_404_and_hidden() -> None:
    body = {"id": "acc_nord", "kind": "entity", "name": "Nord Habitat"}
    create_account(_con(), CLI, body, utcnow())
    put(CLI, 2700, from_entity="acc_nord", to_entity="acc_eco")
    assert ("PV", "acc_nord", "acc_eco", 2700) in listed(ECO)
    assert ("PV", "acc_nord", "acc_eco", 2700) not in listed(SOLEIL)
    foreign = {"from_entity": "acc_nord", "to_entity": "acc_eco"}
    assert refused(lambda: put(SOLEIL, 1, **foreign)).status_code == 404
    gone = refused(lambda: transfer_prices.delete_price(_con(), SOLEIL, "PV", foreign, utcnow()))
    assert gone.status_code == 404
    # A brand's finance sees neither entity: a pair of them is not its to set.
    assert refused(lambda: put(BRAND, 1, **PAIR)).status_code == 404
    viewer = user("usr_view", "viewer", ["acc_soleil"])
    assert refused(lambda: put(viewer, 1, **PAIR)).status_code == 403
    assert ("PV", "acc_nord", "acc_eco", 2700) in listed(CLI)
