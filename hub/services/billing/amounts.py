"""Money of a document in integer euro cents: line amounts are quantity × unit price; the TVA
is computed once on the total HT of the rate (EN 16931 BR-CO-17), rounded half up to the cent;
TTC = HT + TVA. Amounts print with a decimal point for the XML and CSV (``1234.50``) and the
French way on the PDF (``1 234,50 €``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

VAT_RATE_BP = 2000  # 20 % (taux normal), in basis points


@dataclass(frozen=True, slots=True)
class Totals:
    ht: int
    vat: int
    ttc: int
    rate_bp: int = VAT_RATE_BP


def vat_of(ht_cents: int, rate_bp: int = VAT_RATE_BP) -> int:
    """TVA on ``ht_cents`` rounded half up (away from zero) to the cent."""
    exact = Decimal(ht_cents) * Decimal(rate_bp) / Decimal(10_000)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def totals(ht_cents: int, rate_bp: int = VAT_RATE_BP) -> Totals:
    vat = vat_of(ht_cents, rate_bp)
    return Totals(ht_cents, vat, ht_cents + vat, rate_bp)


def decimal(cents: int) -> str:
    """``123450`` → ``'1234.50'``; ``-500`` → ``'-5.00'``."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def euros_fr(cents: int) -> str:
    """``123450`` → ``'1 234,50 €'`` (narrow no-break space between thousands)."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    grouped = f"{whole:,}".replace(",", "\u202f")
    return f"{sign}{grouped},{part:02d}\u00a0€"


def rate_percent(rate_bp: int) -> str:
    """``2000`` → ``'20.00'``."""
    return decimal(rate_bp)
