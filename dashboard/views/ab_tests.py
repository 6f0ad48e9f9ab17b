"""A/B tests page ("Tests A/B"): per LP (or LP x form) test, each variant's conversion rate with
its 95 % interval, lift, P(best), the verdict and how many more sessions it needs.

Reads the published snapshot's ``ab_tests`` (warehouse/ab.py), scoped to the signed-in user's
account ids (memberships + sub-accounts), cached per snapshot version and tenant.
"""

from __future__ import annotations

import math

import duckdb
import polars as pl
import streamlit as st

from dashboard import admin, charts, data, i18n, ui

settings = ui.get_settings()
user = admin.require(settings, "tracking.read")
lang = ui.lang()
st.title(ui.t("ab.title"))

if not user.accounts:
    st.info(ui.t("funnel.no_accounts"))
    st.stop()
info = data.snapshot_info(settings.warehouse_db)
if info is None:
    st.info(ui.t("funnel.no_snapshot"))
    st.stop()
db = str(settings.warehouse_db)
try:
    arms = ui.ab_tests(db, info.version, user.account_ids)
    names = ui.catalogue(db, info.version, user.account_ids)
except duckdb.CatalogException:
    st.info(ui.t("ab.no_table"))
    st.stop()
except duckdb.Error as exc:
    st.error(ui.t("funnel.snapshot_error", reason=exc))
    st.stop()
st.caption(ui.published_caption(info))
threshold = settings.ab_p_best_threshold
st.caption(
    ui.t(
        "ab.method",
        threshold=i18n.fmt_pct(threshold, 1, lang),
        min=i18n.fmt_int(settings.ab_min_exposures, lang),
        alpha=i18n.fmt_pct(1 - threshold, 1, lang),
    )
)
if arms.is_empty():
    st.info(ui.t("ab.no_tests"))
    st.stop()

scope = st.radio(
    ui.t("ab.scope"),
    ["lp", "lp_form"],
    format_func=lambda s: ui.t(f"ab.scope.{s}"),
    horizontal=True,
    key="ab_scope",
)


def pct(value: float | None) -> str:
    """A share as a percentage; an en dash when there is none (no sessions, no control)."""
    if value is None or math.isnan(value):
        return "–"
    return i18n.fmt_pct(value, 1, lang)


def signed_pct(value: float | None) -> str:
    """A lift: + when the variant does better than the control."""
    text = pct(value)
    return f"+{text}" if value is not None and value > 0 else text


def verdict_text(test: pl.DataFrame) -> str:
    code = str(test["verdict_code"][0])
    leader = test.row(test["p_best"].arg_max() or 0, named=True)
    return ui.t(
        f"ab.verdict.{code}",
        arm=leader["arm"],
        p=pct(leader["p_best"]),
        n=i18n.fmt_int(min(test["exposures"].to_list()), lang),
        needed=i18n.fmt_int(int(test["sessions_needed"][0] or 0), lang),
    )


def guidance(test: pl.DataFrame) -> str | None:
    """Days still needed at the pace observed so far, for a test that needs more sessions."""
    needed = test["sessions_needed"][0]
    first = test["first_date"].drop_nulls().to_list()
    last = test["last_date"].drop_nulls().to_list()
    if not needed or not first:
        return None
    days = (max(last) - min(first)).days + 1
    per_day = int(test["exposures"].sum()) / days
    return ui.t(
        "ab.guidance",
        per_day=i18n.fmt_int(per_day, lang),
        days=i18n.fmt_int(math.ceil(float(needed) / per_day), lang),
    )


def arms_table(test: pl.DataFrame) -> pl.DataFrame:
    def count(name: str) -> list[str]:
        return [i18n.fmt_int(n, lang) for n in test[name]]

    def share(name: str) -> list[str]:
        return [pct(v) for v in test[name]]

    bounds = zip(test["rate_low"], test["rate_high"], strict=True)
    return pl.DataFrame(
        {
            ui.t("ab.col.arm"): test["arm"],
            ui.t("ab.col.control"): [ui.t("ab.yes") if c else "" for c in test["is_control"]],
            ui.t("ab.col.exposures"): count("exposures"),
            ui.t("ab.col.conversions"): count("conversions"),
            ui.t("ab.col.rate"): share("rate"),
            ui.t("ab.col.interval"): [f"{pct(lo)} – {pct(hi)}" for lo, hi in bounds],
            ui.t("ab.col.lift"): [signed_pct(v) for v in test["lift"]],
            ui.t("ab.col.p_best"): share("p_best"),
            ui.t("ab.col.sold"): count("sold_conversions"),
            ui.t("ab.col.sold_rate"): share("sold_rate"),
            ui.t("ab.col.p_best_sold"): share("p_best_sold"),
        }
    )


tests = arms.filter(pl.col("scope") == scope).group_by("test_id", maintain_order=True)
for (test_id,), group in tests:
    test = group.sort("arm_order")
    lp = str(test["lp_name"][0] or test["lp_id"][0])
    form_id = str(test["form_id"][0])
    form = names.form_names.get(form_id, form_id)
    with st.container(border=True, key=f"ab_{test_id}".replace(":", "_")):
        st.subheader(ui.t("ab.test_form", lp=lp, form=form) if form_id else lp)
        text = verdict_text(test)
        (st.success if test["verdict_code"][0] == "winner" else st.info)(text)
        hint = guidance(test)
        if hint:
            st.caption(hint)
        seen = test.filter(pl.col("exposures") > 0)
        if not seen.is_empty():
            st.plotly_chart(
                charts.ab_figure(
                    seen["arm"].to_list(),
                    seen["rate"].to_list(),
                    seen["rate_low"].to_list(),
                    seen["rate_high"].to_list(),
                    lang,
                    control=str(test["arm"][0]),
                ),
                config={"displaylogo": False},
                key=f"ab_chart_{test_id}",
            )
        st.dataframe(arms_table(test), hide_index=True)
