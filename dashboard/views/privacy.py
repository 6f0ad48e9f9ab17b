"""Administration — "Vie privée (RGPD)", admins and super-admins: a person's access request
(search by phone or e-mail, download the JSON or the readable page), the consent ledger of a
period (CSV or JSON), data retention (the period, the last run, a simulation, a run confirmed
first), and erasure with the opposition list (:mod:`dashboard.views.privacy_erasure`, decision
0051). Through :mod:`hub.services.dsar`, :mod:`hub.services.consent_ledger` and
:mod:`warehouse.retention` (``privacy.read``; a run: ``privacy.retention``). Decision 0052."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any, Final

import streamlit as st

from dashboard import admin, i18n, ui
from dashboard.views.privacy_erasure import render_erasure
from hub.calendar import PARIS
from hub.db import utcnow
from hub.services import consent_ledger, dsar, dsar_html, retention
from warehouse import retention as retention_run

DSAR_KEY: Final = "privacy_dsar_found"
LEDGER_KEY: Final = "privacy_ledger_found"
CONFIRM_KEY: Final = "privacy_retention_confirm"

settings = ui.get_settings()
user = admin.require(settings, "privacy.read")
actor = user.actor
lang = ui.lang()
st.title(ui.t("privacy.title"))
st.caption(ui.t("privacy.intro"))
admin.flash()


def when(value: str | None) -> str:
    if not value:
        return ""
    return i18n.fmt_datetime(datetime.fromisoformat(value).astimezone(PARIS), lang)


def dsar_section() -> None:
    st.subheader(ui.t("privacy.dsar"))
    st.caption(ui.t("privacy.dsar_help"))
    with st.form("privacy_dsar"):
        left, right = st.columns(2)
        phone = left.text_input(ui.t("privacy.phone"), key="privacy_phone")
        email = right.text_input(ui.t("privacy.email"), key="privacy_email")
        if st.form_submit_button(ui.t("privacy.search")):
            st.session_state[DSAR_KEY] = admin.call(
                settings, lambda con: dsar.export(con, actor, phone, email, utcnow())
            )
    found: dsar.DsarExport | None = st.session_state.get(DSAR_KEY)
    if not found:
        return
    st.success(ui.t("privacy.found", n=found["total"]))
    admin.table(
        [
            {
                "id": lead["id"],
                "account": lead["account_name"],
                "form": lead["form_name"],
                "created": when(lead["created_at"]),
                "consent": lead["consent"]["version"],
                "buyers": [sale["buyer_legal_name"] for sale in lead["deliveries"]],
            }
            for lead in found["leads"]
        ],
        {
            "id": "privacy.col.lead",
            "account": "privacy.col.account",
            "form": "privacy.col.form",
            "created": "privacy.col.created",
            "consent": "privacy.col.consent",
            "buyers": "privacy.col.buyers",
        },
    )
    stamp = found["generated_at"][:10]
    left, right = st.columns(2)
    left.download_button(
        ui.t("privacy.download_json"),
        json.dumps(found, ensure_ascii=False, indent=2),
        f"dsar-{stamp}.json",
        "application/json",
        key="privacy_dsar_json",
    )
    right.download_button(
        ui.t("privacy.download_html"),
        dsar_html.render(found, lang),
        f"dsar-{stamp}.html",
        "text/html",
        key="privacy_dsar_html",
    )


def ledger_section() -> None:
    st.subheader(ui.t("privacy.ledger"))
    st.caption(ui.t("privacy.ledger_help"))
    today = ui.paris_today()
    picked = st.date_input(
        ui.t("privacy.period"),
        value=(today.replace(day=1), today),
        format=i18n.date_format(lang),
        key="privacy_period",
    )
    start, end = ui.picked_range(picked, (today.replace(day=1), today))
    if st.button(ui.t("privacy.prepare"), key="privacy_prepare"):
        st.session_state[LEDGER_KEY] = admin.call(
            settings,
            lambda con: consent_ledger.ledger(
                con, actor, start.isoformat(), (end + timedelta(days=1)).isoformat()
            ),
        )
    found: consent_ledger.Ledger | None = st.session_state.get(LEDGER_KEY)
    if not found:
        return
    st.info(ui.t("privacy.ledger_count", n=found["total"]))
    name = f"registre-consentements_{start.isoformat()}_{end.isoformat()}"
    left, right = st.columns(2)
    left.download_button(
        ui.t("privacy.download_csv"),
        consent_ledger.to_csv(found),
        f"{name}.csv",
        "text/csv",
        key="privacy_ledger_csv",
    )
    right.download_button(
        ui.t("privacy.download_json"),
        json.dumps(found, ensure_ascii=False, indent=2),
        f"{name}.json",
        "application/json",
        key="privacy_ledger_json",
    )


def _run(dry_run: bool) -> Any:
    return admin.call(
        settings,
        lambda con: retention_run.run(con, actor, settings, utcnow(), dry_run=dry_run),
    )


def retention_section() -> None:
    st.subheader(ui.t("privacy.retention"))
    status = admin.call(settings, lambda con: retention.status(con, actor, settings, utcnow()))
    if status is None:
        return
    st.write(ui.t("privacy.retention_rule", days=status["retention_days"]))
    cutoff = datetime.fromisoformat(status["cutoff"]).astimezone(PARIS).date()
    st.caption(ui.t("privacy.cutoff", date=i18n.fmt_date(cutoff, lang)))
    last = status["last_run"]
    if last is None:
        st.caption(ui.t("privacy.never_run"))
    else:
        detail = last["detail"]
        st.caption(
            ui.t(
                "privacy.last_run",
                when=when(last["at"]),
                actor=last["actor"],
                leads=detail.get("leads", 0),
                files=detail.get("lake_files", 0),
            )
        )
    left, right = st.columns(2)
    if left.button(ui.t("privacy.dry_run"), key="privacy_dry_run"):
        counts = _run(dry_run=True)
        if counts is not None:
            st.info(
                ui.t(
                    "privacy.dry_counts",
                    leads=counts["leads"],
                    rejections=counts["rejections"],
                    rows=counts["lake_rows"],
                    files=counts["lake_files"],
                )
            )
    if not actor.may("privacy.retention"):
        return
    if right.button(ui.t("privacy.run"), key="privacy_run"):
        st.session_state[CONFIRM_KEY] = True
    if st.session_state.get(CONFIRM_KEY):
        st.warning(ui.t("privacy.confirm"))
        yes, no = st.columns(2)
        if no.button(ui.t("privacy.cancel"), key="privacy_cancel"):
            st.session_state.pop(CONFIRM_KEY, None)
            st.rerun()
        if yes.button(ui.t("privacy.confirm_yes"), type="primary", key="privacy_confirm"):
            st.session_state.pop(CONFIRM_KEY, None)
            done = _run(dry_run=False)
            if done is not None:
                message = ui.t("privacy.done", leads=done["leads"], files=done["lake_files"])
                st.session_state[admin.FLASH_KEY] = (message, None)
                st.rerun()


dsar_section()
st.divider()
ledger_section()
st.divider()
retention_section()
if actor.may("privacy.erase"):
    st.divider()
    render_erasure(settings, user)
