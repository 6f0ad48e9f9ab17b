"""Funnel page ("Entonnoir"): visits to sold leads and revenue, from the published snapshot.

Every read is scoped to the signed-in user's account ids (memberships + sub-accounts).
"""

from __future__ import annotations

import duckdb
import polars as pl
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard import charts, data, i18n, ui

settings = ui.get_settings()
user = ui.require_user(settings)
lang = ui.lang()
st.title(ui.t("funnel.title"))

if not user.accounts:
    st.info(ui.t("funnel.no_accounts"))
    st.stop()
info = data.snapshot_info(settings.warehouse_db)
if info is None:
    st.info(ui.t("funnel.no_snapshot"))
    st.stop()

fallback = ui.default_range(ui.paris_today())
start, end = ui.picked_range(
    st.date_input(
        ui.t("filter.dates"), value=fallback, format=i18n.date_format(lang), key="funnel_dates"
    ),
    fallback,
)
db = str(settings.warehouse_db)
try:
    frame = ui.funnel(db, info.version, user.account_ids, start, end)
    names = ui.catalogue(db, info.version, user.account_ids)
except duckdb.Error as exc:
    st.error(ui.t("funnel.snapshot_error", reason=exc))
    st.stop()
st.caption(ui.published_caption(info))


def lp_label(lp_id: str) -> str:
    return names.lp_names.get(lp_id, lp_id) if lp_id else ui.t("label.no_lp")


def form_label(form_id: str) -> str:
    return names.form_names.get(form_id, form_id) if form_id else ui.t("label.no_form")


def source_label(source: str) -> str:
    return source or ui.t("label.direct")


col_lp, col_form, col_source = st.columns(3)
lp_ids = col_lp.multiselect(
    ui.t("filter.lps"),
    data.options(frame, "lp_id", list(names.lp_names)),
    format_func=lp_label,
    placeholder=ui.t("filter.all"),
    key="funnel_lps",
)
form_ids = col_form.multiselect(
    ui.t("filter.forms"),
    data.options(frame, "form_id", list(names.form_names)),
    format_func=form_label,
    placeholder=ui.t("filter.all"),
    key="funnel_forms",
)
sources = col_source.multiselect(
    ui.t("filter.sources"),
    data.options(frame, "source"),
    format_func=source_label,
    placeholder=ui.t("filter.all"),
    key="funnel_sources",
)
selected = data.apply_filters(frame, lp_ids, form_ids, sources)
total = data.totals(selected)
per_day = data.daily(selected, start, end)
labels = {step: ui.t(f"step.{step}") for step in data.STEPS}


def kpi(slot: DeltaGenerator, label: str, value: str, note: str, series: list[float]) -> None:
    """One card: the metric (label exactly as given), a daily sparkline, and a note."""
    with slot.container(border=True):
        st.metric(label, value, chart_data=series)
        st.caption(note)


# KPI cards: one per step, each with its conversion from the previous step.
row1, row2 = st.columns(4), st.columns(4)
slots = [*row1, *row2]
for i, step in enumerate(data.STEPS):
    if i == 0:
        note = ui.t("metric.unique_visitors", n=i18n.fmt_int(total["unique_visitors"], lang))
    else:
        prev = data.STEPS[i - 1]
        note = ui.t(
            "metric.rate",
            num=labels[step],
            den=labels[prev],
            pct=i18n.fmt_pct(total[step], total[prev], lang),
        )
    kpi(slots[i], labels[step], i18n.fmt_int(total[step], lang), note, per_day[step].to_list())
per_lead = total["revenue_eur"] / total["sold_leads"] if total["sold_leads"] else 0.0
kpi(
    slots[len(data.STEPS)],
    ui.t("step.revenue"),
    i18n.fmt_money(total["revenue_eur"], lang),
    ui.t("metric.per_sold_lead", value=i18n.fmt_money(per_lead, lang)),
    per_day["revenue_eur"].to_list(),
)

if selected.is_empty():
    st.info(ui.t("funnel.no_data"))
    st.stop()

st.subheader(ui.t("funnel.chart"))
st.plotly_chart(
    charts.funnel_figure([labels[s] for s in data.STEPS], [total[s] for s in data.STEPS], lang),
    config={"displaylogo": False},
)

st.subheader(ui.t("funnel.table"))
table = data.breakdown(selected)
shown = pl.DataFrame(
    {
        ui.t("col.lp"): pl.Series([lp_label(v) for v in table["lp_id"]], dtype=pl.String),
        ui.t("col.form"): pl.Series([form_label(v) for v in table["form_id"]], dtype=pl.String),
        ui.t("col.source"): pl.Series([source_label(v) for v in table["source"]], dtype=pl.String),
        **{labels[s]: table[s] for s in data.STEPS},
        ui.t("step.revenue"): table["revenue_eur"],
        ui.t("col.conversion"): table["conversion"],
    }
)
st.dataframe(
    shown,
    hide_index=True,
    column_config={
        ui.t("step.revenue"): st.column_config.NumberColumn(format="%.2f"),
        ui.t("col.conversion"): st.column_config.NumberColumn(format="%.1f"),
    },
)
