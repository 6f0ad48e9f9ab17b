"""The delivery queue on real processes (router, fake CRM, dashboard) and in Chromium: the buyer's
CRM goes down → its leads become dead letters after LEADHUB_DELIVERY_GIVE_UP_SECONDS (3 s here)
and show on the "File de livraison" page → the CRM comes back → an ops user selects the dead
letters and requeues them in one confirmed action → each lead reaches the CRM exactly once (its
received list: one lead per delivery id, no replay). Screenshots in tests/e2e/artifacts/
(``queue_*.png``)."""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from playwright.sync_api import expect

from hub.db import connect, utcnow
from hub.services import deliveries, users
from hub.services.actor import CLI
from hub.settings import load_settings
from tests.e2e.procs import Stack, wait_for
from tests.e2e.test_dashboard_admin_e2e import PASSWORD, WAIT, chromium, go, shot, sign_in
from tests.e2e.test_dashboard_sessions_e2e import this_checkout
from tests.integration.test_routing_support import SECRET, add_lead, only_commandes

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e
__all__ = ["chromium", "this_checkout"]  # fixtures, imported to be used here

OPS = "ops@soleil-habitat.fr"
LEADS = 3


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    stack = Stack.create(tmp_path / "data", LEADHUB_DELIVERY_GIVE_UP_SECONDS="3")
    stack.seed(SECRET, "e2e-password")
    try:
        stack.start("dashboard", "dashboard", ready=f"{stack.url('dashboard')}/_stcore/health")
        stack.start_fake_crm(SECRET)
        yield stack
    finally:
        stack.stop_all()


def hub(stack: Stack) -> sqlite3.Connection:
    return connect(stack.data_dir / "hub.sqlite3")


def crm(stack: Stack, action: str = "received") -> dict[str, Any]:
    url = f"{stack.url('fake_crm')}/_fake/{action}"
    response = httpx.get(url, timeout=5) if action == "received" else httpx.post(url, timeout=5)
    response.raise_for_status()
    return dict(response.json())


def dead_letters(stack: Stack) -> list[str]:
    with closing(hub(stack)) as con:
        query = "SELECT id FROM deliveries WHERE status = 'dead' ORDER BY id"
        return [r[0] for r in con.execute(query)]


def breaker(stack: Stack) -> str:
    settings = load_settings(data_dir=stack.data_dir)
    with closing(hub(stack)) as con:
        stats = deliveries.buyer_stats(con, CLI, settings, utcnow(), buyer_id="buy_soleil_crm")
    return str(stats["items"][0]["breaker"]["state"])


def test_a_buyer_down_then_fixed_one_bulk_requeue_from_the_page(
    stack: Stack, chromium: Browser
) -> None:
    with closing(hub(stack)) as con:
        payload = {"email": OPS, "role": "ops", "password": PASSWORD, "account_ids": ["acc_soleil"]}
        users.create_user(con, CLI, payload, utcnow())
        only_commandes(con, "cmd_soleil_pv")
        crm(stack, "down")  # every lead answered 503, nothing kept
        leads = [add_lead(con) for _ in range(LEADS)]
    stack.start("router", "router")
    wait_for(lambda: len(dead_letters(stack)) == LEADS, 60, "the leads to become dead letters")
    dead = dead_letters(stack)
    assert crm(stack)["leads"] == []

    page = sign_in(chromium, stack.url("dashboard") + "/", OPS, "deliveries")
    page.get_by_role("heading", name="File de livraison").wait_for(timeout=WAIT)
    page.get_by_role("tab", name="Lettres mortes (3)").click()
    for lead_id in leads:  # the grid's cells are in the DOM, drawn on a canvas
        page.get_by_text(lead_id).first.wait_for(state="attached", timeout=WAIT)
    shot(page, "queue_dead_letters")

    crm(stack, "up")  # the buyer is fixed; its breaker lets a probe through after its cool-down
    wait_for(lambda: breaker(stack) != "open", 60, "the breaker's cool-down to end")
    picker = page.get_by_test_id("stMultiSelect").filter(has_text="Lettres mortes à relancer")
    for n, lead_id in enumerate(leads, 1):
        picker.locator("input").fill(lead_id)
        page.get_by_role("option", name=re.compile(lead_id)).wait_for(timeout=WAIT)
        page.keyboard.press("Enter")
        expect(picker.get_by_text(re.compile("^lead_"))).to_have_count(n, timeout=WAIT)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Relancer", exact=True).click()
    page.get_by_text("Relancer 3 livraison(s) ?").wait_for(timeout=WAIT)
    shot(page, "queue_confirm")
    page.get_by_role("button", name="Confirmer la relance").click()
    page.get_by_text("3 livraison(s) relancée(s).").wait_for(timeout=WAIT)

    wait_for(lambda: len(crm(stack)["leads"]) == LEADS, 60, "the CRM to receive each lead")
    time.sleep(2)  # nothing more arrives: each lead exactly once
    got = crm(stack)
    assert sorted(lead["idempotency_key"] for lead in got["leads"]) == dead
    assert sorted(lead["body"]["lead_id"] for lead in got["leads"]) == sorted(leads)
    assert got["replays"] == 0
    assert all(lead["signature_valid"] for lead in got["leads"])
    with closing(hub(stack)) as con:
        sold = con.execute("SELECT count(*) FROM leads WHERE status = 'sold'").fetchone()[0]
        logged = con.execute(
            "SELECT count(*) FROM activity_log WHERE action = 'delivery.requeue'"
            " AND actor LIKE 'user:%'"
        ).fetchone()[0]
    assert (sold, logged, dead_letters(stack)) == (LEADS, LEADS, [])

    go(page, "Journal d'activité")
    go(page, "File de livraison")
    page.get_by_role("tab", name="Lettres mortes (0)").wait_for(timeout=WAIT)
    shot(page, "queue_after_requeue")
