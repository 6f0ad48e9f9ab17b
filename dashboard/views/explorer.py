"""Funnel explorer ("Explorateur d'entonnoir"): the sessions of the published snapshot broken
down by any dimension, conversion between each step, the previous period beside it, and a daily
or weekly series. Every read is scoped to the signed-in user's account ids."""

from __future__ import annotations

import duckdb
import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard import data, explore, i18n, ui

settings = ui.get_settings()
user = ui.require_user(settings)
lang = ui.lang()
st.title(ui.t("explorer.title"))
st.caption(ui.t("explorer.intro"))
if not user.accounts:
    st.info(ui.t("funnel.no_accounts"))
    st.stop()
info = data.snapshot_info(settings.warehouse_db)
if info is None:
    st.info(ui.t("funnel.no_snapshot"))
    st.stop()
st.caption(ui.published_caption(info))

fallback = ui.default_range(ui.paris_today())
dates, pick, grain_col = st.columns([2, 2, 1])
start, end = ui.picked_range(
    dates.date_input(
        ui.t("filter.dates"), value=fallback, format=i18n.date_format(lang), key="explorer_dates"
    ),
    fallback,
)
dimension = pick.selectbox(
    ui.t("explorer.dimension"),
    explore.DIMENSIONS,
    index=explore.DIMENSIONS.index("source"),
    format_func=lambda d: ui.t(f"explorer.dim.{d}"),
    key="explorer_dimension",
)
grain = grain_col.radio(
    ui.t("explorer.grain"),
    explore.GRAINS,
    format_func=lambda g: ui.t(f"explorer.grain.{g}"),
    key="explorer_grain",
)
compare = st.checkbox(ui.t("explorer.compare"), key="explorer_compare")

db = str(settings.warehouse_db)
try:
    frame = ui.explorer(db, info.version, user.account_ids, (start, end), dimension, grain)
    before = explore.previous_period(start, end)
    previous = ui.explorer(db, info.version, user.account_ids, before, dimension, grain)
    names = ui.catalogue(db, info.version, user.account_ids)
except duckdb.Error as exc:
    st.error(ui.t("funnel.snapshot_error", reason=exc))
    st.stop()
if frame.is_empty():
    st.info(ui.t("explorer.none"))
    st.stop()

labels = {"lp_id": names.lp_names, "form_id": names.form_names}.get(dimension, {})
table = explore.compare(frame, previous) if compare else explore.breakdown(frame)
table = table.with_columns(
    pl.col("value").map_elements(
        lambda v: labels.get(v, v) or ui.t("explorer.unknown"), return_dtype=pl.String
    )
)
percent = [c for c in table.columns if c.endswith("_rate")]
shown = table.with_columns((pl.col(c) * 100).round(1) for c in percent)
if compare:
    shown = shown.with_columns(pl.col(c).round(1) for c in ("sessions_change", "leads_change"))
    st.caption(
        ui.t(
            "explorer.compare_caption",
            start=i18n.fmt_date(before[0], lang),
            end=i18n.fmt_date(before[1], lang),
        )
    )
st.dataframe(
    shown.rename({c: ui.t(f"explorer.col.{c}") for c in shown.columns}),
    hide_index=True,
    width="stretch",
)

st.subheader(ui.t("explorer.series"))
over_time = explore.series(frame)
figure = go.Figure()
for step in ("sessions", "leads", "sold_leads"):
    figure.add_trace(
        go.Scatter(
            x=over_time["period"].to_list(),
            y=over_time[step].to_list(),
            name=ui.t(f"explorer.col.{step}"),
            mode="lines+markers",
        )
    )
figure.update_layout(height=320, margin={"l": 10, "r": 10, "t": 10, "b": 10})
st.plotly_chart(figure, width="stretch")
