"""``simulate.summarize``: the preview of a commande change (sales and revenue HT before and
after, and which commandes gain or lose leads), from the per-commande counts of a replay."""

from __future__ import annotations

from hub.services.simulate import summarize


def counts(actual: int, simulated: int, price: int) -> dict[str, int]:
    return {
        "actual": actual,
        "simulated": simulated,
        "actual_cents": actual * price,
        "simulated_cents": simulated * price,
    }


def test_totals_and_each_commandes_gain_or_loss_largest_first() -> None:
    replay = {
        "cmd_a": counts(10, 22, 3500),  # +12
        "cmd_b": counts(30, 18, 3000),  # −12
        "cmd_c": counts(5, 5, 2000),  # unchanged
        "cmd_d": counts(4, 6, 4200),  # +2
    }
    got = summarize(replay, {"cmd_a": "PV Sud", "cmd_b": "PV Nord"})
    assert got["sales_actual"] == 49 and got["sales_simulated"] == 51
    assert got["sales_delta"] == 2
    assert got["cents_actual"] == 10 * 3500 + 30 * 3000 + 5 * 2000 + 4 * 4200
    assert got["cents_delta"] == 12 * 3500 - 12 * 3000 + 2 * 4200
    rows = got["commandes"]
    assert [r["commande_id"] for r in rows] == ["cmd_a", "cmd_b", "cmd_d", "cmd_c"]
    assert [r["delta"] for r in rows] == [12, -12, 2, 0]
    assert [r["changed"] for r in rows] == [True, True, True, False]
    assert rows[0]["name"] == "PV Sud" and rows[1]["name"] == "PV Nord"
    assert rows[2]["name"] == "cmd_d"  # no name known: its id
    assert rows[1]["cents_delta"] == -12 * 3000


def test_a_price_change_alone_changes_revenue_not_sales() -> None:
    replay = {
        "cmd_a": {
            "actual": 8,
            "simulated": 8,
            "actual_cents": 8 * 3000,
            "simulated_cents": 8 * 3500,
        }
    }
    got = summarize(replay, {})
    assert got["sales_delta"] == 0 and got["cents_delta"] == 8 * 500
    assert got["commandes"][0]["changed"] is True


def test_nothing_replayed_is_an_empty_preview() -> None:
    got = summarize({}, {})
    assert got == {
        "sales_actual": 0,
        "sales_simulated": 0,
        "sales_delta": 0,
        "cents_actual": 0,
        "cents_simulated": 0,
        "cents_delta": 0,
        "commandes": [],
    }
