"""Acquisition et rentabilité: visits, leads, sales, revenue and ad spend per source, campaign
and LP over a period (``acquisition_daily``, last touch), with cost per lead and per sold lead,
margin and ROAS; roles with ``costs.write`` import ad spend from a CSV here (the same service as
``POST /v1/costs``), a refused file showing each bad line. Scoped to the user's accounts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import duckdb
import polars as pl
import streamlit as st

from dashboard import acquisition, admin, data, i18n, ui
from hub.calendar import PARIS
from hub.db import utcnow
from hub.services import costs
from hub.services.cost_csv import decode

settings = ui.get_settings()
user = admin.require(settings, "costs.read")
actor = user.actor
lang = ui.lang()
st.title(ui.t("acq.title"))
st.caption(ui.t("acq.intro"))


def money(value: float | None) -> str:
    return "–" if value is None else i18n.fmt_money(value, lang)


def show_figures() -> None:
    info = data.snapshot_info(settings.warehouse_db)
    if info is None:
        st.info(ui.t("acq.no_snapshot"))
        return
    st.caption(ui.published_caption(info))
    fallback = ui.default_range(ui.paris_today())
    start, end = ui.picked_range(
        st.date_input(
            ui.t("filter.dates"), value=fallback, format=i18n.date_format(lang), key="acq_dates"
        ),
        fallback,
    )
    db = str(settings.warehouse_db)
    try:
        frame = acquisition.cached(db, info.version, user.account_ids, start, end)
        names = ui.catalogue(db, info.version, user.account_ids)
    except duckdb.Error as exc:
        st.error(ui.t("acq.snapshot_error", reason=exc))
        return
    total = acquisition.totals(frame)
    cards = st.columns(4)
    cards[0].metric(ui.t("acq.cost"), money(total["cost_eur"]))
    cards[1].metric(ui.t("acq.cpl"), money(total["cost_per_lead_eur"]))
    cards[2].metric(ui.t("acq.margin"), money(total["margin_eur"]))
    roas = total["roas"]
    cards[3].metric(ui.t("acq.roas"), "–" if roas is None else f"{roas:.2f}".replace(".", ","))
    if frame.is_empty():
        st.info(ui.t("acq.no_data"))
        return
    by = st.radio(
        ui.t("acq.by"),
        list(acquisition.GROUPINGS),
        format_func=lambda g: ui.t(f"acq.by.{g}"),
        horizontal=True,
        key="acq_by",
    )
    table = acquisition.grouped(frame, by)
    none = ui.t("acq.none")
    labels: dict[str, tuple[str, Callable[[str], str]]] = {
        "lp_id": (ui.t("col.lp"), lambda v: names.lp_names.get(v, v) if v else none),
        "source": (ui.t("col.source"), lambda v: v or ui.t("label.direct")),
        "campaign": (ui.t("acq.campaign"), lambda v: v or none),
    }
    shown = {
        labels[k][0]: pl.Series([labels[k][1](v) for v in table[k]], dtype=pl.String)
        for k in acquisition.GROUPINGS[by]
    }
    figures = {
        "sessions": "acq.sessions",
        "leads": "acq.leads",
        "sold_leads": "acq.sold_leads",
        "revenue_eur": "acq.revenue",
        "cost_eur": "acq.cost",
        "cost_per_lead_eur": "acq.cpl",
        "cost_per_sold_lead_eur": "acq.cpl_sold",
        "margin_eur": "acq.margin",
        "roas": "acq.roas",
    }
    shown |= {ui.t(key): table[col] for col, key in figures.items()}
    money_format = st.column_config.NumberColumn(format="%.2f")
    st.dataframe(
        pl.DataFrame(shown),
        hide_index=True,
        width="stretch",
        column_config={ui.t(k): money_format for c, k in figures.items() if c.endswith("eur")},
    )


def show_upload() -> None:
    last = admin.call(settings, lambda con: costs.last_import(con, actor))
    if last is None:
        st.caption(ui.t("acq.costs_none"))
    else:
        when = datetime.fromisoformat(last).astimezone(PARIS)
        st.caption(ui.t("acq.costs_fresh", when=i18n.fmt_datetime(when, lang)))
    if not actor.may("costs.write"):
        return
    st.subheader(ui.t("acq.upload"))
    st.caption(ui.t("acq.upload_help"))
    accounts = admin.account_choices(user)
    account = st.selectbox(
        ui.t("acq.account"), list(accounts), format_func=accounts.__getitem__, key="acq_account"
    )
    file = st.file_uploader(ui.t("acq.file"), type=["csv", "txt"], key="acq_file")
    if file is None or not st.button(ui.t("acq.import"), type="primary", key="acq_import"):
        return
    text = decode(file.getvalue())
    name = file.name

    def done(result: dict[str, object]) -> str:
        return ui.t(
            "acq.imported",
            rows=result["rows"],
            replaced=result["replaced"],
            start=result["date_from"],
            end=result["date_to"],
            total=money(int(str(result["total_cost_cents"])) / 100),
        )

    result = admin.call(
        settings, lambda con: costs.import_costs(con, actor, account, text, utcnow(), name)
    )
    if result is not None:
        st.success(done(result))


show_figures()
show_upload()
