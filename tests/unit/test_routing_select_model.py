"""The commande payload → columns (each bad field named), stored rows → model, backlog modes
and the unrouted retry policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hub.rules.backlog import BacklogPolicy, PastSale, UnroutedRetry, classify
from hub.rules.commande import (
    DEFAULTS,
    CommandeError,
    check_row,
    commande_columns,
    commande_from_row,
)

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
GOOD = {"buyer_id": "buy_a", "name": "PV Sud", "product_code": "PV", "price_cents": 3000}


def test_a_full_payload_becomes_columns_with_defaults() -> None:
    cols = commande_columns(
        {
            **GOOD,
            "departements": ["13", "2a", "974"],
            "weekly_cap": 25,
            "delivery_days": [5, 1, 1],
            "hours_from": "08:00",
            "hours_to": "19:30",
            "closed_dates": ["2026-12-24"],
            "closed_on_holidays": True,
            "cross_entity": "always",
        },
        partial=False,
    )
    assert cols["departements"] == '["13", "2A", "974"]'
    assert cols["delivery_days"] == "[1, 5]"
    assert cols["closed_dates"] == '["2026-12-24"]'
    assert cols["closed_on_holidays"] == 1 and cols["weekly_cap"] == 25
    assert cols["daily_cap"] is None and cols["max_buyers"] == 1
    row = {**cols, "id": "c", "active": 1, "buyer_active": 1}
    model = commande_from_row(row, "acc_x")
    assert model.caps == {"day": None, "week": 25, "month": None}
    assert model.config_error is None and model.calendar.closed_on_holidays


@pytest.mark.parametrize(
    ("payload", "field", "reason"),
    [
        ({"daily_cap": -1}, "daily_cap", "out_of_range"),
        ({"daily_cap": "10"}, "daily_cap", "out_of_range"),
        ({"weight": 0}, "weight", "out_of_range"),
        ({"max_buyers": True}, "max_buyers", "out_of_range"),
        ({"backlog_share": 101}, "backlog_share", "out_of_range"),
        ({"departements": ["99"]}, "departements", "invalid"),
        ({"departements": []}, "departements", "invalid"),
        ({"delivery_days": [0, 8]}, "delivery_days", "invalid"),
        ({"hours_from": "8h"}, "hours_from", "invalid_time"),
        ({"valid_until": "31/12/2026"}, "valid_until", "invalid_date"),
        ({"closed_dates": "2026-12-24"}, "closed_dates", "invalid_date"),
        ({"cross_entity": "sometimes"}, "cross_entity", "invalid_choice"),
        ({"active": "yes"}, "active", "invalid"),
        ({"colour": "red"}, "colour", "unknown"),
        ({"name": ""}, "name", "invalid"),
    ],
)
def test_each_bad_field_is_named_with_its_reason(
    payload: dict[str, object], field: str, reason: str
) -> None:
    with pytest.raises(CommandeError) as err:
        commande_columns(payload, partial=True)
    assert [(f, r) for f, r, _, _ in err.value.fields] == [(field, reason)]
    fr, en = err.value.fields[0][2:]
    assert field in fr and field in en


def test_required_fields_and_cross_field_rules() -> None:
    with pytest.raises(CommandeError) as err:
        commande_columns({"name": "x"}, partial=False)
    assert sorted(f for f, *_ in err.value.fields) == ["buyer_id", "price_cents", "product_code"]
    with pytest.raises(CommandeError) as err:
        check_row({**DEFAULTS, "hours_from": "18:00", "hours_to": "09:00"})
    assert err.value.fields[0][:2] == ("hours_to", "invalid_range")
    with pytest.raises(CommandeError):
        check_row({**DEFAULTS, "hours_from": "09:00"})
    with pytest.raises(CommandeError):
        check_row({**DEFAULTS, "valid_from": "2026-12-02", "valid_until": "2026-12-01"})


def test_a_broken_stored_row_is_kept_as_a_config_error() -> None:
    row = {**DEFAULTS, **GOOD, "id": "c", "buyer_active": 1, "hours_from": "25:00"}
    row["hours_to"] = "26:00"
    assert commande_from_row(row, "acc").config_error is not None


POLICY = BacklogPolicy()


def sale(status: str, days_ago: float) -> PastSale:
    return PastSale(status, NOW - timedelta(days=days_ago), "fresh")


@pytest.mark.parametrize(
    ("status", "age_days", "sales", "kind"),
    [
        ("new", 0, [], "fresh"),
        ("unrouted", 7.9, [], "fresh"),
        ("unrouted", 8, [], "backlog"),
        ("unrouted", 9, [sale("rejected", 8)], "backlog"),
        ("sold", 40, [sale("delivered", 29)], "none"),
        ("sold", 40, [sale("delivered", 31)], "backlog"),
        ("sold", 95, [sale("delivered", 60)], "none"),
        ("unrouted", 91, [], "none"),
        ("routed", 1, [sale("pending", 1)], "none"),
        ("duplicate", 1, [], "none"),
    ],
)
def test_backlog_modes(status: str, age_days: float, sales: list[PastSale], kind: str) -> None:
    mode = classify(POLICY, status, NOW - timedelta(days=age_days), sales, NOW)
    assert mode.kind == kind, mode.reason


def test_a_fresh_lead_wakes_when_it_turns_backlog() -> None:
    mode = classify(POLICY, "unrouted", NOW - timedelta(days=2), [], NOW)
    assert mode.wake_at == NOW + timedelta(days=6)


def test_unrouted_retry_doubles_up_to_an_hour_and_honours_an_earlier_wake() -> None:
    retry = UnroutedRetry()
    assert retry.next_at(1, NOW, None) == NOW + timedelta(seconds=60)
    assert retry.next_at(3, NOW, None) == NOW + timedelta(seconds=240)
    assert retry.next_at(50, NOW, None) == NOW + timedelta(hours=1)
    assert retry.next_at(5, NOW, NOW + timedelta(seconds=5)) == NOW + timedelta(seconds=5)
    assert retry.next_at(1, NOW, NOW + timedelta(days=2)) == NOW + timedelta(seconds=60)
    assert retry.next_at(1, NOW, NOW - timedelta(seconds=5)) == NOW
