"""A/B tests page ("Tests A/B"): per LP (or LP x form) test, each variant's conversion rate with
its 95 % interval, lift, P(best), the verdict and how many more sessions it needs.

Reads the published snapshot's ``ab_tests`` (warehouse/ab.py), scoped to the signed-in user's
account ids (memberships + sub-accounts), cached per snapshot version and tenant.
"""

from __future__ import annotations

import math

import duckdb
import pandas as pd
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
if arms.empty:
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


def verdict_text(test: pd.DataFrame) -> str:
    code = str(test["verdict_code"].iloc[0])
    leader = test.loc[test["p_best"].idxmax()]
    return ui.t(
        f"ab.verdict.{code}",
        arm=leader["arm"],
        p=pct(float(leader["p_best"])),
        n=i18n.fmt_int(int(test["exposures"].min()), lang),
        needed=i18n.fmt_int(int(test["sessions_needed"].fillna(0).iloc[0]), lang),
    )


def guidance(test: pd.DataFrame) -> str | None:
    """Days still needed at the pace observed so far, for a test that needs more sessions."""
    needed = test["sessions_needed"].iloc[0]
    first, last = test["first_date"].dropna(), test["last_date"].dropna()
    if pd.isna(needed) or not needed or first.empty:
        return None
    days = (last.max() - first.min()).days + 1
    per_day = int(test["exposures"].sum()) / days
    return ui.t(
        "ab.guidance",
        per_day=i18n.fmt_int(per_day, lang),
        days=i18n.fmt_int(math.ceil(float(needed) / per_day), lang),
    )


def arms_table(test: pd.DataFrame) -> pd.DataFrame:
    bounds = zip(test["rate_low"], test["rate_high"], strict=True)
    interval = [f"{pct(lo)} – {pct(hi)}" for lo, hi in bounds]
    return pd.DataFrame(
        {
            ui.t("ab.col.arm"): test["arm"],
            ui.t("ab.col.control"): test["is_control"].map(lambda c: ui.t("ab.yes") if c else ""),
            ui.t("ab.col.exposures"): test["exposures"].map(lambda n: i18n.fmt_int(n, lang)),
            ui.t("ab.col.conversions"): test["conversions"].map(lambda n: i18n.fmt_int(n, lang)),
            ui.t("ab.col.rate"): test["rate"].map(pct),
            ui.t("ab.col.interval"): interval,
            ui.t("ab.col.lift"): test["lift"].map(signed_pct),
            ui.t("ab.col.p_best"): test["p_best"].map(pct),
            ui.t("ab.col.sold"): test["sold_conversions"].map(lambda n: i18n.fmt_int(n, lang)),
            ui.t("ab.col.sold_rate"): test["sold_rate"].map(pct),
            ui.t("ab.col.p_best_sold"): test["p_best_sold"].map(pct),
        }
    )


for test_id, test in arms[arms["scope"] == scope].groupby("test_id", sort=False):
    test = test.sort_values("arm_order")
    lp = str(test["lp_name"].iloc[0] or test["lp_id"].iloc[0])
    form_id = str(test["form_id"].iloc[0])
    form = names.form_names.get(form_id, form_id)
    with st.container(border=True, key=f"ab_{test_id}".replace(":", "_")):
        st.subheader(ui.t("ab.test_form", lp=lp, form=form) if form_id else lp)
        text = verdict_text(test)
        (st.success if test["verdict_code"].iloc[0] == "winner" else st.info)(text)
        hint = guidance(test)
        if hint:
            st.caption(hint)
        seen = test[test["exposures"] > 0]
        if not seen.empty:
            st.plotly_chart(
                charts.ab_figure(
                    seen["arm"].tolist(),
                    seen["rate"].tolist(),
                    seen["rate_low"].tolist(),
                    seen["rate_high"].tolist(),
                    lang,
                    control=str(test["arm"].iloc[0]),
                ),
                config={"displaylogo": False},
                key=f"ab_chart_{test_id}",
            )
        st.dataframe(arms_table(test), hide_index=True)
