"""Which commandes take a lead, in which order, and why each other one is skipped (pure).

Real routing (``routing.route``) and ``simulate`` both call :func:`plan`; they differ only in
where the facts come from (the hub inside the routing transaction, or an in-memory replay) and
in how a cap unit is reserved (SQL, or a counter), both passed in.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from hub.calendar import PERIOD_KINDS, local_midnight, next_period_start, paris_date, period_key
from hub.rules.commande import CAP_LABELS, Commande, commande_from_row, parse_departements

__all__ = ["Commande", "commande_from_row", "parse_departements"]

MAX_LISTED_DEPARTEMENTS = 12


@dataclass(frozen=True, slots=True)
class Usage:
    """What routing knows about one commande for one lead at decision time."""

    used: Mapping[str, int]  # 'day', 'week', 'month', 'lb-day', ... → units reserved
    buyer_has_lead: bool = False
    buyer_bought_phone: bool = False  # same phone and product sold to it within 30 days
    balance_cents: int = 0  # the buyer's prepaid balance (read only for a prepaid buyer)


@dataclass(frozen=True, slots=True)
class Candidate:
    commande: Commande
    usage: Usage


@dataclass(frozen=True, slots=True)
class Sale:
    """A live sale of the lead (pending or delivered) that further sales must respect."""

    commande_id: str
    buyer_id: str
    max_buyers: int


@dataclass(frozen=True, slots=True)
class LeadFacts:
    id: str
    product_code: str
    departement: str | None
    entity: str  # the selling entity (root account) that produced the lead
    from_provider: bool = False  # an outside supplier's lead never crosses entities
    consent_buyers: frozenset[str] | None = None  # None: the consent names no buyer
    backlog: bool = False  # resold as backlog "LB"
    is_test: bool = False  # test traffic: test buyers only (decision 0050)
    sold_to: tuple[Sale, ...] = ()


Row = tuple[str | None, str, str]  # (commande_id, outcome, reason)
Reserve = Callable[[Candidate], str | None]  # None: reserved; else why not


@dataclass(frozen=True, slots=True)
class Plan:
    selected: list[Candidate]
    rows: list[Row]
    wake_at: datetime | None  # earliest time a skipped commande may open again


@lru_cache(maxsize=4096)
def _departements(value: str) -> tuple[str, ...] | None:
    """A commande's départements, parsed once per distinct setting (not once per lead)."""
    deps = parse_departements(value)
    return None if deps is None else tuple(deps)


def _listed(deps: tuple[str, ...]) -> str:
    shown = ",".join(deps[:MAX_LISTED_DEPARTEMENTS])
    return f"[{shown},…]" if len(deps) > MAX_LISTED_DEPARTEMENTS else f"[{shown}]"


def reservations(lead: LeadFacts, c: Commande, now: datetime) -> list[tuple[str, int | None, str]]:
    """Every cap bucket one sale takes: (period key, cap or None, reason when full)."""
    out = []
    for kind in PERIOD_KINDS:
        cap = c.cap(kind)
        out.append((period_key(now, kind), cap, f"{CAP_LABELS[kind]} cap {cap} reached"))
        if lead.backlog:
            lb = c.backlog_cap(kind)
            why = f"backlog share {c.backlog_share}% of {CAP_LABELS[kind]} cap {cap} reached"
            out.append(("lb-" + period_key(now, kind), lb, why))
    return out


def _validity(c: Commande, now: datetime) -> tuple[str | None, datetime | None]:
    today = paris_date(now)
    if c.valid_from and today < c.valid_from:
        return f"not valid before {c.valid_from.isoformat()}", local_midnight(c.valid_from)
    if c.valid_until and today > c.valid_until:
        return f"expired on {c.valid_until.isoformat()}", None
    return None, None


def skip_reason(
    lead: LeadFacts, cand: Candidate, now: datetime
) -> tuple[str | None, datetime | None]:
    """Why this commande cannot take this lead now (None: it can), and when that may change."""
    c, u = cand.commande, cand.usage
    if c.config_error:
        return c.config_error, None
    if not c.active:
        return "inactive", None
    if not c.buyer_active:
        return "buyer inactive", None
    if c.buyer_archived:
        return "buyer account archived", None
    if c.buyer_misconfigured:
        return f"buyer misconfigured: {c.buyer_misconfigured}", None
    if lead.is_test != c.buyer_is_test:
        return ("test lead: real buyer" if lead.is_test else "test buyer: real lead"), None
    if c.product_code != lead.product_code:
        return f"product {c.product_code} ≠ {lead.product_code}", None
    reason, wake = _validity(c, now)
    if reason:
        return reason, wake
    deps = _departements(c.departements)
    if deps is not None:
        if not lead.departement:
            return "lead has no département", None
        if lead.departement.upper() not in deps:
            return f"département {lead.departement} not in {_listed(deps)}", None
    if c.buyer_entity != lead.entity:
        if lead.from_provider:
            return "provider lead: never sold outside its entity", None
        if c.cross_entity == "never":
            return f"other entity ({c.buyer_entity}): cross-entity not allowed", None
    if lead.consent_buyers is not None and c.buyer_id not in lead.consent_buyers:
        return "buyer not named in the lead's consent", None
    if lead.backlog and c.backlog_share <= 0:
        return "takes no backlog (LB) leads", None
    if u.buyer_has_lead:
        return "buyer already has this lead", None
    if u.buyer_bought_phone:
        return "buyer bought this phone for this product within 30 days", None
    closed = c.calendar.closed_reason(now)
    if closed:
        return closed, c.calendar.next_open(now)
    for kind in PERIOD_KINDS:
        cap = c.cap(kind)
        if cap is not None and u.used.get(kind, 0) >= cap:
            return f"{CAP_LABELS[kind]} cap {cap} reached", next_period_start(now, kind)
        lb = c.backlog_cap(kind)
        if lead.backlog and lb is not None and u.used.get("lb-" + kind, 0) >= lb:
            why = f"backlog share {c.backlog_share}% of {CAP_LABELS[kind]} cap {cap} reached"
            return why, next_period_start(now, kind)
    return _unpaid(lead, cand), None


