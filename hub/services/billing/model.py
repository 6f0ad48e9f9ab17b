"""What a document holds, as plain frozen data: the parties, the lines, the totals; built by
:mod:`.drafts`, frozen by :mod:`.issue`, printed by :mod:`.documents`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from hub.services.billing.amounts import Totals, totals

KIND_INVOICE, KIND_CREDIT_NOTE = "invoice", "credit_note"


@dataclass(frozen=True, slots=True)
class Party:
    id: str
    name: str
    legal_name: str | None
    siren: str | None
    vat_number: str | None
    address: str | None

    @property
    def display_name(self) -> str:
        return self.legal_name or self.name


@dataclass(frozen=True, slots=True)
class Line:
    kind: str  # sale | return | credit
    product_code: str | None
    label: str
    quantity: int
    unit_price_cents: int

    @property
    def amount_cents(self) -> int:
        return self.quantity * self.unit_price_cents


@dataclass(frozen=True, slots=True)
class Draft:
    """A document a close would issue (no number yet)."""

    kind: str
    period: str
    period_start: str  # Paris dates, inclusive
    period_end: str
    seller: Party
    buyer: Party
    account_id: str
    payment_days: int
    prepaid: bool
    lines: tuple[Line, ...]
    sale_ids: tuple[str, ...] = ()
    credit_ids: tuple[str, ...] = ()
    refers_to: str | None = None  # invoice id (credit notes)
    intercompany: bool = False  # the buyer Party is the entity that sold the leads

    @property
    def totals(self) -> Totals:
        return totals(sum(line.amount_cents for line in self.lines))


@dataclass(frozen=True, slots=True)
class Document:
    """An issued document: the draft with its number, dates and what it refers to."""

    id: str
    number: str
    draft: Draft
    issue_date: str
    due_date: str
    refers_to_number: str | None = None
    refers_to_date: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def totals(self) -> Totals:
        return self.draft.totals

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["totals"] = asdict(self.totals)
        out["lines"] = [
            {**asdict(line), "amount_cents": line.amount_cents} for line in self.draft.lines
        ]
        return out
