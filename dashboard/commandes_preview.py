"""The simulate preview of a commande change, in plain words: leads sold and revenue HT, before
and after, and which commandes gain or lose leads. The figures are the simulate service's
(:func:`hub.services.commandes.simulate_commande`, its ``summary``); this module only words them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

import streamlit as st

from dashboard import i18n, ui
from hub.calendar import PARIS

DAYS: Final = 30  # the "last 30 days"


def signed_int(value: int, lang: str) -> str:
    return ("+" if value > 0 else "-" if value < 0 else "") + i18n.fmt_int(abs(value), lang)


def signed_money(cents: int, lang: str) -> str:
    """``+1 470,00 € HT`` (French) / ``+€1,470.00 excl. VAT``: signed, in euros."""
    amount = i18n.fmt_money(abs(cents) / 100, lang)
    sign = "+" if cents > 0 else "-" if cents < 0 else ""
    return sign + i18n.translate(lang, "cmdp.money", amount=amount)


def money(cents: int, lang: str) -> str:
    return i18n.translate(lang, "cmdp.money", amount=i18n.fmt_money(cents / 100, lang))


def sentences(result: Mapping[str, Any], lang: str) -> list[str]:
    """The preview in words: the totals, this commande, then each other commande that changes."""
    summary = result["summary"]
    target = result["commande_id"]
    if summary["sales_delta"] or summary["cents_delta"]:
        n = summary["sales_delta"]
        leads = i18n.translate(lang, "cmdp.lead" if abs(n) == 1 else "cmdp.leads")
        head = i18n.translate(
            lang,
            "cmdp.total",
            leads=leads.format(n=signed_int(n, lang)),
            money=signed_money(summary["cents_delta"], lang),
        )
    else:
        head = i18n.translate(lang, "cmdp.same")
    lines = [head]
    rows = summary["commandes"]
    for row in [r for r in rows if r["commande_id"] == target]:
        lines.append(
            i18n.translate(
                lang,
                "cmdp.this",
                before=i18n.fmt_int(row["actual"], lang),
                after=i18n.fmt_int(row["simulated"], lang),
                money=signed_money(row["cents_delta"], lang),
            )
        )
    for row in [r for r in rows if r["commande_id"] != target and r["changed"]]:
        key = "cmdp.gains" if row["delta"] > 0 else "cmdp.loses" if row["delta"] else None
        values = {"name": row["name"], "money": signed_money(row["cents_delta"], lang)}
        n = i18n.fmt_int(abs(row["delta"]), lang)
        lines.append(i18n.translate(lang, key or "cmdp.price_only", n=n, **values))
    return lines


def show(result: Mapping[str, Any]) -> None:
    """The preview: two metrics, the sentences, the per-commande table and the assumptions."""
    lang = ui.lang()
    summary = result["summary"]
    st.subheader(ui.t("cmdp.title", days=result["days"]))
    since, until = (_paris(result[k], lang) for k in ("since", "until"))
    st.caption(ui.t("cmdp.window", since=since, until=until))
    sold, revenue = st.columns(2)
    sold.metric(
        ui.t("cmdp.sold"),
        i18n.fmt_int(summary["sales_simulated"], lang),
        delta=signed_int(summary["sales_delta"], lang),
    )
    revenue.metric(
        ui.t("cmdp.revenue"),
        money(summary["cents_simulated"], lang),
        delta=signed_money(summary["cents_delta"], lang),
    )
    st.info("\n\n".join(sentences(result, lang)))
    if result["leads_changed"]:
        st.caption(
            ui.t("cmdp.moved", changed=result["leads_changed"], replayed=result["leads_replayed"])
        )
    rows = [_row(r, result["commande_id"], lang) for r in summary["commandes"] if r["changed"]]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    st.caption(ui.t("cmdp.assumption"))


def _row(row: Mapping[str, Any], target: str, lang: str) -> dict[str, str]:
    mark = "➜ " if row["commande_id"] == target else ""
    return {
        ui.t("cmdp.col.commande"): mark + row["name"],
        ui.t("cmdp.col.actual"): i18n.fmt_int(row["actual"], lang),
        ui.t("cmdp.col.simulated"): i18n.fmt_int(row["simulated"], lang),
        ui.t("cmdp.col.delta"): signed_int(row["delta"], lang),
        ui.t("cmdp.col.money"): signed_money(row["cents_delta"], lang),
    }


def _paris(value: str, lang: str) -> str:
    return i18n.fmt_datetime(datetime.fromisoformat(value).astimezone(PARIS), lang)
