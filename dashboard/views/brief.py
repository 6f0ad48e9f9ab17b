"""Integration brief page ("Brief d'intégration"): pick an LP of your accounts, read its brief,
download it as Markdown or HTML. Generation refuses (and says why) rather than hand out a brief
with a placeholder URL or anything secret-like (``hub.brief``)."""

from __future__ import annotations

import json
from contextlib import closing

import streamlit as st

from dashboard import ui
from dashboard.queries import q
from hub.brief import BriefError, markdown_to_html, render_markdown
from hub.db import connect

settings = ui.get_settings()
user = ui.require_user(settings)
st.title(ui.t("brief.title"))

with closing(connect(settings.hub_db, readonly=True)) as con:
    scope = {"account_ids": json.dumps(list(user.account_ids))}
    lps = {r["key"]: r["name"] for r in con.execute(q("brief_lps"), scope)}
if not lps:
    st.info(ui.t("brief.none"))
    st.stop()
lp_key = st.selectbox(
    ui.t("brief.lp"), list(lps), format_func=lambda k: f"{lps[k]} ({k})", key="brief_lp"
)
try:
    with closing(connect(settings.hub_db, readonly=True)) as con:
        markdown = render_markdown(con, settings, lp_key)
except BriefError as exc:
    st.error(ui.t("brief.error", reason=exc))
    st.stop()
html = markdown_to_html(markdown, lps[lp_key])
left, right = st.columns(2)
left.download_button(
    ui.t("brief.download_md"), markdown, f"brief-{lp_key}.md", "text/markdown", key="brief_md"
)
right.download_button(
    ui.t("brief.download_html"), html, f"brief-{lp_key}.html", "text/html", key="brief_html"
)
st.markdown(markdown)
