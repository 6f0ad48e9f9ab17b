"""Reading ad spend rows: a CSV (ours, a Google Ads or a Meta export) or JSON rows.

Our columns are ``date, source, campaign, cost``. A Google Ads export (``Day, Campaign, Cost``)
is ``source = google``; a Meta export (``Reporting starts`` or ``Day``, ``Campaign name``,
``Amount spent (EUR)``) is ``source = facebook``. Header names are matched without case, accents
or surrounding spaces; lines before the header (a Google report's title and date range) and
Google's ``Total: …`` rows (first cell) are skipped. Dates are ``YYYY-MM-DD`` or
``DD/MM/YYYY``; amounts take a French decimal comma ("12,50", "1 234,56") or a point
("1,234.56"), in euros.

Line numbers are the file's: the header is line 1 when nothing precedes it; JSON row ``i``
(from 0) is line ``i + 2``, as if it were a CSV under a header. Every bad row is named with its
line and field in one ``422`` (:class:`hub.errors.ApiError`), and nothing is kept.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from hub.errors import ApiError, FieldError

MAX_ROWS = 50_000
MAX_CENTS = 10**11  # a billion euros a day: anything above is a typo
_FIELDS = ("date", "source", "campaign", "cost")
# Header name (normalized) → our field.
_NAMES: Mapping[str, str] = {
    "date": "date",
    "jour": "date",
    "day": "date",
    "reporting starts": "date",
    "source": "source",
    "campaign": "campaign",
    "campagne": "campaign",
    "campaign name": "campaign",
    "cost": "cost",
    "cout": "cost",
    "amount spent (eur)": "cost",
    "currency": "currency",
    "currency code": "currency",
    "devise": "currency",
}
_GOOGLE = frozenset({"day", "cost"})
_META = frozenset({"campaign name", "amount spent (eur)", "reporting starts"})
_HEADER_WITHIN = 5  # lines: a Google report's title and date range come before its header
_FR_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


@dataclass(frozen=True, slots=True)
class CostRow:
    line: int
    date: str  # YYYY-MM-DD
    source: str  # lower case
    campaign: str
    cost_cents: int


def decode(data: bytes) -> str:
    """A file's text: UTF-8 (with or without BOM, as Google and Meta export), else Windows-1252
    (a CSV saved by a French Excel)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("\ufeff", "")).strip().lower()
    return "".join(c for c in text if not unicodedata.combining(c))


def _error(line: int, field: str, reason: str, fr: str, en: str) -> FieldError:
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


def _row(line: int, raw: Mapping[str, Any], source: str | None) -> CostRow | list[FieldError]:
    errors: list[FieldError] = []
    day = parse_date(raw.get("date"))
    if day is None:
        errors.append(
            _error(
                line,
                "date",
                "invalid_date",
                "date attendue au format AAAA-MM-JJ ou JJ/MM/AAAA.",
                "a date as YYYY-MM-DD or DD/MM/YYYY is expected.",
            )
        )
    src = source or str(raw.get("source") or "").strip().lower()
    if not src:
        errors.append(_error(line, "source", "required", "source manquante.", "source missing."))
    campaign = str(raw.get("campaign") or "").strip()
    if not campaign:
        errors.append(
            _error(line, "campaign", "required", "campagne manquante.", "campaign missing.")
        )
    elif len(campaign) > 200 or len(src) > 100:
        errors.append(
            _error(
                line, "campaign", "too_long", "200 caractères au plus.", "200 characters at most."
            )
        )
    cents = parse_cents(raw.get("cost"))
    if cents is None or not 0 <= cents <= MAX_CENTS:
        errors.append(
            _error(
                line,
                "cost",
                "invalid_amount",
                "montant en euros positif attendu (ex. 12,50).",
                "a positive amount in euros is expected (e.g. 12.50).",
            )
        )
    currency = str(raw.get("currency") or "EUR").strip().upper()
    if currency != "EUR":
        errors.append(_error(line, "currency", "not_eur", "seul l'euro est accepté.", "EUR only."))
    if errors or day is None or cents is None:
        return errors
    return CostRow(line, day.isoformat(), src, campaign, cents)


