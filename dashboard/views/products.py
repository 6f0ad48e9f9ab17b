"""Administration — products and transfer prices: every role reads them (``prices.read``);
admins create, change, archive and unarchive products (``products.write``); finance and admins
set the intercompany transfer price of a product, its default or a pair of entities'
(``prices.write``, logged before → after; :mod:`dashboard.price_pairs`). Every read and write
is a call to :mod:`hub.services.products` or :mod:`hub.services.transfer_prices`, as API v1 and
the CLI make."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import admin, i18n, price_pairs, ui
from hub.services import products

settings = ui.get_settings()
user = admin.require(settings, "prices.read")
actor = user.actor
lang = ui.lang()
st.title(ui.t("products.title"))
st.caption(ui.t("products.intro"))
admin.flash()

rows = admin.items(admin.call(settings, lambda con: products.list_products(con, actor, 0, 1000)))
prices = price_pairs.prices(settings, actor)
cents = price_pairs.defaults(prices)
for row in rows:
    row["id"] = row["code"]  # admin.pick's key
    price = cents.get(str(row["code"]))
    row["transfer_price"] = None if price is None else i18n.fmt_money(price / 100, lang)
admin.table(
    rows,
    {
        "code": "col.code",
        "label": "col.label",
        "aides": "col.aides",
        "transfer_price": "col.default_price",
        "archived_at": "col.archived_at",
    },
)
price_pairs.show(prices, lang)
codes = [str(r["code"]) for r in rows if not r["archived_at"]]
price_pairs.edit(settings, actor, prices, codes, lang)

if not actor.may("products.write"):
    st.stop()

with st.expander(ui.t("products.create"), expanded=False), st.form("product_create"):
    new_code = st.text_input(ui.t("col.code"), key="product_code", help=ui.t("products.code_help"))
    label = st.text_input(ui.t("col.label"), key="product_label")
    aides = st.text_area(ui.t("products.aides"), key="product_aides")
    if st.form_submit_button(ui.t("admin.create"), type="primary"):
        payload: dict[str, Any] = {"code": new_code, "label": label, "aides": admin.lines(aides)}
        admin.change(
            settings,
            lambda con, now: products.create_product(con, actor, payload, now),
            ui.t("products.created", code=new_code.strip()),
        )

current_row = admin.pick(ui.t("products.edit_which"), rows, "product_pick", name="label")
if current_row is None:
    st.stop()
code = str(current_row["code"])
with st.form("product_edit"):
    new_label = st.text_input(
        ui.t("col.label"), value=current_row["label"], key="product_edit_label"
    )
    new_aides = st.text_area(
        ui.t("products.aides"), value="\n".join(current_row["aides"]), key="product_edit_aides"
    )
    if st.form_submit_button(ui.t("admin.save")):
        changes = {"label": new_label, "aides": admin.lines(new_aides)}
        admin.change(
            settings,
            lambda con, now: products.update_product(con, actor, code, changes, now),
            ui.t("products.updated", code=code),
        )
if current_row["archived_at"] is None:
    if st.button(ui.t("products.archive"), key="product_archive"):
        admin.change(
            settings,
            lambda con, now: products.archive_product(con, actor, code, now),
            ui.t("products.archived", code=code),
        )
elif st.button(ui.t("products.unarchive"), key="product_unarchive"):
    admin.change(
        settings,
        lambda con, now: products.unarchive_product(con, actor, code, now),
        ui.t("products.unarchived", code=code),
    )
