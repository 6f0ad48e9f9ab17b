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

import pandas as pd

from dashboard.queries import q
from warehouse.reader import open_read_only as read_only

STEPS: Final = ("visits", "cta_clicks", "form_starts", "form_submits", "leads", "sold_leads")
COUNTS: Final = (*STEPS, "unique_visitors")
DIMENSIONS: Final = ("lp_id", "form_id", "source")
_COLUMNS: Final = ("date", *DIMENSIONS, *COUNTS, "revenue_eur")


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


def load_funnel(path: Path, account_ids: Sequence[str], start: date, end: date) -> pd.DataFrame:
    """Funnel counts per day x LP x form x source of ``account_ids`` (empty ids: no rows)."""
    if not account_ids:
        return empty_funnel()
    params = {"account_ids": list(account_ids), "start": start, "end": end}
    with read_only(path) as con:
        result = con.execute(q("funnel"), params)
        names = [d[0] for d in result.description or ()]
        rows = result.fetchall()
    frame = pd.DataFrame(rows, columns=names)
    return _typed(frame[list(_COLUMNS)])


def load_ab_tests(path: Path, account_ids: Sequence[str]) -> pd.DataFrame:
    """The A/B test arms of ``account_ids`` (``ab_tests``), by test then arm, control first."""
    with read_only(path) as con:
        result = con.execute(q("ab_tests"), {"account_ids": list(account_ids)})
        names = [d[0] for d in result.description or ()]
        rows = result.fetchall()
    return pd.DataFrame(rows, columns=names)


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


def empty_funnel() -> pd.DataFrame:
    return _typed(pd.DataFrame(columns=list(_COLUMNS)))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for col in COUNTS:
        frame[col] = frame[col].astype("int64")
    frame["revenue_eur"] = frame["revenue_eur"].astype("float64")
    for col in DIMENSIONS:
        frame[col] = frame[col].astype("object")
    return frame


def apply_filters(
    frame: pd.DataFrame,
    lp_ids: Sequence[str] = (),
    form_ids: Sequence[str] = (),
    sources: Sequence[str] = (),
) -> pd.DataFrame:
    """Rows matching every non-empty selection (an empty selection means all)."""
    mask = pd.Series(True, index=frame.index)
    for col, chosen in (("lp_id", lp_ids), ("form_id", form_ids), ("source", sources)):
        if chosen:
            mask &= frame[col].isin(list(chosen))
    return frame[mask]


def totals(frame: pd.DataFrame) -> dict[str, float]:
    """Sum of every count and of the revenue."""
    out = {col: float(frame[col].sum()) for col in COUNTS}
    out["revenue_eur"] = round(float(frame["revenue_eur"].sum()), 2)
    return out


def daily(frame: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    """Counts and revenue per day, one row for every day of the range (zeros included)."""
    days = pd.Index(pd.date_range(start, end, freq="D").date, name="date")
    summed = frame.groupby("date")[[*COUNTS, "revenue_eur"]].sum()
    return summed.reindex(days, fill_value=0)


def breakdown(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts and revenue per LP x form x source, biggest traffic first."""
    table = frame.groupby(list(DIMENSIONS), as_index=False)[[*STEPS, "revenue_eur"]].sum()
    visits = table["visits"].where(table["visits"] > 0)
    table["conversion"] = (100 * table["leads"] / visits).round(1)
    return table.sort_values(["visits", "leads"], ascending=False, ignore_index=True)


def options(frame: pd.DataFrame, column: str, known: Sequence[str] = ()) -> list[str]:
    """Filter choices: known ids first (catalogue order) then any other id seen in the data."""
    seen = [str(v) for v in frame[column].drop_duplicates()]
    return [*known, *sorted(v for v in seen if v not in set(known))]


def load_session_events(
    path: Path, account_ids: Sequence[str], session_id: str
) -> list[dict[str, object]]:
    """The events of one visit session in ``account_ids``, oldest first (a lead's page)."""
    if not account_ids or not session_id:
        return []
    params = {"account_ids": list(account_ids), "session_id": session_id}
    with read_only(path) as con:
        result = con.execute(q("session_events"), params)
        names = [d[0] for d in result.description or ()]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
