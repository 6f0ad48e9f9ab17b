"""A buyer whose settings cannot work is flagged at the first attempt and alerted once, its
deliveries wait (no 24 h of retries, no traceback loop), routing skips it, and fixing its
settings sends what waited, once. A delivery that raises is a recorded failed attempt."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest

from hub.db import transaction
from hub.errors import ApiError
from hub.rules.delivery_config import set_delivery
from hub.security import SecretBox
from hub.settings import Settings
from leadhub.demo.seed import DemoWorld
from routing.adapters import webhook
from routing.worker import run_until_idle
from tests.integration.test_routing_support import (
    SECRET,
    add_lead,
    fake_crm,
    fast_policy,
    only_commandes,
    phone,
    point_buyers,
    received,
    rows,
)

pytestmark = pytest.mark.integration
BUYER = "buy_soleil_crm"  # cmd_soleil_pv's buyer
LEGACY = "whsec_Zm9v-YmFy_YmF6LXF1eC1sZWFkaHViLXRlc3Q"  # URL-safe: what `make up` stored


def _box(settings: Settings) -> SecretBox:
    return SecretBox.from_settings(settings.secret_key, settings.data_dir / "secret.key")


def _store_secret(con: sqlite3.Connection, settings: Settings, secret: str) -> None:
    """A secret stored before validation existed (no code path writes one any more)."""
    with transaction(con):
        con.execute(
            "UPDATE buyers SET secret_enc = ? WHERE id = ?", (_box(settings).encrypt(secret), BUYER)
        )


def _attempts(con: sqlite3.Connection) -> list[dict[str, Any]]:
    return rows(con, "SELECT outcome, error FROM delivery_attempts ORDER BY id")


def test_bad_secret_flags_the_buyer_once_and_a_fix_delivers_what_waited(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    only_commandes(hub_con, "cmd_soleil_pv")
    _store_secret(hub_con, settings, LEGACY)
    with fake_crm() as crm:
        point_buyers(hub_con, f"{crm.url}/leads")
        first = add_lead(hub_con, phone_e164=phone(1))
        stats = run_until_idle(settings, policy=fast_policy(), horizon=1.0)
        assert stats == {"route:routed": 1, "deliver:misconfigured": 1}
        assert received(crm)["requests"] == 0  # nothing left unsigned or badly signed
        attempts = _attempts(hub_con)
        assert [a["outcome"] for a in attempts] == ["misconfigured"]
        assert "URL-safe" in attempts[0]["error"]
        buyer = rows(hub_con, "SELECT misconfigured FROM buyers WHERE id = ?", BUYER)[0]
        assert "URL-safe" in buyer["misconfigured"]
        lead = rows(hub_con, "SELECT status, status_reason FROM leads WHERE id = ?", first)[0]
        assert lead["status"] == "routed" and "misconfigured" in lead["status_reason"]
        alerts = rows(
            hub_con, "SELECT detail FROM activity_log WHERE action = 'buyer.misconfigured'"
        )
        assert len(alerts) == 1 and json.loads(alerts[0]["detail"])["buyer_id"] == BUYER
        # The job waits (parked until the give-up time), it is not retried in a loop.
        job = rows(
            hub_con,
            "SELECT o.available_at, d.created_at FROM outbox o JOIN deliveries d"
            " ON d.id = o.ref_id WHERE o.kind = 'deliver' AND o.done_at IS NULL",
        )
        assert len(job) == 1 and job[0]["available_at"] > job[0]["created_at"]
        # A new lead is not offered to the misconfigured buyer: it waits, with the reason.
        second = add_lead(hub_con, phone_e164=phone(2))
        run_until_idle(settings, policy=fast_policy(), horizon=1.0)
        why = rows(
            hub_con, "SELECT reason FROM routing_decisions WHERE lead_id = ? ORDER BY id", second
        )
        assert any(r["reason"].startswith("buyer misconfigured") for r in why), why
        # Fixing the secret clears the flag and sends both leads, once each.
        set_delivery(hub_con, _box(settings), BUYER, "webhook", {}, secret=SECRET)
        stats = run_until_idle(settings, policy=fast_policy(), horizon=1.0)
        got = received(crm)
    assert stats["deliver:delivered"] == 2
    assert sorted(e["body"]["lead_id"] for e in got["leads"]) == sorted([first, second])
    assert all(e["signature_valid"] is True for e in got["leads"])
    assert rows(hub_con, "SELECT misconfigured FROM buyers WHERE id = ?", BUYER)[0] == {
        "misconfigured": None
    }
    sold = rows(hub_con, "SELECT id FROM leads WHERE status = 'sold' ORDER BY id")
    assert sorted(r["id"] for r in sold) == sorted([first, second])


def test_a_secret_that_cannot_sign_is_refused_when_set(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    before = rows(hub_con, "SELECT secret_enc FROM buyers WHERE id = ?", BUYER)
    with pytest.raises(ApiError) as err:
        set_delivery(hub_con, _box(settings), BUYER, "webhook", {}, secret=LEGACY)
    assert err.value.status_code == 422
    assert [f.field for f in err.value.fields] == ["secret"]
    assert "URL-safe" in err.value.fields[0].message_en
    assert rows(hub_con, "SELECT secret_enc FROM buyers WHERE id = ?", BUYER) == before


def test_a_delivery_that_raises_is_a_recorded_failed_attempt(
    settings: Settings,
    hub_con: sqlite3.Connection,
    world: DemoWorld,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Fault injection: the adapter has a bug. The attempt is recorded with its reason and
    retried by the policy until it gives up: dead letter, alert, reason on the lead."""

    def broken(*_args: object) -> None:
        raise RuntimeError("adapter bug")

    monkeypatch.setattr(webhook, "send", broken)
    only_commandes(hub_con, "cmd_soleil_pv")
    lead_id = add_lead(hub_con, phone_e164=phone(3))
    stats = run_until_idle(settings, policy=fast_policy(give_up_after=0.3), horizon=1.0)
    attempts = _attempts(hub_con)
    assert stats["deliver:retry"] >= 1 and stats["deliver:dead"] == 1, stats
    assert stats.get("deliver:error", 0) == 0  # never escaped as an unhandled error
    assert all("internal error: RuntimeError: adapter bug" in a["error"] for a in attempts)
    assert attempts[-1]["outcome"] == "dead"
    lead = rows(hub_con, "SELECT status_reason FROM leads WHERE id = ?", lead_id)[0]
    assert "adapter bug" in lead["status_reason"]
    assert rows(hub_con, "SELECT count(*) AS n FROM activity_log WHERE action = 'delivery.dead'")[
        0
    ] == {"n": 1}


def test_a_buyer_never_fixed_ends_as_a_dead_letter_at_the_give_up_time(
    settings: Settings, hub_con: sqlite3.Connection, world: DemoWorld
) -> None:
    only_commandes(hub_con, "cmd_soleil_pv")
    _store_secret(hub_con, settings, "whsec_dGVzdA==")  # 4 bytes: too short to sign
    add_lead(hub_con, phone_e164=phone(4))
    stats = run_until_idle(settings, policy=fast_policy(give_up_after=0.3), horizon=1.0)
    assert stats == {"route:routed": 1, "deliver:misconfigured": 1, "deliver:dead": 1}
    assert [a["outcome"] for a in _attempts(hub_con)] == ["misconfigured", "dead"]
    assert rows(hub_con, "SELECT status FROM deliveries") == [{"status": "dead"}]
