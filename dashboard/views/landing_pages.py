"""Administration — landing pages: list, create, change, duplicate (with its forms), archive.

Every action goes through :mod:`hub.services.catalogue` as the signed-in user (marketers and
admins write; every role reads). A new LP's URL origin is allowed for tracking at once.
"""

from __future__ import annotations

import streamlit as st

from dashboard import admin, ui
from hub.services import catalogue, products

settings = ui.get_settings()
user = admin.require(settings, "catalogue.read")
actor = user.actor
st.title(ui.t("lps.title"))
admin.flash()

lps = admin.items(admin.call(settings, lambda con: catalogue.list_lps(con, actor, 0, 1000)))
admin.table(
    lps,
    {
        "name": "col.name",
        "key": "col.key",
        "url": "col.url",
        "product_code": "col.product",
        "variants": "col.variants",
        "account_id": "col.account",
        "active": "col.active",
    },
)
if not actor.may("catalogue.write"):
    st.stop()

codes = [
    p["code"]
    for p in admin.items(
        admin.call(settings, lambda con: products.list_products(con, actor, 0, 500))
    )
]
accounts = admin.account_choices(user)

with st.expander(ui.t("lps.create"), expanded=not lps), st.form("lp_create"):
    account = st.selectbox(
        ui.t("col.account"), list(accounts), format_func=accounts.__getitem__, key="lp_account"
    )
    name = st.text_input(ui.t("col.name"), key="lp_name")
    url = st.text_input(ui.t("col.url"), placeholder="https://", key="lp_url")
    product = st.selectbox(ui.t("col.product"), codes, key="lp_product")
    if st.form_submit_button(ui.t("admin.create"), type="primary"):
        payload = {"account_id": account, "name": name, "url": url, "product_code": product}
        admin.change(
            settings,
            lambda con, now: catalogue.create_lp(con, actor, payload, now),
            ui.t("lps.created", name=name),
        )

current = admin.pick(ui.t("lps.edit"), [lp for lp in lps if lp["active"]], "lp_edit")
if current is not None:
    lp_id = str(current["id"])
    with st.form("lp_update"):
        new_name = st.text_input(ui.t("col.name"), value=current["name"])
        new_url = st.text_input(ui.t("col.url"), value=current["url"])
        at = codes.index(current["product_code"]) if current["product_code"] in codes else 0
        new_product = st.selectbox(ui.t("col.product"), codes, index=at)
        variants = st.text_input(
            ui.t("col.variants"),
            value=", ".join(current["variants"]),
            placeholder="controle, video",
            help=ui.t("lps.variants_help"),
        )
        if st.form_submit_button(ui.t("admin.save")):
            changes = {
                "name": new_name,
                "url": new_url,
                "product_code": new_product,
                "variants": admin.lines(variants),
            }
            admin.change(
                settings,
                lambda con, now: catalogue.update_lp(con, actor, lp_id, changes, now),
                ui.t("admin.saved"),
            )
    if st.button(ui.t("admin.archive"), key="lp_archive"):
        admin.change(
            settings,
            lambda con, now: catalogue.archive_lp(con, actor, lp_id, now),
            ui.t("admin.archived", name=current["name"]),
        )
    with st.form("lp_duplicate"):
        copy_name = st.text_input(
            ui.t("lps.duplicate_name"),
            help=ui.t("lps.duplicate_help", name=current["name"]),
            key="lp_duplicate_name",
        )
        if st.form_submit_button(ui.t("lps.duplicate")):
            body = {"name": copy_name} if copy_name.strip() else {}
            shown = copy_name.strip() or f"{current['name']} (copie)"
            admin.change(
                settings,
                lambda con, now: catalogue.duplicate_lp(con, actor, lp_id, body, now),
                ui.t("lps.duplicated", name=shown),
            )
