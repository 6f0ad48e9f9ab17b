"""The commandes editor's form: every field of the commande model (:mod:`hub.rules.commande`)
as widgets, read back as a service payload. The page checks nothing itself: the service
validates and its refusal (a 422 naming each bad field) is shown as it is."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import streamlit as st

from dashboard import admin, i18n, ui
from hub.rules.commande import CROSS_ENTITY

WEEKDAYS = (1, 2, 3, 4, 5, 6, 7)
NEW: dict[str, Any] = {
    "departements": "*",
    "priority": 100,
    "weight": 1,
    "max_buyers": 1,
    "backlog_share": 0,
    "cross_entity": "fallback",
    "delivery_days": list(WEEKDAYS),
    "closed_dates": [],
    "closed_on_holidays": False,
    "active": True,
}


def fields(
    prefix: str, current: Mapping[str, Any], buyers: Mapping[str, str], products: Sequence[str]
) -> dict[str, Any]:
    """Every field of a commande (inside an ``st.form``), as a full service payload."""
    cur = {**NEW, **current}
    _section(ui.t("cmd.section.what"))
    what = _what(prefix, cur, buyers, products)
    _section(ui.t("cmd.section.caps"))
    caps = _caps(prefix, cur)
    _section(ui.t("cmd.section.calendar"))
    calendar = _calendar(prefix, cur)
    _section(ui.t("cmd.section.more"))
    return {**what, **caps, **calendar, **_more(prefix, cur)}


def _section(title: str) -> None:
    st.markdown(f"##### {title}")


def _what(
    prefix: str, cur: Mapping[str, Any], buyers: Mapping[str, str], products: Sequence[str]
) -> dict[str, Any]:
    left, right = st.columns(2)
    buyer_ids = list(buyers)
    deps = cur["departements"]
    with left:
        name = st.text_input(ui.t("col.name"), value=cur.get("name") or "", key=f"{prefix}_name")
        buyer = st.selectbox(
            ui.t("cmd.col.buyer"),
            buyer_ids,
            index=_index(buyer_ids, cur.get("buyer_id")),
            format_func=lambda b: f"{buyers[b]} ({b})",
            key=f"{prefix}_buyer",
        )
        product = st.selectbox(
            ui.t("col.product"),
            list(products),
            index=_index(list(products), cur.get("product_code")),
            key=f"{prefix}_product",
        )
    with right:
        price = st.number_input(
            ui.t("cmd.col.price_eur"),
            min_value=0.0,
            step=1.0,
            format="%.2f",
            value=_euros(cur.get("price_cents")),
            key=f"{prefix}_price",
        )
        departements = st.text_input(
            ui.t("cmd.col.departements"),
            value=deps if deps == "*" else ", ".join(deps),
            help=ui.t("cmd.help.departements"),
            key=f"{prefix}_deps",
        )
        active = st.checkbox(ui.t("col.active"), value=bool(cur["active"]), key=f"{prefix}_on")
    return {
        "name": name,
        "buyer_id": buyer,
        "product_code": product,
        "price_cents": _cents(price),
        "departements": "*" if departements.strip() == "*" else admin.lines(departements),
        "active": active,
    }


def _caps(prefix: str, cur: Mapping[str, Any]) -> dict[str, Any]:
    columns = st.columns(3)
    out: dict[str, Any] = {}
    for column, name in zip(columns, ("daily_cap", "weekly_cap", "monthly_cap"), strict=True):
        with column:
            out[name] = _int_or_none(name, prefix, cur, ui.t("cmd.help.cap"))
    columns = st.columns(3)
    limits = {"priority": (0, 10_000), "weight": (1, 1000), "max_buyers": (1, 10)}
    for column, (name, (low, high)) in zip(columns, limits.items(), strict=True):
        with column:
            out[name] = int(
                st.number_input(
                    ui.t(f"cmd.col.{name}"),
                    min_value=low,
                    max_value=high,
                    step=1,
                    value=int(cur[name]),
                    help=ui.t(f"cmd.help.{name}") if name != "max_buyers" else None,
                    key=f"{prefix}_{name}",
                )
            )
    return out


def _calendar(prefix: str, cur: Mapping[str, Any]) -> dict[str, Any]:
    days = st.multiselect(
        ui.t("cmd.col.delivery_days"),
        list(WEEKDAYS),
        default=[int(d) for d in cur["delivery_days"]],
        format_func=lambda d: ui.t(f"day.{d}"),
        key=f"{prefix}_days",
    )
    start, end = st.columns(2)
    hours_from = start.text_input(
        ui.t("cmd.col.hours_from"), value=cur.get("hours_from") or "", key=f"{prefix}_from"
    )
    hours_to = end.text_input(
        ui.t("cmd.col.hours_to"), value=cur.get("hours_to") or "", key=f"{prefix}_to"
    )
    closed = st.text_area(
        ui.t("cmd.col.closed_dates"),
        value="\n".join(cur["closed_dates"]),
        key=f"{prefix}_closed",
    )
    holidays = st.checkbox(
        ui.t("cmd.col.closed_on_holidays"),
        value=bool(cur["closed_on_holidays"]),
        key=f"{prefix}_holidays",
    )
    return {
        "delivery_days": sorted(days),
        "hours_from": admin.text_or_none(hours_from),
        "hours_to": admin.text_or_none(hours_to),
        "closed_dates": admin.lines(closed),
        "closed_on_holidays": holidays,
    }


def _more(prefix: str, cur: Mapping[str, Any]) -> dict[str, Any]:
    left, right = st.columns(2)
    fmt = i18n.date_format(ui.lang())
    with left:
        valid_from = st.date_input(
            ui.t("cmd.col.valid_from"),
            value=_date(cur.get("valid_from")),
            format=fmt,
            key=f"{prefix}_vfrom",
        )
        valid_until = st.date_input(
            ui.t("cmd.col.valid_until"),
            value=_date(cur.get("valid_until")),
            format=fmt,
            key=f"{prefix}_vuntil",
        )
        cross = st.selectbox(
            ui.t("cmd.col.cross_entity"),
            list(CROSS_ENTITY),
            index=_index(list(CROSS_ENTITY), cur.get("cross_entity")),
            format_func=lambda c: ui.t(f"cmd.cross.{c}"),
            key=f"{prefix}_cross",
        )
    with right:
        share = st.number_input(
            ui.t("cmd.col.backlog_share"),
            min_value=0,
            max_value=100,
            step=5,
            value=int(cur["backlog_share"]),
            key=f"{prefix}_lb_share",
        )
        lb_price = st.number_input(
            ui.t("cmd.col.backlog_price_eur"),
            min_value=0.0,
            step=1.0,
            format="%.2f",
            value=_euros(cur.get("backlog_price_cents")),
            key=f"{prefix}_lb_price",
        )
    return {
        "valid_from": _iso(valid_from),
        "valid_until": _iso(valid_until),
        "cross_entity": cross,
        "backlog_share": int(share),
        "backlog_price_cents": _cents(lb_price),
    }


def _int_or_none(name: str, prefix: str, cur: Mapping[str, Any], hint: str) -> int | None:
    value = st.number_input(
        ui.t(f"cmd.col.{name}"),
        min_value=0,
        step=1,
        value=cur.get(name),
        help=hint,
        key=f"{prefix}_{name}",
    )
    return None if value is None else int(value)


def changes(current: Mapping[str, Any], payload: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of ``payload`` that differ from the stored commande (what a PATCH sends)."""
    return {k: v for k, v in payload.items() if _same(v) != _same(current.get(k))}


