"""Reading ad spend from a CSV: ours (``date, source, campaign, cost``), a Google Ads export
(``Day, Campaign, Cost``: ``source = google``) or a Meta export (``Reporting starts`` or
``Day``, ``Campaign name``, ``Amount spent (EUR)``: ``source = facebook``).

Header names are matched without case, accents or surrounding spaces; the separator (``,``,
``;`` or tab) is the one with which a header is found; lines before the header (a Google
report's title and date range) and Google's ``Total: …`` rows (first cell) are skipped. A row
with more cells than the header (an unquoted "12,50" in a comma-separated file) is an error,
never a cut amount. Rows are then read by :mod:`hub.services.cost_rows` (line numbers are the
file's: the header is line 1 when nothing precedes it).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from hub.errors import ApiError, FieldError
from hub.services.cost_rows import CostRow, line_error, rows_of

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


def from_csv(text: str, until: date | None = None) -> list[CostRow]:
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
                    line_error(
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
                line_error(
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
    return rows_of(items, found[1], extra, until)
