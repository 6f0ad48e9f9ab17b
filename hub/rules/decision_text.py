"""Routing decisions in plain French: the one place that turns the reasons the router records
(English sentences with their values, written by :mod:`hub.rules.select`, :mod:`hub.calendar`,
:mod:`hub.rules.backlog` and ``routing.route``) into the lead page's decision log
("commande PV Sud : cap du jour atteint (10/10)").

A reason no pattern knows is shown as recorded (``known`` is False): a new reason without its
French wording shows in English, never as nothing; a test walks every reason the rules produce.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

OUTCOMES_FR = {
    "selected": "retenue",
    "skipped": "écartée",
    "unrouted": "non routé",
    "held": "retenu",
    "backlog": "stock (LB)",
}
_PERIOD = {"daily": "du jour", "weekly": "de la semaine", "monthly": "du mois"}
_CROSS = {"never": "jamais", "fallback": "en repli", "always": "toujours"}


def _day(iso_date: str) -> str:
    return date.fromisoformat(iso_date).strftime("%d/%m/%Y")


def _euros(amount: str) -> str:
    return amount.replace(".", ",") + " €"


Render = Callable[[re.Match[str]], str]
_FIXED: dict[str, str] = {
    "inactive": "commande inactive",
    "buyer inactive": "acheteur inactif",
    "test lead: real buyer": "lead de test : acheteur réel",
    "test buyer: real lead": "acheteur de test : lead réel",
    "lead has no département": "le lead n'a pas de département",
    "provider lead: never sold outside its entity": (
        "lead de fournisseur : jamais vendu hors de son entité"
    ),
    "buyer not named in the lead's consent": "acheteur non nommé dans le consentement du lead",
    "takes no backlog (LB) leads": "ne prend pas de leads en stock (LB)",
    "buyer already has this lead": "l'acheteur a déjà ce lead",
    "buyer already takes this lead": "l'acheteur prend déjà ce lead",
    "buyer bought this phone for this product within 30 days": (
        "l'acheteur a déjà acheté ce numéro pour ce produit il y a moins de 30 jours"
    ),
    "phone invalid: not routable": "téléphone invalide : lead non routable",
    "no eligible commande": "aucune commande éligible",
    "fresh lead": "lead frais",
    "first eligible": "première éligible",
}
_PATTERNS: list[tuple[re.Pattern[str], Render]] = [
    (
        re.compile(r"(daily|weekly|monthly) cap (\d+) reached"),
        lambda m: f"cap {_PERIOD[m[1]]} atteint ({m[2]}/{m[2]})",
    ),
    (
        re.compile(r"backlog share (\d+)% of (daily|weekly|monthly) cap (\w+) reached"),
        lambda m: f"part stock (LB) de {m[1]} % du cap {_PERIOD[m[2]]} ({m[3]}) atteinte",
    ),
    (re.compile(r"invalid setting: (.*)"), lambda m: f"réglage invalide : {m[1]}"),
    (
        re.compile(r"buyer misconfigured: (.*)"),
        lambda m: f"acheteur mal configuré : {m[1]}",
    ),
    (
        re.compile(r"product (\S+) ≠ (\S+)"),
        lambda m: f"produit {m[1]} (le lead est {m[2]})",
    ),
    (
        re.compile(r"not valid before (\d{4}-\d\d-\d\d)"),
        lambda m: f"valide à partir du {_day(m[1])}",
    ),
    (re.compile(r"expired on (\d{4}-\d\d-\d\d)"), lambda m: f"expirée le {_day(m[1])}"),
    (
        re.compile(r"département (\S+) not in (.*)"),
        lambda m: f"département {m[1]} hors zone {m[2]}",
    ),
    (
        re.compile(r"other entity \((.*)\): cross-entity not allowed"),
        lambda m: f"autre entité ({m[1]}) : vente inter-entités interdite",
    ),
    (re.compile(r"closed on (\w+)"), lambda m: f"fermée le {m[1]}"),
    (
        re.compile(r"closed date (\d{4}-\d\d-\d\d)"),
        lambda m: f"fermée le {_day(m[1])} (date de fermeture)",
    ),
    (re.compile(r"closed: public holiday \((.*)\)"), lambda m: f"fermée : jour férié ({m[1]})"),
    (
        re.compile(r"closed: outside hours (\S+)–(\S+)"),
        lambda m: f"fermée : hors horaires ({m[1]}–{m[2]})",
    ),
    (
        re.compile(r"cross-entity fallback: lead already placed with (\S+)"),
        lambda m: f"repli inter-entités : lead déjà placé chez {m[1]}",
    ),
    (
        re.compile(r"eligible, but (\S+) comes first \(exclusive\)"),
        lambda m: f"éligible, mais {m[1]} passe avant (exclusif)",
    ),
    (
        re.compile(r"lead already shared by (\d+) buyers \(max (\d+)\)"),
        lambda m: f"lead déjà partagé entre {m[1]} acheteurs (max {m[2]})",
    ),
    (
        re.compile(r"shares with at most (\d+) buyer\(s\); lead already has (\d+)"),
        lambda m: f"partage avec {m[1]} acheteur(s) au plus ; le lead en a déjà {m[2]}",
    ),
    (
        re.compile(r"priority (-?\d+), first eligible"),
        lambda m: f"priorité {m[1]}, première éligible",
    ),
    (
        re.compile(r"priority (-?\d+), shared lead: buyer (\d+)"),
        lambda m: f"priorité {m[1]}, lead partagé : acheteur n° {m[2]}",
    ),
    (
        re.compile(r"shared by up to (\d+) buyers"),
        lambda m: f"partagé entre {m[1]} acheteurs au plus",
    ),
    (re.compile(r"backlog \(LB\) at ([\d.]+) €"), lambda m: f"stock (LB) à {_euros(m[1])}"),
    (
        re.compile(r"cross-entity \((never|fallback|always)\)"),
        lambda m: f"inter-entités ({_CROSS[m[1]]})",
    ),
    (
        re.compile(r"unsold after (\d+) days: backlog \(LB\)"),
        lambda m: f"invendu après {m[1]} jours : revendu en stock (LB)",
    ),
    (
        re.compile(r"sold more than (\d+) days ago: backlog \(LB\)"),
        lambda m: f"vendu il y a plus de {m[1]} jours : revendu en stock (LB)",
    ),
]


@dataclass(frozen=True, slots=True)
class French:
    text: str
    known: bool  # False: no pattern knows this reason (shown as recorded)


def _part(reason: str) -> French:
    fixed = _FIXED.get(reason)
    if fixed is not None:
        return French(fixed, True)
    for pattern, render in _PATTERNS:
        match = pattern.fullmatch(reason)
        if match is not None:
            return French(render(match), True)
    return French(reason, False)


def french(reason: str, outcome: str = "skipped") -> French:
    """A recorded reason in plain French. A selected commande's reason lists parts joined by
    ", " (priority, sharing, backlog price, cross-entity); a held lead's reason is the text of
    its source block, as its author wrote it."""
    if outcome == "held":
        return French(f"source bloquée : {reason}", True)
    whole = _part(reason)
    if whole.known or outcome != "selected":
        return whole
    parts = [_part(p) for p in re.split(r", (?=priority|shared|backlog|cross-entity)", reason)]
    return French(", ".join(p.text for p in parts), all(p.known for p in parts))


def decision_line(commande: str | None, outcome: str, reason: str) -> str:
    """One line of the decision log: ``commande PV Sud : cap du jour atteint (10/10)``, or the
    lead's own verdict when no commande is named (``non routé : aucune commande éligible``)."""
    text = french(reason, outcome).text
    if commande is None:
        return f"{OUTCOMES_FR.get(outcome, outcome)} : {text}"
    if outcome == "skipped":
        return f"commande {commande} : {text}"
    return f"commande {commande} : {OUTCOMES_FR.get(outcome, outcome)} — {text}"
