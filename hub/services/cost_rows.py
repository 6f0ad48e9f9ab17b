"""Reading ad spend rows (``date, source, campaign, cost``), from JSON rows here or from a CSV's
cells (:mod:`hub.services.cost_csv`). Dates are ``YYYY-MM-DD`` or ``DD/MM/YYYY``; amounts take a
French decimal comma ("12,50", "1 234,56") or a point ("1,234.56"), in euros; only EUR.

Line numbers are the file's: the header is line 1 when nothing precedes it; JSON row ``i``
(from 0) is line ``i + 2``, as if it were a CSV under a header. Every bad row is named with its
line and field in one ``422`` (:class:`hub.errors.ApiError`), and nothing is kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from hub.errors import ApiError, FieldError

MAX_ROWS = 50_000
FIRST_DAY = date(2000, 1, 1)
MAX_CENTS = 10**11  # a billion euros a day: anything above is a typo
_FIELDS = ("date", "source", "campaign", "cost")
_FR_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


@dataclass(frozen=True, slots=True)
class CostRow:
    line: int
    date: str  # YYYY-MM-DD
    source: str  # lower case
    campaign: str
    cost_cents: int


def line_error(line: int, field: str, reason: str, fr: str, en: str) -> FieldError:
    return FieldError(f"line {line}.{field}", reason, f"Ligne {line} : {fr}", f"Line {line}: {en}")


def parse_date(value: Any) -> date | None:
    text = str(value).strip() if value is not None else ""
    try:
        if match := _FR_DATE.fullmatch(text):
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        return None


def parse_cents(value: Any) -> int | None:
    """Euros as given (a number, "12,50", "1 234,56", "1,234.56", "12.5 €") → cents (half up);
    None when it is not an amount."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        text = repr(value)
    else:
        text = _SPACES.sub("", str(value)).replace("€", "").replace("EUR", "")
        if "," in text and "." in text:  # the last one is the decimal separator
            thousands = "," if text.rfind(",") < text.rfind(".") else "."
            text = text.replace(thousands, "").replace(",", ".")
        elif text.count(",") == 1:
            text = text.replace(",", ".")
        elif text.count(",") > 1:
            text = text.replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite():
        return None
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _row(
    line: int, raw: Mapping[str, Any], source: str | None, until: date | None
) -> CostRow | list[FieldError]:
    errors: list[FieldError] = []
    day = parse_date(raw.get("date"))
    if day is not None and (day < FIRST_DAY or (until is not None and day > until)):
        last = until.isoformat() if until else "…"
        errors.append(
            line_error(
                line,
                "date",
                "out_of_range",
                f"date entre {FIRST_DAY.isoformat()} et {last} attendue.",
                f"a date from {FIRST_DAY.isoformat()} to {last} is expected.",
            )
        )
        day = None
    elif day is None:
        errors.append(
            line_error(
                line,
                "date",
                "invalid_date",
                "date attendue au format AAAA-MM-JJ ou JJ/MM/AAAA.",
                "a date as YYYY-MM-DD or DD/MM/YYYY is expected.",
            )
        )
    src = source or str(raw.get("source") or "").strip().lower()
    if not src:
        errors.append(
            line_error(line, "source", "required", "source manquante.", "source missing.")
        )
    campaign = str(raw.get("campaign") or "").strip()
    if not campaign:
        errors.append(
            line_error(line, "campaign", "required", "campagne manquante.", "campaign missing.")
        )
    elif len(campaign) > 200 or len(src) > 100:
        errors.append(
            line_error(
                line, "campaign", "too_long", "200 caractères au plus.", "200 characters at most."
            )
        )
    cents = parse_cents(raw.get("cost"))
    if cents is None or not 0 <= cents <= MAX_CENTS:
        errors.append(
            line_error(
                line,
                "cost",
                "invalid_amount",
                "montant en euros positif attendu (ex. 12,50).",
                "a positive amount in euros is expected (e.g. 12.50).",
            )
        )
    currency = str(raw.get("currency") or "EUR").strip().upper()
    if currency != "EUR":
        errors.append(
            line_error(line, "currency", "not_eur", "seul l'euro est accepté.", "EUR only.")
        )
    if errors or day is None or cents is None:
        return errors
    return CostRow(line, day.isoformat(), src, campaign, cents)


def _refuse(errors: list[FieldError]) -> ApiError:
    lines = ", ".join(dict.fromkeys(e.field.split(".")[0] for e in errors))
    return ApiError(422, "invalid_rows", f"Nothing imported; bad rows: {lines}.", errors)


def rows_of(
    items: Sequence[tuple[int, Mapping[str, Any]]],
    source: str | None,
    errors: list[FieldError] | None = None,
    until: date | None = None,
) -> list[CostRow]:
    """The rows of ``items`` (line, cells by field), or the one 422 naming every bad line and
    field (with ``errors`` already found); dates after ``until`` are refused."""
    errors = list(errors or [])
    rows: list[CostRow] = []
    if len(items) > MAX_ROWS:
        errors.append(
            FieldError(
                "rows",
                "too_many",
                f"{MAX_ROWS} lignes au plus par import.",
                f"At most {MAX_ROWS} rows per import.",
            )
        )
        raise _refuse(errors)
    for line, raw in items:
        got = _row(line, raw, source, until)
        if isinstance(got, CostRow):
            rows.append(got)
        else:
            errors.extend(got)
    if errors:
        raise _refuse(errors)
    if not rows:
        raise ApiError(
            422,
            "invalid_rows",
            "No row to import.",
            [FieldError("rows", "empty", "Aucune ligne à importer.", "No row to import.")],
        )
    return rows


def from_json(rows: Any, until: date | None = None) -> list[CostRow]:
    """JSON rows ``[{date, source, campaign, cost}]`` (row ``i`` is line ``i + 2``)."""
    if not isinstance(rows, list):
        raise ApiError(
            422,
            "invalid_rows",
            "rows must be a list of objects.",
            [FieldError("rows", "invalid", "Liste d'objets attendue.", "A list of objects.")],
        )
    items: list[tuple[int, Mapping[str, Any]]] = []
    bad: list[FieldError] = []
    for i, raw in enumerate(rows):
        if not isinstance(raw, Mapping):
            bad.append(line_error(i + 2, "row", "invalid", "objet attendu.", "an object expected."))
            continue
        unknown = sorted(set(raw) - {*_FIELDS, "currency"})
        bad.extend(
            line_error(i + 2, name, "unknown_field", "champ inconnu.", "unknown field.")
            for name in unknown
        )
        items.append((i + 2, raw))
    return rows_of(items, None, bad, until)