def _refuse(errors: list[FieldError]) -> ApiError:
    lines = ", ".join(dict.fromkeys(e.field.split(".")[0] for e in errors))
    return ApiError(422, "invalid_rows", f"Nothing imported; bad rows: {lines}.", errors)


def _rows(
    items: Sequence[tuple[int, Mapping[str, Any]]],
    source: str | None,
    errors: list[FieldError] | None = None,
) -> list[CostRow]:
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
        got = _row(line, raw, source)
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


def _header(cells: Sequence[str]) -> tuple[dict[int, str], str | None, int] | None:
    """Column index → our field, the source the export's kind implies, and the header's width;
    None: not a header."""
    names = [_norm(c) for c in cells]
    columns = {i: _NAMES[n] for i, n in enumerate(names) if n in _NAMES}
    found = set(columns.values())
    if not {"date", "cost"} <= found:
        return None
    width = len(cells)
    if "source" in found:
        return columns, None, width
    if _META & set(names):
        return columns, "facebook", width
    if set(names) >= _GOOGLE:
        return columns, "google", width
    return columns, None, width


def _delimiter(text: str) -> str:
    """The separator (``,``, ``;`` or tab) with which one of the first lines is a header."""
    head = "\n".join(text.splitlines()[:_HEADER_WITHIN])
    for delimiter in (",", ";", "\t"):
        try:
            if any(_header(cells) for cells in csv.reader(io.StringIO(head), delimiter=delimiter)):
                return delimiter
        except csv.Error:
            continue
    return ","


def from_csv(text: str) -> list[CostRow]:
    """The rows of a CSV (``,``, ``;`` or tab separated), or the one 422 naming each bad line."""
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    found: tuple[dict[int, str], str | None, int] | None = None
    items: list[tuple[int, Mapping[str, Any]]] = []
    extra: list[FieldError] = []
    try:
        for cells in reader:
            line = reader.line_num
            if found is None:
                found = _header(cells)
                if found is None and line >= _HEADER_WITHIN:
                    break
                continue
            if not any(c.strip() for c in cells) or cells[0].strip().lower().startswith("total:"):
                continue
            columns, width = found[0], found[2]
            if any(c.strip() for c in cells[width:]):
                extra.append(
                    _error(
                        line,
                        "row",
                        "too_many_cells",
                        f"plus de cellules que les {width} colonnes de l'en-tête (un montant "
                        "« 12,50 » non cité dans un CSV à virgules ?).",
                        f"more cells than the header's {width} columns (an unquoted "
                        '"12,50" in a comma-separated file?).',
                    )
                )
            items.append((line, {f: cells[i] for i, f in columns.items() if i < len(cells)}))
    except csv.Error as exc:
        raise ApiError(
            422,
            "invalid_csv",
            f"Unreadable CSV: {exc}.",
            [
                FieldError(
                    "file", "invalid_csv", f"CSV illisible : {exc}.", f"Unreadable CSV: {exc}."
                )
            ],
        ) from None
    if found is None:
        raise ApiError(
            422,
            "invalid_csv",
            "No header with date and cost columns.",
            [
                _error(
                    1,
                    "header",
                    "missing_columns",
                    "colonnes date, source, campaign, cost attendues (ou un export Google Ads "
                    "ou Meta).",
                    "columns date, source, campaign, cost expected (or a Google Ads or Meta "
                    "export).",
                )
            ],
        )
    return _rows(items, found[1], extra)


def from_json(rows: Any) -> list[CostRow]:
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
            bad.append(_error(i + 2, "row", "invalid", "objet attendu.", "an object expected."))
            continue
        unknown = sorted(set(raw) - {*_FIELDS, "currency"})
        bad.extend(
            _error(i + 2, name, "unknown_field", "champ inconnu.", "unknown field.")
            for name in unknown
        )
        items.append((i + 2, raw))
    return _rows(items, None, bad)
