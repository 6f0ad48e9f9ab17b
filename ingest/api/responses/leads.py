"""Answers of the leads and lead operations endpoints."""

from typing import Any, Literal, NotRequired, TypedDict

from ingest.api.responses.common import Paged


class LeadConsent(TypedDict):
    """The consent the person gave: the text and version they saw, when, where, from what."""

    given: bool
    version: str | None
    text: str | None
    at: str | None
    page_url: str | None
    ip: str | None
    user_agent: str | None


class Lead(TypedDict):
    """A lead as API v1 shows it (phone in E.164; null fields once anonymised)."""

    id: str
    account_id: str
    form_key: str | None
    lp_id: str | None
    product_code: str | None
    status: str
    status_reason: str | None
    first_name: str | None
    last_name: str | None
    email: str | None
    phone_class: str | None
    postal_code: str | None
    departement: str | None
    city: str | None
    visitor_id: str | None
    session_id: str | None
    submission_id: str | None
    source: str | None
    utm_source: str | None
    utm_medium: str | None
    utm_campaign: str | None
    utm_term: str | None
    utm_content: str | None
    gclid: str | None
    fbclid: str | None
    variant: str | None
    page_url: str | None
    referrer: str | None
    provider_id: str | None
    entity_id: str | None
    duplicate_of: str | None
    created_at: str
    updated_at: str | None
    lp_key: str | None
    phone: str | None
    is_test: bool
    extra: dict[str, Any]
    consent: LeadConsent


class LeadPage(Paged):
    items: list[Lead]


class RoutingDecision(TypedDict):
    """A commande the router considered, its outcome and reason (also in plain French)."""

    commande_id: str | None
    commande_name: str | None
    outcome: str
    reason: str | None
    created_at: str
    reason_fr: str
    reason_fr_known: bool
    line_fr: str


class Attempt(TypedDict):
    """One delivery attempt and the buyer's answer."""

    delivery_id: str
    attempt_no: int
    started_at: str
    duration_ms: float | None
    status_code: int | None
    error: str | None
    outcome: str | None
    ambiguous: int | None


class Sale(TypedDict):
    """A delivery (a sale) of the lead to a buyer, with every attempt."""

    id: str
    buyer_id: str
    buyer_name: str | None
    commande_id: str | None
    commande_name: str | None
    price_cents: int
    sale_kind: Literal["fresh", "backlog"] | None
    status: str
    attempts: list[Attempt]
    last_error: str | None
    possible_duplicate: bool
    created_at: str
    delivered_at: str | None
    updated_at: str | None
    returned: bool
    currency: str


class LeadCredit(TypedDict):
    """A credit given back for the lead (a return or a manual credit)."""

    id: str
    buyer_id: str
    buyer_name: str | None
    kind: Literal["return", "manual"]
    delivery_id: str | None
    amount_cents: int
    reason: str | None
    actor: str | None
    created_at: str


class LeadAction(TypedDict):
    """An action a person or a key took on the lead (from the activity log)."""

    actor: str
    action: str
    detail: dict[str, Any]
    created_at: str


class TimelineEvent(TypedDict):
    """An event of the lead's timeline, oldest first: ``kind`` is submitted, decision, sale,
    delivered, attempt, credit or action; the other fields are those of that event."""

    at: str
    kind: str


class LeadDetail(Lead):
    """One lead with its routing decisions, deliveries, credits, actions and timeline."""

    form_name: str | None
    lp_name: str | None
    routing_decisions: list[RoutingDecision]
    deliveries: list[Sale]
    credits: list[LeadCredit]
    actions: list[LeadAction]
    timeline: list[TimelineEvent]


class LeadOp(TypedDict):
    """A requeue or reroute: ``action`` route (routed again) or deliver (dead deliveries tried
    again, listed in ``deliveries``); ``taken_back``: the deliveries a reroute took back."""

    lead_id: str
    action: str
    deliveries: NotRequired[list[str]]
    taken_back: NotRequired[list[str]]


class Credit(TypedDict):
    id: str
    buyer_id: str
    delivery_id: str | None
    lead_id: str | None
    amount_cents: int
    reason: str
    created_at: str


class LeadReturned(TypedDict):
    """A buyer's return: the credit it gave."""

    lead_id: str
    returned: bool
    credit: Credit


class LeadTestFlag(TypedDict):
    lead_id: str
    is_test: bool
    changed: bool