def _same(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(str(v).strip().upper() for v in value)
    return value


def calendar_text(item: Mapping[str, Any], lang: str) -> str:
    """The delivery calendar in words: "lundi–vendredi, 09:00–18:00, fermée les jours fériés"."""
    days = sorted(int(d) for d in item["delivery_days"])
    parts = [_days_text(days, lang)]
    if item.get("hours_from") and item.get("hours_to"):
        parts.append(f"{item['hours_from']}–{item['hours_to']}")
    if item.get("closed_on_holidays"):
        parts.append(i18n.translate(lang, "cmd.cal.holidays"))
    if item.get("closed_dates"):
        parts.append(i18n.translate(lang, "cmd.cal.closed_dates", n=len(item["closed_dates"])))
    return ", ".join(parts)


def _days_text(days: list[int], lang: str) -> str:
    if days == list(WEEKDAYS):
        return i18n.translate(lang, "cmd.cal.every_day")
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    name = {d: i18n.translate(lang, f"day.{d}") for d in days}
    return ", ".join(
        f"{name[r[0]]}–{name[r[-1]]}" if len(r) > 2 else ", ".join(name[d] for d in r) for r in runs
    )


def _index(options: list[str], value: object) -> int:
    return options.index(str(value)) if value in options else 0


def _euros(cents: object) -> float | None:
    return None if cents is None else int(str(cents)) / 100


def _cents(euros: float | None) -> int | None:
    return None if euros is None else round(euros * 100)


def _date(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _iso(value: object) -> str | None:
    return value.isoformat() if isinstance(value, date) else None
