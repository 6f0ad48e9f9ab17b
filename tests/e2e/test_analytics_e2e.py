"""Issue 11, "what it must show": traffic with a known better variant and known costs, sent
through the real collector, gives the expected sessions, conversions, winner, cost per lead and
margin in the PUBLISHED warehouse.

Real processes on loopback: ``leadhub init`` (an empty data dir), then API v1 only for the LP
(variants A and B), its form, the origins, a buyer (the fake CRM) and its commande (Paris only,
35 €); the collector, the router and the fake CRM run; ``leadhub pipelines run`` publishes.
Traffic is real traffic (no test mode): the design is in ``tests/e2e/analytics_traffic.py``.
Loopback buyers are allowed by ``allow_private_network``, which does not mark traffic as test.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
from scipy import integrate, stats

from dashboard.data import load_ab_tests
from hub.calendar import paris_date
from hub.db import utcnow
from tests.e2e import analytics_traffic as design
from tests.e2e.helpers_browser import read_lake
from tests.e2e.onboarding_api import Api
from tests.e2e.procs import Stack, wait_for

pytestmark = pytest.mark.e2e

# Hand computation from the design (analytics_traffic.CELLS, PRICE_CENTS, COSTS):
# variant → sessions, reached the CTA, started the form, leads, sold leads.
BY_VARIANT = {"A": (400, 101, 36, 20, 14), "B": (400, 159, 74, 60, 48)}
# campaign → source, sessions, leads, sold, revenue (sold × 35 €), cost, cost per lead,
# cost per sold lead, margin (revenue − cost), ROAS (revenue / cost, 4 decimals).
BY_CAMPAIGN = {
    "pv-hiver-search": ("google", 440, 50, 40, "1400.00", "612.50", "12.25", "15.31", "787.50",
                        2.2857),
    "pv-hiver-social": ("facebook", 360, 30, 22, "770.00", "387.30", "12.91", "17.60", "382.70",
                        1.9881),
}  # fmt: skip
# scope → per arm (exposures, conversions, leads, sold leads), verdict code, winner, text.
VERDICTS = {
    "lp": (
        {"A": (400, 20, 20, 14), "B": (400, 60, 60, 48)},
        "winner",
        "B",
        "B wins: P(best) = 100.0% with at least 400 sessions per variant.",
    ),
    # Only the sessions that reached the form (abandons + leads): B is ahead but A has 36 of
    # the 100 sessions an arm needs, B 74: 64 + 26 = 90 more.
    "lp_form": (
        {"A": (36, 20, 20, 14), "B": (74, 60, 60, 48)},
        "collecting",
        None,
        "No winner yet: B leads with P(best) = 99.7%; 90 more sessions needed to reach 100 per "
        "variant.",
    ),
}


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, dict[str, Any]]]:
    began = time.monotonic()
    stack = Stack.create(
        tmp_path_factory.mktemp("analytics"),
        LEADHUB_TEST_MODE="0",  # real traffic: the A/B and acquisition marts leave test out
        LEADHUB_ALLOW_PRIVATE_NETWORK="1",  # the buyer is the fake CRM on loopback
        LEADHUB_RATE_LIMIT_IP_REQUESTS="0",  # one loopback client plays 800 visitors
    )
    init = json.loads(
        stack.cli("init", "--json", "--entity-name", "Soleil Habitat", "--email", "a@soleil.fr")
    )
    try:
        stack.start("collector", "collector", ready=f"{stack.url('collector')}/health")
        stack.start("router", "router")
        yield stack, init
        print(f"analytics e2e, stack start included: {time.monotonic() - began:.1f}s")
    finally:
        stack.stop_all()


def set_up(api: Api, account_id: str, crm_url: str) -> dict[str, Any]:
    """Origins, the LP with variants A and B, its form, the buyer and its Paris commande."""
    for origin in (design.LP_ORIGIN, design.FORM_ORIGIN):
        api.create(f"/v1/accounts/{account_id}/origins", {"origin": origin}, "origin.added")
    lp = api.create(
        "/v1/landing-pages",
        {
            "account_id": account_id,
            "name": "Solaire hiver A/B",
            "url": f"{design.LP_ORIGIN}/solaire/",
            "product_code": "PV",
            "variants": ["A", "B"],
        },
        "lp.created",
    )
    form = api.create(
        "/v1/forms",
        {
            "lp_id": lp["id"],
            "name": "Devis solaire",
            "url": f"{design.FORM_ORIGIN}/solaire/",
            "thank_you_url": f"{design.FORM_ORIGIN}/merci/",
            "consent_text": "J'accepte d'être recontacté(e) au sujet de mon projet solaire.",
        },
        "form.created",
    )
    buyer = api.create(
        "/v1/buyers",
        {
            "account_id": account_id,
            "name": "Paris Solaire",
            "contact_email": "leads@paris-solaire.fr",
            "webhook_url": crm_url,
        },
        "buyer.created",
    )
    api.create(
        "/v1/commandes",
        {
            "buyer_id": buyer["id"],
            "name": "PV Paris",
            "product_code": "PV",
            "price_cents": design.PRICE_CENTS,
            "departements": ["75", "92", "93", "94"],
        },
        "commande.created",
    )
    return {"lp": lp, "form": form, "buyer": buyer}


def lead_statuses(data_dir: Path) -> dict[str, int]:
    with sqlite3.connect(data_dir / "hub.sqlite3") as con:
        rows = con.execute("SELECT status, count(*) FROM leads GROUP BY status").fetchall()
    return {str(status): int(n) for status, n in rows}


def p_best_b(arms: dict[str, tuple[int, int, int, int]]) -> float:
    """P(rate B > rate A), Beta(1, 1) priors, by scipy's adaptive quadrature (independent of
    warehouse/ab.py's grid)."""
    (na, ca, _, _), (nb, cb, _, _) = arms["A"], arms["B"]
    a, b = stats.beta(1 + ca, 1 + na - ca), stats.beta(1 + cb, 1 + nb - cb)
    peaks = [ca / na, cb / nb]
    value, _ = integrate.quad(lambda x: b.pdf(x) * a.cdf(x), 0, 1, points=peaks, limit=200)
    return float(value)


