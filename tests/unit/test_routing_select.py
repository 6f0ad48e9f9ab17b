"""Eligibility: each reason a commande is skipped, routing order, cap period, URL guard."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

import pytest

from routing.netguard import refusal
from routing.route import cap_period
from routing.select import Candidate, evaluate, skip_reason

BASE = Candidate(
    commande_id="cmd_a",
    buyer_id="buy_a",
    product_code="PV",
    departements="*",
    daily_cap=10,
    price_cents=3500,
    priority=10,
    active=True,
    buyer_active=True,
    used_today=0,
    buyer_has_lead=False,
    buyer_bought_phone=False,
)


def make(**changes: object) -> Candidate:
    return dataclasses.replace(BASE, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({}, None),
        ({"active": False}, "inactive"),
        ({"buyer_active": False}, "buyer inactive"),
        ({"product_code": "PAC"}, "product PAC ≠ PV"),
        ({"departements": json.dumps(["75", "92"])}, "département 13 not in [75,92]"),
        ({"departements": json.dumps(["13", "2a"])}, None),
        ({"departements": "not json"}, "invalid départements setting 'not json'"),
        ({"buyer_has_lead": True}, "buyer already has this lead"),
        ({"buyer_bought_phone": True}, "buyer bought this phone for this product within 30 days"),
        ({"used_today": 10}, "daily cap 10 reached"),
        ({"used_today": 9}, None),
        ({"daily_cap": None, "used_today": 10_000}, None),
        ({"daily_cap": 0}, "daily cap 0 reached"),
    ],
)
def test_skip_reasons(changes: dict[str, object], reason: str | None) -> None:
    assert skip_reason("PV", "13", make(**changes)) == reason


def test_long_departement_lists_are_shortened_and_case_insensitive() -> None:
    deps = [f"{n:02d}" for n in range(1, 30)]
    reason = skip_reason("PV", "75", make(departements=json.dumps(deps)))
    assert reason is not None and reason.endswith(",…]") and reason.count(",") == 12
    assert skip_reason("PV", "2A", make(departements='["2a"]')) is None
    assert skip_reason("PV", None, make(departements='["13"]')) == "lead has no département"


def test_order_is_priority_then_id_and_every_commande_gets_a_verdict() -> None:
    verdicts = evaluate(
        "PV",
        "13",
        [
            make(commande_id="cmd_c", priority=20),
            make(commande_id="cmd_b", priority=10, active=False),
            make(commande_id="cmd_a", priority=20),
        ],
    )
    assert [(v.candidate.commande_id, v.eligible) for v in verdicts] == [
        ("cmd_b", False),
        ("cmd_a", True),
        ("cmd_c", True),
    ]


def test_cap_period_is_the_paris_day() -> None:
    # 23:30 UTC on 22 Nov is already 23 Nov in Paris (UTC+1); 21:30 UTC in July is 23:30 CEST.
    assert cap_period(datetime(2026, 11, 22, 23, 30, tzinfo=UTC)) == "day:2026-11-23"
    assert cap_period(datetime(2026, 7, 14, 21, 30, tzinfo=UTC)) == "day:2026-07-14"
    assert cap_period(datetime(2026, 7, 14, 22, 30, tzinfo=UTC)) == "day:2026-07-15"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8900/leads",
        "http://localhost/x",
        "http://10.1.2.3/",
        "http://[::1]/",
        "http://169.254.169.254/latest",
        "http://192.168.1.10/",
        "http://[::ffff:127.0.0.1]/",
    ],
)
def test_private_urls_are_refused_outside_test_mode(url: str) -> None:
    reason = refusal(url, allow_private=False)
    assert reason is not None and "non-public" in reason
    assert refusal(url, allow_private=True) is None


def test_url_shape_is_checked_even_in_test_mode() -> None:
    assert refusal("ftp://example.org/", allow_private=True) is not None
    assert refusal("http:///nohost", allow_private=True) == "buyer URL has no host"
    assert refusal("http://8.8.8.8/hook", allow_private=False) is None
