"""Reads of the published warehouse snapshot, and the funnel arithmetic on their results.

Each read opens its own read-only DuckDB connection and closes it before returning: a
connection held open would block the pipeline that swaps the snapshot (PITFALLS: DuckDB).
Every query takes the caller's account ids; nothing here is cached (the UI layer caches,
with the account ids in the key).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Final

import polars as pl

from dashboard.queries import q
from warehouse.reader import open_read_only as read_only

STEPS: Final = ("visits", "cta_clicks", "form_starts", "form_submits", "leads", "sold_leads")
COUNTS: Final = (*STEPS, "unique_visitors")
DIMENSIONS: Final = ("lp_id", "form_id", "source")
_SCHEMA: Final = {
    "date": pl.Date,
    **dict.fromkeys(DIMENSIONS, pl.String),
    **dict.fromkeys(COUNTS, pl.Int64),
    "revenue_eur": pl.Float64,
}
_EVENTS: Final = ("type", "at", "url", "variant", "utm_source", "utm_campaign")


@dataclass(frozen=True, slots=True)
class SnapshotInfo:
    version: str  # changes whenever a new snapshot is published (os.replace: new inode)
    published_at: datetime


@dataclass(frozen=True, slots=True)
class Catalogue:
    lp_names: dict[str, str]
    form_names: dict[str, str]


def snapshot_info(path: Path) -> SnapshotInfo | None:
    """The published snapshot's identity and time, or None when nothing is published yet."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    version = f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"
    return SnapshotInfo(version, datetime.fromtimestamp(st.st_mtime, UTC))


def load_funnel(path: Path, account_ids: Sequence[str], start: date, end: date) -> pl.DataFrame:
    """Funnel counts per day x LP x form x source of ``account_ids`` (empty ids: no rows)."""
    if not account_ids:
        return empty_funnel()
    params = {"account_ids": list(account_ids), "start": start, "end": end}
    with read_only(path) as con:
        frame: pl.DataFrame = con.sql(q("funnel"), params=params).pl()
    return frame.select(pl.col(name).cast(dtype) for name, dtype in _SCHEMA.items())


def load_ab_tests(path: Path, account_ids: Sequence[str]) -> pl.DataFrame:
    """The A/B test arms of ``account_ids`` (``ab_tests``), by test then arm, control first."""
    with read_only(path) as con:
        frame: pl.DataFrame = con.sql(q("ab_tests"), params={"account_ids": list(account_ids)}).pl()
    return frame


def load_catalogue(path: Path, account_ids: Sequence[str]) -> Catalogue:
    """Names of the LPs and forms of ``account_ids``."""
    lps: dict[str, str] = {}
    forms: dict[str, str] = {}
    if account_ids:
        with read_only(path) as con:
            rows = con.execute(q("catalogue"), {"account_ids": list(account_ids)}).fetchall()
        for kind, id_, name in rows:
            (lps if kind == "lp" else forms)[str(id_)] = str(name)
    return Catalogue(lps, forms)


def empty_funnel() -> pl.DataFrame:
    return pl.DataFrame(schema=_SCHEMA)


def apply_filters(
    frame: pl.DataFrame,
    lp_ids: Sequence[str] = (),
    form_ids: Sequence[str] = (),
    sources: Sequence[str] = (),
) -> pl.DataFrame:
    """Rows matching every non-empty selection (an empty selection means all)."""
    chosen = {"lp_id": lp_ids, "form_id": form_ids, "source": sources}
    matches = [pl.col(col).is_in(list(ids)) for col, ids in chosen.items() if ids]
    return frame.filter(matches) if matches else frame


def totals(frame: pl.DataFrame) -> dict[str, float]:
    """Sum of every count and of the revenue."""
    out = {col: float(frame[col].sum()) for col in COUNTS}
    out["revenue_eur"] = round(float(frame["revenue_eur"].sum()), 2)
    return out


def daily(frame: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
    """Counts and revenue per day, one row for every day of the range (zeros included)."""
    days = pl.DataFrame({"date": pl.date_range(start, end, "1d", eager=True)})
    summed = frame.group_by("date").agg(pl.col(col).sum() for col in (*COUNTS, "revenue_eur"))
    return days.join(summed, on="date", how="left").fill_null(0).sort("date")


def breakdown(frame: pl.DataFrame) -> pl.DataFrame:
    """Counts and revenue per LP x form x source, biggest traffic first (then by LP, form,
    source); ``conversion`` = leads per 100 visits, null without visits."""
    table = frame.group_by(DIMENSIONS).agg(pl.col(col).sum() for col in (*STEPS, "revenue_eur"))
    visits = pl.col("visits")
    conversion = pl.when(visits > 0).then((100 * pl.col("leads") / visits).round(1))
    return table.with_columns(conversion.alias("conversion")).sort(
        ["visits", "leads", *DIMENSIONS], descending=[True, True, False, False, False]
    )


def options(frame: pl.DataFrame, column: str, known: Sequence[str] = ()) -> list[str]:
    """Filter choices: known ids first (catalogue order) then any other id seen in the data."""
    seen = [str(v) for v in frame[column].unique(maintain_order=True)]
    return [*known, *sorted(v for v in seen if v not in set(known))]


def load_session_events(path: Path, account_ids: Sequence[str], session_id: str) -> pl.DataFrame:
    """The events of one visit session in ``account_ids``, oldest first (a lead's page)."""
    if not account_ids or not session_id:
        return pl.DataFrame(schema=list(_EVENTS))
    params = {"account_ids": list(account_ids), "session_id": session_id}
    with read_only(path) as con:
        frame: pl.DataFrame = con.sql(q("session_events"), params=params).pl()
    return frame
