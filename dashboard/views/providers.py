"""Administration — providers and sources: the lead suppliers posting with their own key and the
traffic sources seen per account, blocked or not. Ops and admins create a provider (its key shown
once, stored hashed), block or archive it (its keys revoked), and block or unblock a source
(its leads held, then routed again). Every read and write goes through :mod:`hub.services`
(providers, sources, leadops), as API v1 and the CLI do."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import admin, ui
from hub.services import leadops, providers, sources

settings = ui.get_settings()
user = admin.require(settings, "providers.read")
actor = user.actor
st.title(ui.t("providers.title"))
admin.flash()
accounts = admin.account_choices(user)

found = admin.call(settings, lambda con: providers.list_providers(con, actor, 0, 1000))
rows = admin.items(found)
admin.table(
    rows,
    {
        "name": "col.name",
        "id": "col.id",
        "account_id": "col.account",
        "blocked": "col.blocked",
        "blocked_reason": "col.blocked_reason",
        "archived_at": "col.archived_at",
    },
)
if actor.may("providers.write"):
    with st.expander(ui.t("providers.create"), expanded=False), st.form("provider_create"):
        account = st.selectbox(
            ui.t("col.account"),
            list(accounts),
            format_func=accounts.__getitem__,
            key="provider_account",
        )
        name = st.text_input(ui.t("col.name"), key="provider_name")
        if st.form_submit_button(ui.t("admin.create"), type="primary"):
            payload = {"account_id": account, "name": name}
            admin.change(
                settings,
                lambda con, now: providers.create_provider(con, actor, payload, now),
                ui.t("providers.created", name=name),
                secret=(ui.t("providers.the_key"), "api_key"),
            )
    live = [r for r in rows if not r["archived_at"]]
    current = admin.pick(ui.t("providers.edit"), live, "provider_pick")
    if current is not None:
        provider_id = str(current["id"])
        if current["blocked"]:
            if st.button(ui.t("providers.unblock"), key="provider_unblock"):
                admin.change(
                    settings,
                    lambda con, now: providers.update_provider(
                        con, actor, provider_id, {"blocked": False}, now
                    ),
                    ui.t("providers.unblocked", name=current["name"]),
                )
        else:
            reason = st.text_input(ui.t("col.blocked_reason"), key="provider_reason")
            if st.button(ui.t("providers.block"), key="provider_block"):
                changes = {"blocked": True, "blocked_reason": admin.text_or_none(reason)}
                admin.change(
                    settings,
                    lambda con, now: providers.update_provider(
                        con, actor, provider_id, changes, now
                    ),
                    ui.t("providers.blocked", name=current["name"]),
                )
        if st.button(ui.t("providers.archive"), key="provider_archive"):
            admin.change(
                settings,
                lambda con, now: providers.archive_provider(con, actor, provider_id, now),
                ui.t("providers.archived", name=current["name"]),
            )

st.subheader(ui.t("sources.title"))
seen = admin.items(admin.call(settings, lambda con: sources.list_sources(con, actor, 0, 1000)))
admin.table(
    seen,
    {
        "account_id": "col.account",
        "source": "col.source",
        "leads": "col.leads",
        "last_lead_at": "col.last_lead_at",
        "blocked": "col.blocked",
    },
)
if not actor.may("sources.write"):
    st.stop()


def block(account_id: str, source: str, reason: str) -> None:
    def op(con: Any, now: Any) -> dict[str, Any]:
        leadops.block_source(con, actor, account_id, source, reason, now)
        return {}

    admin.change(settings, op, ui.t("sources.blocked", source=source))


with st.form("source_block"):
    account = st.selectbox(
        ui.t("col.account"), list(accounts), format_func=accounts.__getitem__, key="source_account"
    )
    source = st.text_input(ui.t("col.source"), key="source_name")
    reason = st.text_input(ui.t("col.blocked_reason"), key="source_reason")
    if st.form_submit_button(ui.t("sources.block")):
        block(str(account), source.strip(), reason.strip())

blocks = {
    f"{b['account_id']}/{b['source']}": b
    for b in (r["blocked_by"] for r in seen if r["blocked_by"])
    if "created_at" in b  # a source block (a provider's block is lifted on the provider)
}
chosen = st.selectbox(ui.t("sources.unblock_which"), list(blocks), key="source_unblock")
if chosen and st.button(ui.t("sources.unblock"), key="source_unblock_go"):
    lifted = blocks[chosen]

    def unblock(con: Any, now: Any) -> dict[str, Any]:
        released = leadops.unblock_source(con, actor, lifted["account_id"], lifted["source"], now)
        return {"released": released}

    admin.change(settings, unblock, ui.t("sources.unblocked", source=lifted["source"]))
