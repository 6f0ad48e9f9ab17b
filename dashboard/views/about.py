"""About page: version, where the data comes from and how fresh it is, the user's accounts."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import streamlit as st

from dashboard import data, i18n, ui
from hub.calendar import PARIS

settings = ui.get_settings()
user = ui.require_user(settings)
lang = ui.lang()
st.title(ui.t("about.title"))

try:
    release = version("leadhub")
except PackageNotFoundError:
    release = "dev"
info = data.snapshot_info(settings.warehouse_db)
published = (
    i18n.fmt_datetime(info.published_at.astimezone(PARIS), lang)
    if info
    else ui.t("about.snapshot_missing")
)
sep = " : " if lang == "fr" else ": "
st.markdown(
    f"- **{ui.t('about.version')}**{sep}`{release}`\n"
    f"- **{ui.t('about.snapshot')}**{sep}`{settings.warehouse_db}`\n"
    f"- **{ui.t('about.published')}**{sep}{published}\n"
    f"- **{ui.t('about.hub')}**{sep}`{settings.hub_db}`"
)
st.subheader(ui.t("about.accounts"))
st.dataframe(
    [{"id": a.id, ui.t("about.account_name"): a.name} for a in user.accounts],
    hide_index=True,
)
