"""Activity log: every change with who (user, API key or CLI), when, what, and before → after
for settings (secrets never written). Filtered by action, actor, subject and dates; scoped to
the user's accounts by :func:`hub.services.activity.list_activity`."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import streamlit as st

from dashboard import admin, i18n, ui
from hub.calendar import PARIS
from hub.services import activity

PER_PAGE = 50

settings = ui.get_settings()
user = admin.require(settings, "activity.read")
actor = user.actor
st.title(ui.t("activity.title"))

left, middle, right = st.columns(3)
filters: dict[str, str | None] = {
    "action": admin.text_or_none(
        left.text_input(ui.t("activity.action"), placeholder="lp.", key="activity_action")
    ),
    "actor": admin.text_or_none(
        middle.text_input(ui.t("activity.actor"), placeholder="user:usr_…", key="activity_actor")
    ),
    "subject": admin.text_or_none(
        right.text_input(ui.t("activity.subject"), key="activity_subject")
    ),
}
picked = st.date_input(
    ui.t("activity.dates"), value=[], format=i18n.date_format(ui.lang()), key="activity_dates"
)
if isinstance(picked, tuple | list) and picked:
    start, end = ui.picked_range(picked, (picked[0], picked[-1]))
    filters["since"] = start.isoformat()
    filters["until"] = (end + timedelta(days=1)).isoformat()  # the end day included

number = int(st.number_input(ui.t("activity.page"), min_value=1, value=1, key="activity_page"))
found = admin.call(
    settings,
    lambda con: activity.list_activity(con, actor, filters, (number - 1) * PER_PAGE, PER_PAGE),
)
if found is None:
    st.stop()
st.caption(ui.t("activity.total", n=found["total"]))
admin.table(
    [
        {
            **item,
            "created_at": i18n.fmt_datetime(
                datetime.fromisoformat(item["created_at"]).astimezone(PARIS), ui.lang()
            ),
            "detail": json.dumps(item["detail"], ensure_ascii=False),
        }
        for item in found["items"]
    ],
    {
        "created_at": "col.when",
        "actor": "col.actor",
        "action": "col.action",
        "subject": "col.subject",
        "account_id": "col.account",
        "detail": "activity.detail",
    },
)
