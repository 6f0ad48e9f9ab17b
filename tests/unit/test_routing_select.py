"""Selection (pure): verdicts and their reasons, order, weighted draw, shared and exclusive
leads, cross-entity fallback, consent, backlog shares; an in-memory reservation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest

from hub.calendar import PARIS, DeliveryCalendar
from hub.rules.facts import cap_period
from hub.rules.netguard import refusal
from hub.rules.select import (
    Candidate,
    Commande,
    LeadFacts,
    Plan,
    Reserve,
    Sale,
    Usage,
    plan,
    reservations,
)

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)  # a Monday
LEAD = LeadFacts(id="lead_1", product_code="PV", departement="13", entity="acc_soleil")


def cmd(ident: str, **kw: object) -> Commande:
    base = Commande(
        id=ident,
        buyer_id=f"buy_{ident}",
        buyer_entity="acc_soleil",
        product_code="PV",
        departements="*",
        price_cents=3000,
        priority=10,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def cand(c: Commande, **used: int) -> Candidate:
    return Candidate(c, Usage({k.replace("_", "-"): v for k, v in used.items()}))


class Counters:
    """The reservation of simulate: all period buckets or none."""

    def __init__(self) -> None:
        self.used: Counter[tuple[str, str]] = Counter()

    def reserver(self, lead: LeadFacts, now: datetime) -> Reserve:
        def reserve(c: Candidate) -> str | None:
            wanted = reservations(lead, c.commande, now)
            for period, cap, why in wanted:
                if cap is not None and self.used[(c.commande.id, period)] >= cap:
                    return why
            for period, _, _ in wanted:
                self.used[(c.commande.id, period)] += 1
            return None

        return reserve


def run(cands: Iterable[Candidate], lead: LeadFacts = LEAD, now: datetime = NOW) -> Plan:
    return plan(lead, list(cands), now, "seed", Counters().reserver(lead, now))


def reasons(p: Plan) -> dict[str | None, str]:
    return {cid: reason for cid, _, reason in p.rows}


@pytest.mark.parametrize(
    ("commande", "used", "reason"),
    [
        (cmd("a", active=False), {}, "inactive"),
        (cmd("a", buyer_active=False), {}, "buyer inactive"),
        (cmd("a", buyer_is_test=True), {}, "test buyer: real lead"),
        (cmd("a", product_code="PAC"), {}, "product PAC ≠ PV"),
        (cmd("a", departements='["75","92"]'), {}, "département 13 not in [75,92]"),
        (cmd("a", valid_from=date(2026, 12, 1)), {}, "not valid before 2026-12-01"),
        (cmd("a", valid_until=date(2026, 11, 22)), {}, "expired on 2026-11-22"),
        (cmd("a", caps={"day": 5}), {"day": 5}, "daily cap 5 reached"),
        (cmd("a", caps={"week": 20}), {"day": 0, "week": 20}, "weekly cap 20 reached"),
        (cmd("a", caps={"month": 0}), {}, "monthly cap 0 reached"),
        (
            cmd("a", calendar=DeliveryCalendar(hours=(time(14), time(18)))),
            {},
            "closed: outside hours 14:00–18:00",
        ),
        (cmd("a", buyer_entity="acc_eco", cross_entity="never"), {}, "other entity (acc_eco):"),
        (cmd("a", config_error="invalid setting: x"), {}, "invalid setting: x"),
    ],
)
def test_each_skip_reason(commande: Commande, used: dict[str, int], reason: str) -> None:
    p = run([cand(commande, **used)])
    assert p.selected == []
    assert p.rows[0][0] == "a" and p.rows[0][1] == "skipped"
    assert p.rows[0][2].startswith(reason)


def test_the_first_eligible_by_priority_is_selected_and_every_other_is_explained() -> None:
    p = run(
        [
            cand(cmd("late", priority=20)),
            cand(cmd("early", priority=5)),
            cand(cmd("x", active=False)),
        ]
    )
    assert [c.commande.id for c in p.selected] == ["early"]
    assert reasons(p) == {
        "early": "priority 5, first eligible",
        "late": "eligible, but early comes first (exclusive)",
        "x": "inactive",
    }


def test_skipped_for_time_wakes_at_the_earliest_opening() -> None:
    p = run([cand(cmd("a", caps={"day": 1}), day=1), cand(cmd("b", valid_from=date(2026, 11, 25)))])
    assert p.wake_at == datetime(2026, 11, 24, 0, 0, tzinfo=PARIS)  # the next Paris day


def test_weighted_draw_among_equal_priorities_is_proportional_and_reproducible() -> None:
    heavy, light = cmd("heavy", weight=3), cmd("light", weight=1)
    wins: Counter[str] = Counter()
    for i in range(4000):
        lead = replace(LEAD, id=f"lead_{i}")
        wins[run([cand(light), cand(heavy)], lead).selected[0].commande.id] += 1
    assert 0.72 < wins["heavy"] / 4000 < 0.78
    lead = replace(LEAD, id="lead_42")
    first = plan(lead, [cand(light), cand(heavy)], NOW, "s1", Counters().reserver(lead, NOW))
    again = plan(lead, [cand(heavy), cand(light)], NOW, "s1", Counters().reserver(lead, NOW))
    assert first.rows == again.rows  # the input order does not matter, the seed does
    draws = {
        plan(lead, [cand(light), cand(heavy)], NOW, f"s{n}", Counters().reserver(lead, NOW))
        .selected[0]
        .commande.id
        for n in range(40)
    }
    assert draws == {"heavy", "light"}


def test_a_shared_lead_goes_to_up_to_max_buyers_distinct_buyers() -> None:
    a = cmd("a", max_buyers=3, priority=1)
    b = cmd("b", max_buyers=2, priority=2)
    c = cmd("c", max_buyers=3, priority=3)
    same_buyer = cmd("a2", max_buyers=3, priority=2, buyer_id="buy_a")
    exclusive = cmd("x", priority=2)
    p = run([cand(a), cand(b), cand(c), cand(same_buyer), cand(exclusive)])
    assert [s.commande.id for s in p.selected] == ["a", "b"]  # b lowers the limit to 2
    got = reasons(p)
    assert got["a"] == "priority 1, first eligible, shared by up to 3 buyers"
    assert got["b"] == "priority 2, shared lead: buyer 2"
    assert got["a2"] == "buyer already takes this lead"
    assert got["x"] == "shares with at most 1 buyer(s); lead already has 1"
    assert got["c"] == "lead already shared by 2 buyers (max 2)"


def test_an_earlier_live_sale_limits_further_sales() -> None:
    lead = replace(LEAD, sold_to=(Sale("a", "buy_a", 2),))
    p = run([cand(cmd("b", max_buyers=2)), cand(cmd("c", max_buyers=2))], lead)
    assert [s.commande.id for s in p.selected] == ["b"]
    assert reasons(p)["c"] == "lead already shared by 2 buyers (max 2)"


def test_cross_entity_fallback_only_when_the_own_entity_takes_nothing() -> None:
    own = cmd("own", priority=50, caps={"day": 1})
    other = cmd("other", priority=1, buyer_entity="acc_eco", cross_entity="fallback")
    always = cmd("always", priority=1, buyer_entity="acc_eco", cross_entity="always")
    assert run([cand(own), cand(other)]).selected[0].commande.id == "own"
    full = run([cand(own, day=1), cand(other)])
    assert full.selected[0].commande.id == "other"
    assert reasons(full)["other"] == "priority 1, first eligible, cross-entity (fallback)"
    assert run([cand(own), cand(always)]).selected[0].commande.id == "always"
    provider = replace(LEAD, from_provider=True)
    blocked = run([cand(always)], provider)
    assert reasons(blocked)["always"] == "provider lead: never sold outside its entity"


def test_consent_names_the_buyers() -> None:
    lead = replace(LEAD, consent_buyers=frozenset({"buy_b"}))
    p = run([cand(cmd("a", priority=1)), cand(cmd("b", priority=2))], lead)
    assert [s.commande.id for s in p.selected] == ["b"]
    assert reasons(p)["a"] == "buyer not named in the lead's consent"


def test_backlog_leads_need_a_backlog_share_and_fill_only_that_share() -> None:
    lead = replace(LEAD, backlog=True)
    fresh_only = cmd("fresh", priority=1)
    lb = cmd("lb", priority=2, caps={"day": 10}, backlog_share=20, backlog_price_cents=900)
    p = run([cand(fresh_only), cand(lb)], lead)
    assert reasons(p)["fresh"] == "takes no backlog (LB) leads"
    assert reasons(p)["lb"] == "priority 2, first eligible, backlog (LB) at 9.00 €"
    full = run([cand(lb, day=3, lb_day=2)], lead)  # 20 % of 10 = 2 backlog units a day
    assert reasons(full)["lb"] == "backlog share 20% of daily cap 10 reached"
    counters = Counters()
    reserve = counters.reserver(lead, NOW)
    assert reserve(cand(lb)) is None and reserve(cand(lb)) is None
    assert reserve(cand(lb)) == "backlog share 20% of daily cap 10 reached"
    assert counters.used[("lb", "day:2026-11-23")] == 2  # the failed one reserved nothing


def test_reservation_is_all_periods_or_none() -> None:
    c = cmd("a", caps={"day": 5, "week": 1})
    counters = Counters()
    reserve = counters.reserver(LEAD, NOW)
    assert reserve(cand(c)) is None
    assert reserve(cand(c)) == "weekly cap 1 reached"
    assert counters.used[("a", "day:2026-11-23")] == 1
    assert counters.used[("a", "week:2026-11-23")] == 1
    assert counters.used[("a", "month:2026-11")] == 1


def test_long_departement_lists_are_shortened_and_case_insensitive() -> None:
    deps = '["' + '","'.join(f"{n:02d}" for n in range(1, 30)) + '"]'
    reason = reasons(run([cand(cmd("a", departements=deps))], replace(LEAD, departement="75")))
    assert reason["a"].endswith(",…]") and reason["a"].count(",") == 12
    assert run([cand(cmd("a", departements='["2a"]'))], replace(LEAD, departement="2A")).selected
    no_dep = run([cand(cmd("a", departements='["13"]'))], replace(LEAD, departement=None))
    assert reasons(no_dep)["a"] == "lead has no département"


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
def test_private_urls_are_refused_without_private_network(url: str) -> None:
    reason = refusal(url, allow_private=False)
    assert reason is not None and "non-public" in reason
    assert refusal(url, allow_private=True) is None


def test_url_shape_is_checked_even_with_private_network() -> None:
    assert refusal("ftp://example.org/", allow_private=True) is not None
    assert refusal("http:///nohost", allow_private=True) == "buyer URL has no host"
    assert refusal("http://8.8.8.8/hook", allow_private=False) is None


def test_a_test_lead_takes_test_buyers_only() -> None:
    """Decision 0050: test traffic never reaches a real buyer (and never the reverse)."""
    test_lead = replace(LEAD, is_test=True)
    p = run([cand(cmd("real")), cand(cmd("test", buyer_is_test=True, priority=20))], test_lead)
    assert [c.commande.id for c in p.selected] == ["test"]
    assert reasons(p)["real"] == "test lead: real buyer"