def _unpaid(lead: LeadFacts, cand: Candidate) -> str | None:
    """A prepaid buyer whose balance cannot pay the lead's price (a top-up wakes the lead)."""
    c = cand.commande
    price = c.price(lead.backlog)
    if not c.prepaid or price <= 0 or cand.usage.balance_cents >= price:
        return None
    return unpaid_reason(cand.usage.balance_cents, price)


def unpaid_reason(balance_cents: int, price_cents: int) -> str:
    return f"prepaid balance {balance_cents / 100:.2f} € cannot pay {price_cents / 100:.2f} €"


def draw_key(seed: str, lead_id: str, commande_id: str, weight: int) -> float:
    """Weighted random order among equal priorities (exponential race): the commande with the
    smallest key goes first, with probability weight / total weight. Derived from the lead id,
    so a lead always draws the same order for a seed (simulate = real routing)."""
    digest = hashlib.sha256(f"{seed}\x00{lead_id}\x00{commande_id}".encode()).digest()
    u = (int.from_bytes(digest[:8], "big") + 1) / (2**64 + 1)
    return -math.log(u) / max(1, weight)


def _fallback(lead: LeadFacts, c: Commande) -> bool:
    return c.buyer_entity != lead.entity and c.cross_entity == "fallback"


def order(lead: LeadFacts, candidates: Iterable[Candidate], seed: str) -> list[Candidate]:
    """Own-entity (and 'always' cross-entity) commandes first, cross-entity fallbacks last;
    then priority (lower first); then a weighted draw among equal priorities."""

    def key(cand: Candidate) -> tuple[int, int, float, str]:
        c = cand.commande
        draw = draw_key(seed, lead.id, c.id, c.weight)
        return (int(_fallback(lead, c)), c.priority, draw, c.id)

    return sorted(candidates, key=key)


def _conflict(lead: LeadFacts, c: Commande, sold: list[tuple[str, str, int]]) -> str | None:
    """Why an eligible commande cannot also take a lead already sold (or being sold)."""
    if not sold:
        return None
    first_id, _, _ = sold[0]
    limit = min(m for _, _, m in sold)
    if c.buyer_id in {b for _, b, _ in sold}:
        return "buyer already takes this lead"
    if _fallback(lead, c):
        return f"cross-entity fallback: lead already placed with {first_id}"
    if limit == 1:
        return f"eligible, but {first_id} comes first (exclusive)"
    if len(sold) >= limit:
        return f"lead already shared by {len(sold)} buyers (max {limit})"
    if c.max_buyers <= len(sold):
        return f"shares with at most {c.max_buyers} buyer(s); lead already has {len(sold)}"
    return None


def _selected_reason(lead: LeadFacts, c: Commande, position: int) -> str:
    if position == 0:
        parts = [f"priority {c.priority}, first eligible"]
        if c.max_buyers > 1:
            parts.append(f"shared by up to {c.max_buyers} buyers")
    else:
        parts = [f"priority {c.priority}, shared lead: buyer {position + 1}"]
    if lead.backlog:
        parts.append(f"backlog (LB) at {c.price(True) / 100:.2f} €")
    if c.buyer_entity != lead.entity:
        parts.append(f"cross-entity ({c.cross_entity})")
    return ", ".join(parts)


def plan(
    lead: LeadFacts, candidates: Iterable[Candidate], now: datetime, seed: str, reserve: Reserve
) -> Plan:
    """Walk the commandes in routing order; reserve and select the first eligible one (and,
    for a shared lead, the next ones up to the smallest max_buyers); record every verdict."""
    sold = [(s.commande_id, s.buyer_id, s.max_buyers) for s in lead.sold_to]
    selected: list[Candidate] = []
    rows: list[Row] = []
    wake: datetime | None = None
    for cand in order(lead, candidates, seed):
        c = cand.commande
        reason, when = skip_reason(lead, cand, now)
        if reason is None:
            reason = _conflict(lead, c, sold)
        if reason is None:
            reason = reserve(cand)
        if reason is not None:
            rows.append((c.id, "skipped", reason))
            if when is not None and (wake is None or when < wake):
                wake = when
            continue
        rows.append((c.id, "selected", _selected_reason(lead, c, len(sold))))
        sold.append((c.id, c.buyer_id, c.max_buyers))
        selected.append(cand)
    return Plan(selected, rows, wake)
