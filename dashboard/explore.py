"""The funnel explorer's reads and arithmetic, on polars frames: sessions of the published
snapshot broken down by one dimension, conversion between each step, the same figures for the
period just before (period-over-period), and daily or weekly series.

Reads open a short read-only connection (never cached here: the UI caches with the account ids
in the key) and hand polars frames straight from DuckDB's Arrow result.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Final

import polars as pl

from dashboard.queries import q
from warehouse.reader import open_read_only

DIMENSIONS: Final = (
    "date",
    "lp_id",
    "form_id",
    "source",
    "medium",
    "campaign",
    "variant",
    "device",
    "departement",
)
STEPS: Final = ("sessions", "cta", "form_starts", "submits", "leads", "sold_leads")
GRAINS: Final = ("day", "week")
_SCHEMA: Final = {"period": pl.Date, "value": pl.String, **dict.fromkeys(STEPS, pl.Int64)}


def load(
    path: Path,
    account_ids: Sequence[str],
    start: date,
    end: date,
    dimension: str,
    grain: str = "day",
) -> pl.DataFrame:
    """Steps per period x value of ``dimension`` for ``account_ids`` (none: no rows)."""
    if dimension not in DIMENSIONS or grain not in GRAINS:
        raise ValueError(f"unknown dimension {dimension!r} or grain {grain!r}")
    if not account_ids:
        return pl.DataFrame(schema=_SCHEMA)
    params = {
        "account_ids": list(account_ids),
        "start": start,
        "end": end,
        "dimension": dimension,
        "grain": grain,
    }
    with open_read_only(path) as con:
        frame = con.sql(q("explorer"), params=params).pl()
    return frame.cast(_SCHEMA) if frame.height else pl.DataFrame(schema=_SCHEMA)


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just before ``start..end`` (inclusive)."""
    days = (end - start).days + 1
    return start - timedelta(days=days), start - timedelta(days=1)


def breakdown(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per value, the steps summed, and each step's rate from the step before it
    (``cta_rate`` = cta / sessions, …, ``sold_rate`` = sold_leads / leads), largest first."""
    summed = frame.group_by("value").agg(pl.col(s).sum() for s in STEPS)
    rates = [_rate(step, before).alias(f"{step}_rate") for before, step in pairwise(STEPS)]
    return summed.with_columns(rates).sort(["sessions", "value"], descending=[True, False])


def compare(current: pl.DataFrame, previous: pl.DataFrame) -> pl.DataFrame:
    """``current``'s breakdown with, per value, the previous period's sessions and leads and
    their change in % (null when the previous period had none)."""
    before = breakdown(previous).select(
        "value",
        pl.col("sessions").alias("sessions_before"),
        pl.col("leads").alias("leads_before"),
    )
    joined = breakdown(current).join(before, on="value", how="left")
    return joined.with_columns(
        _change("sessions").alias("sessions_change"), _change("leads").alias("leads_change")
    )


def series(frame: pl.DataFrame) -> pl.DataFrame:
    """Sessions, leads and sold leads per period (all values together), in time order."""
    return frame.group_by("period").agg(pl.col(s).sum() for s in STEPS).sort("period")


def _rate(step: str, before: str) -> pl.Expr:
    return pl.when(pl.col(before) > 0).then(pl.col(step) / pl.col(before)).otherwise(None)


def _change(step: str) -> pl.Expr:
    previous = pl.col(f"{step}_before")
    return pl.when(previous > 0).then((pl.col(step) - previous) / previous * 100).otherwise(None)
