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

import polars as pl
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
_SCHEMA: Final = {
    **dict.fromkeys(("lp_id", "source", "campaign"), pl.String),
    **dict.fromkeys(COUNTS, pl.Int64),
    **dict.fromkeys(AMOUNTS, pl.Float64),
}


def load(path: Path, account_ids: Sequence[str], start: date, end: date) -> pl.DataFrame:
    """Sums per LP × source × campaign of ``account_ids`` over ``start``–``end`` (inclusive)."""
    if not account_ids:
        return pl.DataFrame(schema=_SCHEMA)
    params = {"account_ids": list(account_ids), "start": start, "end": end}
    with open_read_only(path) as con:
        frame: pl.DataFrame = con.sql(q("acquisition"), params=params).pl()
    return frame.select(pl.col(name).cast(dtype) for name, dtype in _SCHEMA.items())


@st.cache_data(max_entries=256, show_spinner=False)
def cached(
    db: str, version: str, account_ids: tuple[str, ...], start: date, end: date
) -> pl.DataFrame:
    """:func:`load`, keyed by snapshot version AND tenant (account ids)."""
    return load(Path(db), account_ids, start, end)


def with_ratios(frame: pl.DataFrame) -> pl.DataFrame:
    """Cost per lead and per sold lead, margin and ROAS from the sums (null where the base is
    zero), amounts rounded to the cent."""
    out = frame.with_columns(pl.col(col).cast(pl.Float64).round(2) for col in AMOUNTS)
    return out.with_columns(
        _ratio("cost_eur", "leads").alias("cost_per_lead_eur"),
        _ratio("cost_eur", "sold_leads").alias("cost_per_sold_lead_eur"),
        (pl.col("revenue_eur") - pl.col("cost_eur")).round(2).alias("margin_eur"),
        _ratio("revenue_eur", "cost_eur").alias("roas"),
    )


def grouped(frame: pl.DataFrame, by: str) -> pl.DataFrame:
    """Sums per ``GROUPINGS[by]`` with their ratios, biggest spend then traffic first (then by
    the grouping's keys)."""
    keys = GROUPINGS[by]
    table = frame.group_by(keys).agg(pl.col(col).sum() for col in (*COUNTS, *AMOUNTS))
    order = ["cost_eur", "sessions", *keys]
    return with_ratios(table).sort(order, descending=[True, True, *(False for _ in keys)])


def totals(frame: pl.DataFrame) -> dict[str, float | None]:
    """The whole period's sums and ratios."""
    summed = frame.select(pl.col(col).sum() for col in (*COUNTS, *AMOUNTS))
    row = with_ratios(summed).row(0, named=True)
    return {str(k): (None if v is None else float(v)) for k, v in row.items()}


def _ratio(numerator: str, base: str) -> pl.Expr:
    return pl.when(pl.col(base) > 0).then((pl.col(numerator) / pl.col(base)).round(2))
