"""Eligibility of commandes for one lead, with the reason each one is skipped (pure)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

MAX_LISTED_DEPARTEMENTS = 12


@dataclass(frozen=True, slots=True)
class Candidate:
    """One commande as seen by the router at decision time."""

    commande_id: str
    buyer_id: str
    product_code: str
    departements: str  # '*' or a JSON list
    daily_cap: int | None
    price_cents: int
    priority: int
    active: bool
    buyer_active: bool
    used_today: int
    buyer_has_lead: bool
    buyer_bought_phone: bool  # same phone and product sold to this buyer within 30 days


@dataclass(frozen=True, slots=True)
class Verdict:
    candidate: Candidate
    reason: str | None  # None: eligible

    @property
    def eligible(self) -> bool:
        return self.reason is None


def parse_departements(value: str) -> list[str] | None:
    """None means every département; raises ValueError on anything but '*' or a JSON list."""
    if value.strip() == "*":
        return None
    parsed = json.loads(value)
    if not isinstance(parsed, list) or not all(isinstance(d, str) for d in parsed):
        raise ValueError("départements must be '*' or a JSON list of strings")
    return [d.strip().upper() for d in parsed]


def _listed(deps: list[str]) -> str:
    shown = ",".join(deps[:MAX_LISTED_DEPARTEMENTS])
    return f"[{shown},…]" if len(deps) > MAX_LISTED_DEPARTEMENTS else f"[{shown}]"


def skip_reason(product_code: str, departement: str | None, c: Candidate) -> str | None:
    """Why this commande cannot take this lead, or None when it can."""
    if not c.active:
        return "inactive"
    if not c.buyer_active:
        return "buyer inactive"
    if c.product_code != product_code:
        return f"product {c.product_code} ≠ {product_code}"
    try:
        deps = parse_departements(c.departements)
    except ValueError:
        return f"invalid départements setting {c.departements!r}"
    if deps is not None:
        if not departement:
            return "lead has no département"
        if departement.upper() not in deps:
            return f"département {departement} not in {_listed(deps)}"
    if c.buyer_has_lead:
        return "buyer already has this lead"
    if c.buyer_bought_phone:
        return "buyer bought this phone for this product within 30 days"
    if c.daily_cap is not None and c.used_today >= c.daily_cap:
        return f"daily cap {c.daily_cap} reached"
    return None


def evaluate(
    product_code: str, departement: str | None, candidates: Iterable[Candidate]
) -> list[Verdict]:
    """Every commande with its verdict, in routing order (priority, lower first; then id)."""
    ordered = sorted(candidates, key=lambda c: (c.priority, c.commande_id))
    return [Verdict(c, skip_reason(product_code, departement, c)) for c in ordered]
