"""Answers of the billing (close, invoices and credit notes) and ad costs endpoints."""

from typing import Literal, TypedDict

from ingest.api.responses.common import Paged

DocumentKind = Literal["invoice", "credit_note"]


class Invoice(TypedDict):
    """An invoice or credit note (amounts in cents; ``vat_rate_bp``: basis points); issued by
    ``entity_id`` to a buyer or, intercompany, to ``customer_entity_id``."""

    id: str
    number: str
    kind: DocumentKind
    entity_id: str
    buyer_id: str | None
    customer_entity_id: str | None
    buyer_name: str | None
    account_id: str | None
    period: str
    period_start: str
    period_end: str
    issue_date: str
    due_date: str | None
    refers_to: str | None
    refers_to_number: str | None
    currency: str
    vat_rate_bp: int
    total_ht_cents: int
    vat_cents: int
    total_ttc_cents: int
    prepaid: bool
    status: Literal["issued", "sent", "paid"]
    issued_at: str
    sent_at: str | None
    paid_at: str | None


class InvoicePage(Paged):
    items: list[Invoice]


class InvoiceLine(TypedDict):
    """A line: sale, return, credit or transfer."""

    line_no: int
    kind: Literal["sale", "return", "credit", "transfer"]
    product_code: str | None
    label: str
    quantity: int
    unit_price_cents: int
    amount_cents: int


class InvoiceDetail(Invoice):
    lines: list[InvoiceLine]


class Issued(TypedDict):
    """A document the close issued."""

    id: str
    number: str
    kind: DocumentKind
    buyer_id: str | None
    customer_entity_id: str | None
    refers_to: str | None
    total_ht_cents: int
    vat_cents: int
    total_ttc_cents: int


class Blocked(TypedDict):
    """A document not issued for want of legal mentions: each party's missing fields."""

    subject: str
    missing: dict[str, list[str]]


class Closed(TypedDict):
    """A closed period: how many buyers, what was issued and what is blocked."""

    period: str
    kind: str
    buyers: int
    issued: list[Issued]
    blocked: list[Blocked]


class CostRow(TypedDict):
    """Ad spend of one day, source and campaign, in cents."""

    account_id: str
    date: str
    source: str
    campaign: str
    cost_cents: int
    currency: str
    imported_at: str
    import_id: str | None


class CostPage(Paged):
    """The rows of the page and the total cost of every matching row."""

    items: list[CostRow]
    total_cost_cents: int


class CostImport(TypedDict):
    """An import: lines read, rows stored, rows it replaced (same day, source, campaign)."""

    import_id: str
    account_id: str
    lines: int
    rows: int
    replaced: int
    date_from: str | None
    date_to: str | None
    sources: list[str]
    total_cost_cents: int
    currency: str
