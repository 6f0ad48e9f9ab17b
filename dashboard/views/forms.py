"""Administration — forms: list, create (paired with an LP), change, archive.

A form belongs to its LP's account tree; a changed consent text or change of the buyers it names
gets a new consent version (leads keep the version they saw; every version is listed); the
page's own field names map to lead fields (aliases). Through :mod:`hub.services.catalogue` as
the signed-in user.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard import admin, ui
from hub.services import buyers, catalogue
from hub.services.catalogue.common import DEFAULT_REQUIRED, LEAD_FIELDS

settings = ui.get_settings()
user = admin.require(settings, "catalogue.read")
actor = user.actor
st.title(ui.t("forms.title"))
admin.flash()

forms = admin.items(admin.call(settings, lambda con: catalogue.list_forms(con, actor, 0, 1000)))
admin.table(
    forms,
    {
        "name": "col.name",
        "key": "col.key",
        "lp_id": "col.lp",
        "url": "col.url",
        "consent_version": "col.consent_version",
        "required_fields": "col.required_fields",
        "active": "col.active",
    },
)
if not actor.may("catalogue.write"):
    st.stop()

lps = {
    str(lp["id"]): lp
    for lp in admin.items(admin.call(settings, lambda con: catalogue.list_lps(con, actor, 0, 1000)))
    if lp["active"]
}
buyer_names = {
    str(b["id"]): str(b["name"])
    for b in admin.items(admin.call(settings, lambda con: buyers.list_buyers(con, actor, 0, 1000)))
    if b["active"]
}


def aliases_text(aliases: dict[str, str]) -> str:
    return "\n".join(f"{name} = {field}" for name, field in aliases.items())


def aliases_value(text: str) -> dict[str, str]:
    """``Mobile = phone`` lines as the service's ``field_aliases`` (it names a bad line)."""
    pairs = (line.partition("=") for line in text.splitlines() if line.strip())
    return {name.strip(): field.strip() for name, _, field in pairs}


def fields(prefix: str, current: dict[str, Any]) -> dict[str, Any]:
    """The form's editable fields (inside an ``st.form``), as a service payload."""
    required = st.multiselect(
        ui.t("col.required_fields"),
        LEAD_FIELDS,
        default=current.get("required_fields") or list(DEFAULT_REQUIRED),
        key=f"{prefix}_required",
    )
    return {
        "name": st.text_input(ui.t("col.name"), value=current.get("name", ""), key=f"{prefix}_n"),
        "url": st.text_input(
            ui.t("col.url"), value=current.get("url", ""), placeholder="https://", key=f"{prefix}_u"
        ),
        "thank_you_url": st.text_input(
            ui.t("col.thank_you_url"),
            value=current.get("thank_you_url", ""),
            placeholder="https://",
            key=f"{prefix}_ty",
        ),
        "consent_text": st.text_area(
            ui.t("col.consent_text"), value=current.get("consent_text", ""), key=f"{prefix}_c"
        ),
        "consent_buyers": st.multiselect(
            ui.t("col.consent_buyers"),
            list(buyer_names),
            default=[b for b in current.get("consent_buyers", []) if b in buyer_names],
            format_func=buyer_names.__getitem__,
            help=ui.t("forms.consent_buyers_help"),
            key=f"{prefix}_cb",
        ),
        "required_fields": required,
        "field_aliases": aliases_value(
            st.text_area(
                ui.t("col.field_aliases"),
                value=aliases_text(current.get("field_aliases", {})),
                placeholder="Mobile = phone",
                help=ui.t("forms.field_aliases_help", fields=", ".join(LEAD_FIELDS)),
                key=f"{prefix}_fa",
            )
        ),
    }


if not lps:
    st.info(ui.t("forms.no_lp"))
else:
    with st.expander(ui.t("forms.create"), expanded=not forms), st.form("form_create"):
        lp_id = st.selectbox(
            ui.t("col.lp"),
            list(lps),
            format_func=lambda i: f"{lps[i]['name']} ({lps[i]['key']})",
            key="form_lp",
        )
        payload = {"lp_id": lp_id, **fields("form_new", {})}
        if st.form_submit_button(ui.t("admin.create"), type="primary"):
            admin.change(
                settings,
                lambda con, now: catalogue.create_form(con, actor, payload, now),
                ui.t("forms.created", name=payload["name"]),
            )

current = admin.pick(ui.t("forms.edit"), [f for f in forms if f["active"]], "form_edit")
if current is not None:
    form_id = str(current["id"])
    with st.form("form_update"):
        changes = fields(f"form_{form_id}", current)
        if st.form_submit_button(ui.t("admin.save")):
            admin.change(
                settings,
                lambda con, now: catalogue.update_form(con, actor, form_id, changes, now),
                ui.t("admin.saved"),
            )
    with st.expander(ui.t("forms.consent_history")):
        versions = admin.call(settings, lambda con: catalogue.consent_versions(con, actor, form_id))
        admin.table(
            admin.items(versions),
            {
                "consent_version": "col.consent_version",
                "created_at": "col.created_at",
                "consent_text": "col.consent_text",
                "consent_buyers": "col.consent_buyers",
            },
        )
    if st.button(ui.t("admin.archive"), key="form_archive"):
        admin.change(
            settings,
            lambda con, now: catalogue.archive_form(con, actor, form_id, now),
            ui.t("admin.archived", name=current["name"]),
        )
