"""Answers of the buyers, buyer delivery, prepaid, products and transfer prices endpoints."""

from typing import Any, Literal, NotRequired, TypedDict

from ingest.api.responses.common import BillingCycle, DeliveryMode, Paged


class Buyer(TypedDict):
    """A buyer as shown: never its secret (``has_secret``); a webhook URL without its query;
    ``misconfigured``: why its delivery cannot work, null when it can."""

    id: str
    account_id: str
    name: str
    contact_email: str | None
    webhook_url: str
    has_secret: bool
    delivery_mode: DeliveryMode
    dedupes: bool
    return_window_days: int
    legal_name: str | None
    siren: str | None
    vat_number: str | None
    address: str | None
    billing_cycle: BillingCycle
    payment_days: int
    is_test: bool
    active: bool
    misconfigured: str | None
    created_at: str


class BuyerCreated(Buyer):
    """``secret``: only when it was generated (shown this once)."""

    secret: NotRequired[str]


class BuyerPage(Paged):
    items: list[Buyer]


class BuyerDelivery(TypedDict):
    """How a buyer receives leads: mode and settings (never a secret: ``has_auth``)."""

    id: str
    name: str
    delivery_mode: DeliveryMode
    delivery_config: dict[str, Any]
    webhook_url: str
    has_auth: bool
    dedupes: bool
    return_window_days: int


class Balance(TypedDict):
    """A buyer's prepaid balance, in cents HT (``prepaid``: billed from the balance)."""

    buyer_id: str
    account_id: str
    name: str
    billing_cycle: BillingCycle
    active: bool
    balance_cents: int
    updated_at: str | None
    prepaid: bool


class Movement(TypedDict):
    """A movement of the balance: top_up, sale (negative), refund or credit."""

    id: int
    buyer_id: str
    kind: Literal["top_up", "sale", "refund", "credit"]
    amount_cents: int
    balance_after_cents: int
    delivery_id: str | None
    credit_id: str | None
    note: str | None
    actor: str | None
    created_at: str


class MovementPage(Paged):
    items: list[Movement]


class BalanceWithMovements(Balance):
    movements: MovementPage


class TopUpGiven(TypedDict):
    amount_cents: int
    note: str


class ToppedUp(Balance):
    """The balance after a top-up, and how many held leads it woke up."""

    top_up: TopUpGiven
    leads_woken: int


class Product(TypedDict):
    """A product and the aides it qualifies for; ``archived_at`` null while in use."""

    code: str
    label: str
    aides: list[str]
    archived_at: str | None


class ProductPage(Paged):
    items: list[Product]


class TransferPrice(TypedDict):
    """An intercompany transfer price of a product, in cents: for one pair of entities
    (``from_entity`` produces and bills, ``to_entity`` sells and is billed; null = any), or the
    product's default when both are null."""

    product_code: str
    from_entity: str | None
    to_entity: str | None
    price_cents: int
    updated_at: str | None


class TransferPriceDeleted(TransferPrice):
    """The pair's price as it was, now deleted."""

    deleted: bool


class TransferPricePage(Paged):
    items: list[TransferPrice]
