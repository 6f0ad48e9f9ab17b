"""Every reason the routing rules record reads in plain French on the lead page: each branch of
``skip_reason``, the conflicts of a shared lead, the selected commande's wording, the backlog
modes and the calendar's closures are produced by the real rules, then rendered."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta

import pytest

from hub.calendar import DeliveryCalendar
from hub.rules.backlog import BacklogPolicy, PastSale, classify
from hub.rules.decision_text import decision_line, french
from hub.rules.select import Candidate, Commande, LeadFacts, Usage, plan, skip_reason

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)  # a Wednesday, 11:00 in Paris
BASE = Commande("cmd_a", "buy_a", "acc_soleil", "PV", "*", 3500, priority=10)
LEAD = LeadFacts("lead_1", "PV", "13", "acc_soleil")


def reason(c: Commande, lead: LeadFacts = LEAD, usage: Usage | None = None) -> str:
    why, _ = skip_reason(lead, Candidate(c, usage or Usage({})), NOW)
    assert why is not None
    return why


def cases() -> list[tuple[str, str]]:
    r = dataclasses.replace
    week = DeliveryCalendar(days=frozenset({1, 2}))
    return [
        (reason(r(BASE, config_error="invalid setting: bad hour")), "réglage invalide : bad hour"),
        (reason(r(BASE, active=False)), "commande inactive"),
        (reason(r(BASE, buyer_active=False)), "acheteur inactif"),
        (reason(r(BASE, buyer_is_test=True)), "acheteur de test : lead réel"),
        (reason(BASE, r(LEAD, is_test=True)), "lead de test : acheteur réel"),
        (reason(r(BASE, buyer_misconfigured="no URL")), "acheteur mal configuré : no URL"),
        (reason(r(BASE, product_code="PAC")), "produit PAC (le lead est PV)"),
        (reason(r(BASE, valid_from=date(2027, 1, 1))), "valide à partir du 01/01/2027"),
        (reason(r(BASE, valid_until=date(2026, 11, 1))), "expirée le 01/11/2026"),
        (
            reason(r(BASE, departements='["75","92"]')),
            "département 13 hors zone [75,92]",
        ),
        (
            reason(r(BASE, departements='["75"]'), r(LEAD, departement=None)),
            "le lead n'a pas de département",
        ),
        (
            reason(r(BASE, buyer_entity="acc_eco"), r(LEAD, from_provider=True)),
            "lead de fournisseur : jamais vendu hors de son entité",
        ),
        (
            reason(r(BASE, buyer_entity="acc_eco", cross_entity="never")),
            "autre entité (acc_eco) : vente inter-entités interdite",
        ),
        (
            reason(BASE, r(LEAD, consent_buyers=frozenset({"buy_b"}))),
            "acheteur non nommé dans le consentement du lead",
        ),
        (reason(BASE, r(LEAD, backlog=True)), "ne prend pas de leads en stock (LB)"),
        (reason(BASE, usage=Usage({}, buyer_has_lead=True)), "l'acheteur a déjà ce lead"),
        (
            reason(BASE, usage=Usage({}, buyer_bought_phone=True)),
            "l'acheteur a déjà acheté ce numéro pour ce produit il y a moins de 30 jours",
        ),
        (reason(r(BASE, calendar=week)), "fermée le mercredi"),
        (
            reason(r(BASE, calendar=DeliveryCalendar(closed_dates=frozenset({date(2026, 12, 2)})))),
            "fermée le 02/12/2026 (date de fermeture)",
        ),
        (
            reason(r(BASE, calendar=DeliveryCalendar(hours=(time(14), time(18))))),
            "fermée : hors horaires (14:00–18:00)",
        ),
        (
            reason(r(BASE, caps={"day": 10}), usage=Usage({"day": 10})),
            "cap du jour atteint (10/10)",
        ),
        (
            reason(r(BASE, caps={"week": 50}), usage=Usage({"week": 50})),
            "cap de la semaine atteint (50/50)",
        ),
        (
            reason(
                r(BASE, caps={"month": 10}, backlog_share=20),
                r(LEAD, backlog=True),
                Usage({"lb-month": 2}),
            ),
            "part stock (LB) de 20 % du cap du mois (10) atteinte",
        ),
    ]


@pytest.mark.parametrize(("recorded", "expected"), cases())
def test_each_skip_reason_reads_in_french(recorded: str, expected: str) -> None:
    words = french(recorded)
    assert (words.text, words.known) == (expected, True)


def test_holidays_shared_leads_and_selected_commandes() -> None:
    christmas = datetime(2026, 12, 25, 10, tzinfo=UTC)
    closed = DeliveryCalendar(closed_on_holidays=True).closed_reason(christmas)
    assert closed is not None and french(closed).text == "fermée : jour férié (Noël)"
    shared = dataclasses.replace(BASE, max_buyers=2)
    other = dataclasses.replace(BASE, id="cmd_b", buyer_id="buy_b", max_buyers=2, priority=20)
    third = dataclasses.replace(BASE, id="cmd_c", buyer_id="buy_c", priority=30)
    cands = [Candidate(c, Usage({})) for c in (shared, other, third)]
    rows = plan(LEAD, cands, NOW, "seed", lambda cand: None).rows
    lines = [decision_line(cid, outcome, why) for cid, outcome, why in rows]
    assert lines == [
        "commande cmd_a : retenue — priorité 10, première éligible, partagé entre 2 acheteurs"
        " au plus",
        "commande cmd_b : retenue — priorité 20, lead partagé : acheteur n° 2",
        "commande cmd_c : lead déjà partagé entre 2 acheteurs (max 2)",
    ]
    exclusive = plan(LEAD, [Candidate(BASE, Usage({})), cands[1]], NOW, "s", lambda c: None)
    assert french(exclusive.rows[1][2]).text == "éligible, mais cmd_a passe avant (exclusif)"
    assert decision_line(None, "unrouted", "no eligible commande") == (
        "non routé : aucune commande éligible"
    )
    assert decision_line(None, "held", "fraude suspectée").endswith(
        "source bloquée : fraude suspectée"
    )


def test_backlog_modes_and_unknown_reasons() -> None:
    old = NOW - timedelta(days=9)
    mode = classify(BacklogPolicy(), "unrouted", old, [], NOW)
    assert french(mode.reason, "backlog").text == "invendu après 8 jours : revendu en stock (LB)"
    sold = [PastSale("delivered", NOW - timedelta(days=31), "fresh")]
    mode = classify(BacklogPolicy(), "sold", old - timedelta(days=30), sold, NOW)
    assert french(mode.reason, "backlog").text == (
        "vendu il y a plus de 30 jours : revendu en stock (LB)"
    )
    unknown = french("some new reason")
    assert (unknown.text, unknown.known) == ("some new reason", False)
