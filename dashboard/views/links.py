"""Administration — redirect links: list, create, archive.

For LPs that cannot run our script: ``/r/<key>`` records the click and redirects. An archived
link still redirects but its clicks are quarantined. Through :mod:`hub.services.catalogue` as
the signed-in user (marketers and admins write; every role reads).
"""

from __future__ import annotations

import streamlit as st

from dashboard import admin, ui
from hub.services import catalogue

settings = ui.get_settings()
user = admin.require(settings, "catalogue.read")
actor = user.actor
collector = settings.collector_url
st.title(ui.t("links.title"))
st.caption(ui.t("links.intro", collector=collector))
admin.flash()

archived = st.toggle(ui.t("links.show_archived"), key="links_archived")
active = None if archived else True
links = admin.items(
    admin.call(settings, lambda con: catalogue.list_links(con, actor, 0, 1000, active=active))
)
all_lps = admin.items(admin.call(settings, lambda con: catalogue.list_lps(con, actor, 0, 1000)))
lp_names = {str(lp["id"]): lp["name"] for lp in all_lps}
for link in links:
    link["tracked_url"] = f"{collector}/r/{link['link_key']}"
    link["lp_name"] = lp_names.get(str(link["lp_id"]), link["lp_id"])
admin.table(
    links,
    {
        "name": "col.name",
        "tracked_url": "col.tracked_url",
        "target_url": "col.target_url",
        "lp_name": "col.lp",
        "account_id": "col.account",
        "active": "col.active",
    },
)
if not actor.may("catalogue.write"):
    st.stop()

lps = {str(lp["id"]): lp for lp in all_lps if lp["active"]}

with st.expander(ui.t("links.create"), expanded=not links):
    if not lps:
        st.info(ui.t("links.no_lp"))
    else:
        lp_id = st.selectbox(
            ui.t("col.lp"),
            list(lps),
            format_func=lambda i: f"{lps[i]['name']} ({i})",
            key="link_lp",
        )
        forms = {
            str(f["id"]): f
            for f in admin.items(
                admin.call(
                    settings, lambda con: catalogue.list_forms(con, actor, 0, 1000, lp_id=lp_id)
                )
            )
            if f["active"]
        }
        with st.form("link_create"):
            name = st.text_input(ui.t("col.name"), key="link_name")
            form_id = st.selectbox(
                ui.t("links.form"),
                ["", *forms],
                format_func=lambda i: forms[i]["name"] if i else ui.t("links.no_form"),
                key="link_form",
            )
            target = st.text_input(
                ui.t("col.target_url"),
                placeholder="https://",
                help=ui.t("links.target_help"),
                key="link_target",
            )
            if st.form_submit_button(ui.t("admin.create"), type="primary"):
                payload: dict[str, str] = {"lp_id": lp_id, "name": name}
                if form_id:
                    payload["form_id"] = form_id
                if target.strip() or not form_id:
                    payload["target_url"] = target
                admin.change(
                    settings,
                    lambda con, now: catalogue.create_link(con, actor, payload, now),
                    ui.t("links.created", name=name),
                )

current = admin.pick(
    ui.t("links.archive_which"),
    [{**link, "id": link["link_key"]} for link in links if link["active"]],
    "link_archive_which",
)
if current is not None:
    link_key = str(current["link_key"])
    with st.form("link_edit"):
        new_name = st.text_input(ui.t("col.name"), value=current["name"], key="link_edit_name")
        new_target = st.text_input(
            ui.t("col.target_url"), value=current["target_url"], key="link_edit_target"
        )
        if st.form_submit_button(ui.t("admin.save")):
            changes = {"name": new_name, "target_url": new_target}
            admin.change(
                settings,
                lambda con, now: catalogue.update_link(con, actor, link_key, changes, now),
                ui.t("admin.saved"),
            )
if current is not None and st.button(ui.t("admin.archive"), key="link_archive"):
    admin.change(
        settings,
        lambda con, now: catalogue.archive_link(con, actor, link_key, now),
        ui.t("links.archived", name=current["name"]),
    )