def test_known_better_variant_and_costs_reach_the_published_warehouse(
    stack: tuple[Stack, dict[str, Any]],
) -> None:
    stack_, init = stack
    account = init["account_id"]
    api = Api(stack_.url("collector"), init["api_key"])
    world = set_up(api, account, f"{stack_.url('fake_crm')}/leads")
    stack_.start_fake_crm(world["buyer"]["secret"])
    keys = {"lp": world["lp"]["key"], "form": world["form"]["key"]}
    sent = time.monotonic()
    leads = design.send_all(stack_.url("collector"), keys)
    print(f"\ntraffic sent in {time.monotonic() - sent:.1f}s")
    today = paris_date(utcnow())
    cost_rows = [
        {"date": today.isoformat(), "source": source, "campaign": campaign, "cost": cost}
        for (source, _, campaign), cost in zip(
            (design.SEARCH, design.SOCIAL), design.COSTS.values(), strict=True
        )
    ]
    api.call("POST", "/v1/costs", {"account_id": account, "rows": cost_rows})

    # Everything the collector acknowledged is in the lake, nothing quarantined; the router sold
    # the Paris leads and left the Lyon ones unrouted.
    per_visit = {"bounce": 1, "cta": 2, "abandon": 4, "lead": 5}
    n_events = sum(per_visit[v.kind] for v in design.visits())
    raw = stack_.data_dir / "lake" / "raw" / "events"
    wait_for(lambda: len(read_lake(raw)) == n_events, 30, f"{n_events} events in the lake")
    assert read_lake(stack_.data_dir / "lake" / "quarantine" / "events") == []
    sold = sum(v.kind == "lead" and v.postcode == design.SOLD_POSTCODE for v in leads.values())
    wanted = {"sold": sold, "unrouted": len(leads) - sold}
    wait_for(lambda: lead_statuses(stack_.data_dir) == wanted, 60, f"leads {wanted}")

    ran = time.monotonic()
    print(stack_.cli("pipelines", "run", timeout=300).strip())
    print(f"pipelines run took {time.monotonic() - ran:.1f}s")
    db = stack_.data_dir / "warehouse" / "leadhub.duckdb"
    the_sessions_and_leads_add_up(db, leads)
    the_ab_tests_name_b(db, account, world["lp"]["id"], world["form"]["id"])
    acquisition_matches_the_hand_computation(db, account, world["lp"]["id"], today)


