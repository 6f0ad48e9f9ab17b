"""Answers of the commandes and simulate endpoints."""

from typing import Literal, TypedDict

from ingest.api.responses.common import Paged


class Commande(TypedDict):
    """A commande: what a buyer takes (product, départements ``"*"`` or a list, caps, price in
    cents HT, schedule); ``buyer_misconfigured``: why its buyer cannot be delivered, or null."""

    id: str
    buyer_id: str
    name: str
    product_code: str
    departements: list[str] | str
    daily_cap: int | None
    weekly_cap: int | None
    monthly_cap: int | None
    price_cents: int
    priority: int
    weight: int
    active: bool
    created_at: str
    updated_at: str | None
    valid_from: str | None
    valid_until: str | None
    delivery_days: list[int]
    hours_from: str | None
    hours_to: str | None
    closed_dates: list[str]
    closed_on_holidays: bool
    max_buyers: int
    backlog_share: int
    backlog_price_cents: int | None
    cross_entity: Literal["never", "fallback", "always"]
    buyer_misconfigured: str | None
    account_id: str


class CommandePage(Paged):
    items: list[Commande]


class CommandeSaved(Commande):
    """The commande after a change, and how many waiting leads it woke up or was offered."""

    woken_leads: int


class SimulatedLead(TypedDict):
    """One replayed lead: the commandes it went to, and would go to with the change."""

    lead_id: str
    created_at: str
    product_code: str | None
    departement: str | None
    actual: list[str]
    simulated: list[str]
    changed: bool


class Counts(TypedDict):
    """Sales and revenue (cents HT) as they were and as simulated."""

    actual: int
    simulated: int
    actual_cents: int
    simulated_cents: int


class CommandeDelta(Counts):
    commande_id: str
    name: str
    delta: int
    cents_delta: int
    changed: bool


class SimulationSummary(TypedDict):
    sales_actual: int
    sales_simulated: int
    sales_delta: int
    cents_actual: int
    cents_simulated: int
    cents_delta: int
    commandes: list[CommandeDelta]


class Simulation(TypedDict):
    """A replay of the last ``days`` days with the commande changed (nothing saved);
    ``commandes``: each shown commande's counts, by id."""

    commande_id: str
    days: int
    changes: dict[str, object]
    since: str
    until: str
    leads_replayed: int
    leads_changed: int
    commandes: dict[str, Counts]
    summary: SimulationSummary
    leads: list[SimulatedLead]
