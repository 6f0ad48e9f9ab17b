"""Tracking health page ("Santé du tracking"): live per LP and form, latest alerts, and the
installation check. Live means read from the hub and the lake now (``warehouse.lakeview``), not from
the warehouse snapshot; every read is scoped to the signed-in user's account ids."""

from __future__ import annotations

import json
from contextlib import closing
from datetime import UTC, datetime
from typing import Any

import polars as pl
import streamlit as st

from dashboard import i18n, ui
from hub.calendar import PARIS
from hub.db import connect
from warehouse.lakeview import live_health
from warehouse.sql import load
from warehouse.tracking_alerts import policies, status_of
from warehouse.verify import VerifyError, verify

settings = ui.get_settings()
user = ui.require_user(settings)
lang = ui.lang()
st.title(ui.t("health.title"))


@st.cache_data(ttl=30, show_spinner=False)
def health_table(hub_db: str, account_ids: tuple[str, ...], lang: str) -> pl.DataFrame:
    """Cached 30 s per tenant (account ids) and language."""
    now = datetime.now(UTC)
    silence, spike = policies(settings)
    with closing(connect(settings.hub_db, readonly=True)) as con:
        rows = live_health(settings, con, now, account_ids=account_ids)
    out = []
    for h in rows:
        last = "–"
        if h.last_event_at is not None:
            when = i18n.fmt_datetime(h.last_event_at.astimezone(PARIS), lang)
            ago = i18n.translate(lang, "health.ago", age=i18n.fmt_age(now - h.last_event_at, lang))
            last = f"{when} ({ago})"
        status = status_of(h, now, silence, spike)
        out.append(
            {
                "health.col.status": i18n.translate(lang, f"health.status.{status}"),
                "health.col.kind": i18n.translate(lang, f"health.kind.{h.kind}"),
                "health.col.name": h.name,
                "health.col.key": h.key,
                "health.col.last": last,
                "health.col.hour": h.events_1h,
                "health.col.per_hour": round(h.events_24h / 24, 1),
                "health.col.rate": i18n.fmt_pct(
                    h.quarantined_24h, h.events_24h + h.quarantined_24h, lang
                ),
                "health.col.reason": h.top_reason or "",
            }
        )
    frame = pl.DataFrame(out)
    return frame.rename({k: i18n.translate(lang, k) for k in frame.columns})


def recent_alerts(account_ids: tuple[str, ...]) -> list[dict[str, Any]]:
    with closing(connect(settings.hub_db, readonly=True)) as con:
        rows = con.execute(
            load("tracking/alerts_recent"),
            {"account_ids": json.dumps(list(account_ids)), "limit": 20},
        ).fetchall()
    return [{**dict(r), "detail": json.loads(r["detail"])} for r in rows]


if not user.accounts:
    st.info(ui.t("funnel.no_accounts"))
    st.stop()
table = health_table(str(settings.hub_db), user.account_ids, lang)
st.caption(ui.t("health.caption", when=i18n.fmt_datetime(datetime.now(PARIS), lang)))
if table.is_empty():
    st.info(ui.t("health.no_targets"))
else:
    st.dataframe(table, hide_index=True, width="stretch")

st.subheader(ui.t("health.alerts"))
alerts = recent_alerts(user.account_ids)
if not alerts:
    st.caption(ui.t("health.no_alerts"))
for alert in alerts:
    when = i18n.fmt_datetime(datetime.fromisoformat(alert["created_at"]).astimezone(PARIS), lang)
    message = alert["detail"].get("message_fr" if lang == "fr" else "message_en", "")
    email = alert["detail"].get("email", {}).get("status", "")
    note = ui.t("health.email", status=email)
    (st.success if alert["action"] == "tracking.recovered" else st.warning)(
        f"{when} — {message} ({note})"
    )

st.subheader(ui.t("health.verify"))
with st.form("verify"):
    url = st.text_input(ui.t("health.verify_url"), key="verify_url")
    minutes = st.number_input(ui.t("health.verify_minutes"), 1, 10080, 60, key="verify_minutes")
    submitted = st.form_submit_button(ui.t("health.verify_submit"), type="primary")
if submitted:
    try:
        with closing(connect(settings.hub_db, readonly=True)) as con:
            result = verify(
                settings,
                con,
                datetime.now(UTC),
                url=url.strip(),
                minutes=int(minutes),
                account_ids=user.account_ids,
            ).to_dict()
    except VerifyError as exc:
        st.error(f"{exc.field}: {exc}")
        st.stop()
    text = "message_fr" if lang == "fr" else "message_en"
    (st.success if result["ok"] else st.error)(f"`{result['verdict']}` — {result[text]}")
    for hint in result["hints"]:
        st.caption(hint[lang if lang in ("fr", "en") else "fr"])