def the_sessions_and_leads_add_up(db: Path, leads: dict[str, design.Visit]) -> None:
    with duckdb.connect(str(db), read_only=True) as wh:
        by_variant = wh.execute(
            "SELECT variant, count(*), count(*) FILTER (WHERE reached_cta),"
            " count(*) FILTER (WHERE reached_form_start), sum(leads), sum(sold_leads)"
            " FROM sessions WHERE NOT is_test GROUP BY variant ORDER BY variant"
        ).fetchall()
        tested = wh.execute("SELECT count(*) FROM sessions WHERE is_test").fetchall()
        attributed = wh.execute(
            "SELECT a.lead_id, s.variant, a.last_source, a.last_campaign, a.sold"
            " FROM lead_attribution AS a JOIN sessions AS s USING (session_id)"
        ).fetchall()
    assert tested == [(0,)]
    assert {v: tuple(row) for v, *row in by_variant} == BY_VARIANT
    assert {v: design.totals(variant=v) for v in "AB"} == {
        v: dict(zip(("sessions", "cta", "form_starts", "leads", "sold"), n, strict=True))
        for v, n in BY_VARIANT.items()
    }  # the hand computation is the design's
    assert {lead_id: tuple(row) for lead_id, *row in attributed} == {
        lead_id: (
            v.cell.variant,
            v.cell.campaign[0],
            v.cell.campaign[2],
            v.postcode == design.SOLD_POSTCODE,
        )
        for lead_id, v in leads.items()
    }


def the_ab_tests_name_b(db: Path, account: str, lp_id: str, form_id: str) -> None:
    arms = load_ab_tests(db, [account])  # the A/B page's reader
    with duckdb.connect(str(db), read_only=True) as wh:
        texts = dict(wh.execute("SELECT DISTINCT scope, verdict FROM ab_tests").fetchall())
    assert set(arms["test_id"]) == {f"lp:{lp_id}", f"lp_form:{lp_id}:{form_id}"}
    for scope, (counts, code, winner, text) in VERDICTS.items():
        rows = arms.filter(arms["scope"] == scope).sort("arm_order").to_dicts()
        assert [(r["arm"], r["is_control"]) for r in rows] == [("A", True), ("B", False)]
        got = {
            r["arm"]: (r["exposures"], r["conversions"], r["leads"], r["sold_leads"]) for r in rows
        }
        assert got == counts, scope
        for r in rows:
            n, c = counts[r["arm"]][:2]
            assert r["rate"] == pytest.approx(c / n)
            assert (r["verdict_code"], r["winner"]) == (code, winner)
        assert texts[scope] == text
        expected = p_best_b(counts)
        assert expected >= 0.95  # the design is strong enough to call at the default threshold
        assert rows[1]["p_best"] == pytest.approx(expected, abs=1e-5)
        assert rows[0]["p_best"] == pytest.approx(1 - expected, abs=1e-5)
        assert rows[1]["lift"] == pytest.approx(
            (counts["B"][1] / counts["B"][0]) / (counts["A"][1] / counts["A"][0]) - 1
        )
    lp_rows = arms.filter(arms["scope"] == "lp").sort("arm_order").to_dicts()
    assert [r["sessions_needed"] for r in lp_rows] == [0, 0]


def acquisition_matches_the_hand_computation(
    db: Path, account: str, lp_id: str, today: date
) -> None:
    with duckdb.connect(str(db), read_only=True) as wh:
        rows = wh.execute(
            "SELECT campaign, source, sessions, leads, sold_leads, revenue_eur, cost_eur,"
            " cost_per_lead_eur, cost_per_sold_lead_eur, margin_eur, roas, date, account_id,"
            " lp_id FROM acquisition_daily ORDER BY campaign"
        ).fetchall()
    assert [(r[11], r[12], r[13]) for r in rows] == [(today, account, lp_id)] * 2
    got = {r[0]: tuple(r[1:11]) for r in rows}
    assert got == {
        campaign: (
            source,
            sessions,
            leads,
            sold,
            *(Decimal(x) for x in money),
            pytest.approx(roas, abs=5e-5),
        )
        for campaign, (source, sessions, leads, sold, *money, roas) in BY_CAMPAIGN.items()
    }
    for campaign, (_, sessions, leads, sold, *_) in BY_CAMPAIGN.items():
        made = design.totals(campaign=campaign)  # the hand computation is the design's
        assert (made["sessions"], made["leads"], made["sold"]) == (sessions, leads, sold)
