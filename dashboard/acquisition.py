"""Reads of ``acquisition_daily`` in the published snapshot, and its arithmetic: sums per chosen
grouping, then the ratios (cost per lead, per sold lead, margin, ROAS) recomputed from the sums
— never a sum or an average of ratios.

Each read opens its own read-only connection and closes it (PITFALLS: DuckDB); the cached read
takes the caller's account ids (PITFALLS: Streamlit).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Final

import pandas as pd
import streamlit as st

from dashboard.queries import q
from warehouse.reader import open_read_only

COUNTS: Final = ("sessions", "leads", "sold_leads")
AMOUNTS: Final = ("revenue_eur", "cost_eur")
GROUPINGS: Final[dict[str, tuple[str, ...]]] = {
    "source": ("source",),
    "campaign": ("source", "campaign"),
    "lp": ("lp_id",),
    "all": ("source", "campaign", "lp_id"),
}
_COLUMNS: Final = ("lp_id", "source", "campaign", *COUNTS, *AMOUNTS)


def load(path: Path, account_ids: Sequence[str], start: date, end: date) -> pd.DataFrame:
    """Sums per LP × source × campaign of ``account_ids`` over ``start``–``end`` (inclusive)."""
    if not account_ids:
        return pd.DataFrame(columns=list(_COLUMNS))
    params = {"account_ids": list(account_ids), "start": start, "end": end}
    with open_read_only(path) as con:
        result = con.execute(q("acquisition"), params)
        names = [d[0] for d in result.description or ()]
        rows = result.fetchall()
    return pd.DataFrame(rows, columns=names)


@st.cache_data(max_entries=256, show_spinner=False)
def cached(
    db: str, version: str, account_ids: tuple[str, ...], start: date, end: date
) -> pd.DataFrame:
    """:func:`load`, keyed by snapshot version AND tenant (account ids)."""
    return load(Path(db), account_ids, start, end)


def with_ratios(frame: pd.DataFrame) -> pd.DataFrame:
    """Cost per lead and per sold lead, margin and ROAS from the sums (None where the base is
    zero), amounts rounded to the cent."""
    out = frame.copy()
    for col in AMOUNTS:
        out[col] = out[col].astype("float64").round(2)
    leads = out["leads"].where(out["leads"] > 0)
    sold = out["sold_leads"].where(out["sold_leads"] > 0)
    cost = out["cost_eur"].where(out["cost_eur"] > 0)
    out["cost_per_lead_eur"] = (out["cost_eur"] / leads).round(2)
    out["cost_per_sold_lead_eur"] = (out["cost_eur"] / sold).round(2)
    out["margin_eur"] = (out["revenue_eur"] - out["cost_eur"]).round(2)
    out["roas"] = (out["revenue_eur"] / cost).round(2)
    return out


def grouped(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Sums per ``GROUPINGS[by]`` with their ratios, biggest spend then traffic first."""
    keys = list(GROUPINGS[by])
    table = frame.groupby(keys, as_index=False)[[*COUNTS, *AMOUNTS]].sum()
    table = with_ratios(table)
    return table.sort_values(["cost_eur", "sessions"], ascending=False, ignore_index=True)


def totals(frame: pd.DataFrame) -> dict[str, float | None]:
    """The whole period's sums and ratios."""
    summed = pd.DataFrame([{col: frame[col].sum() for col in (*COUNTS, *AMOUNTS)}])
    row = with_ratios(summed).iloc[0]
    return {str(k): (None if pd.isna(v) else float(v)) for k, v in row.items()}
