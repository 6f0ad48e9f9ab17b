"""The transfer prices part of the « Produits et prix de cession » page: every price the user
sees (each product's default and the pairs of entities), a form to set a default or a pair's
price and a button to delete a pair's (``prices.write``). Every read and write is a call to
:mod:`hub.services.transfer_prices`, as API v1 and the CLI make."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from dashboard import admin, i18n, ui
from hub.services import transfer_prices
from hub.services.actor import Actor
from hub.settings import Settings


def prices(settings: Settings, actor: Actor) -> list[dict[str, Any]]:
    return admin.items(
        admin.call(settings, lambda con: transfer_prices.list_prices(con, actor, 0, 10_000))
    )


def defaults(rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Product code → its default price (cents)."""
    return {
        str(p["product_code"]): int(p["price_cents"])
        for p in rows
        if p["from_entity"] is None and p["to_entity"] is None
    }


def _pair_label(row: dict[str, Any]) -> str:
    any_ = ui.t("prices.any")
    return f"{row['from_entity'] or any_} → {row['to_entity'] or any_}"


def show(rows: Sequence[dict[str, Any]], lang: str) -> None:
    """The table of prices, « toutes » where a pair names no entity."""
    st.subheader(ui.t("prices.title"))
    st.caption(ui.t("prices.intro"))
    any_ = ui.t("prices.any")
    shown = [
        {
            **row,
            "from_entity": row["from_entity"] or any_,
            "to_entity": row["to_entity"] or any_,
            "price": i18n.fmt_money(int(row["price_cents"]) / 100, lang),
        }
        for row in rows
    ]
    admin.table(
        shown,
        {
            "product_code": "col.code",
            "from_entity": "col.from_entity",
            "to_entity": "col.to_entity",
            "price": "col.transfer_price",
            "updated_at": "col.updated_at",
        },
    )


def edit(
    settings: Settings, actor: Actor, rows: Sequence[dict[str, Any]], codes: list[str], lang: str
) -> None:
    """Set a product's default or a pair's price; delete a pair's (``prices.write``)."""
    if not actor.may("prices.write") or not codes:
        return
    cents = defaults(rows)
    with st.form("price_set"):
        code = st.selectbox(ui.t("products.price_which"), codes, key="price_product")
        source = st.text_input(ui.t("col.from_entity"), key="price_from", help=ui.t("prices.help"))
        target = st.text_input(ui.t("col.to_entity"), key="price_to", help=ui.t("prices.help"))
        euros = st.number_input(
            ui.t("products.price"),
            min_value=0.0,
            value=cents.get(str(code), 0) / 100,
            step=1.0,
            key="price_eur",
        )
        if st.form_submit_button(ui.t("products.price_save"), type="primary") and code:
            payload = {
                "price_cents": round(float(euros) * 100),
                "from_entity": admin.text_or_none(source),
                "to_entity": admin.text_or_none(target),
            }
            default = payload["from_entity"] is None and payload["to_entity"] is None
            done = ui.t(
                "products.price_set" if default else "prices.pair_set",
                code=code,
                pair=_pair_label(payload),
                price=i18n.fmt_money(float(euros), lang),
            )
            admin.change(
                settings,
                lambda con, now: transfer_prices.set_price(con, actor, str(code), payload, now),
                done,
            )
    pairs = [
        {**r, "id": f"{r['product_code']}|{r['from_entity'] or ''}|{r['to_entity'] or ''}"}
        for r in rows
        if r["from_entity"] is not None or r["to_entity"] is not None
    ]
    for r in pairs:
        r["name"] = f"{r['product_code']} {_pair_label(r)}"
    chosen = admin.pick(ui.t("prices.delete_which"), pairs, "price_pair_pick")
    if chosen is not None and st.button(ui.t("prices.delete"), key="price_delete"):
        pair_of = {"from_entity": chosen["from_entity"], "to_entity": chosen["to_entity"]}
        admin.change(
            settings,
            lambda con, now: transfer_prices.delete_price(
                con, actor, str(chosen["product_code"]), pair_of, now
            ),
            ui.t("prices.deleted", code=chosen["product_code"], pair=_pair_label(chosen)),
        )
