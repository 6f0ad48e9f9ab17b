"""Streamlit entry point (``streamlit run dashboard/app.py``): sidebar and page navigation.

Signed out, the only page is the sign-in page; signed in, the funnel and the about page.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import ui

# Not "pages/": a pages/ directory next to the entry point switches Streamlit to its legacy
# multipage mode, which runs page files directly and skips this script (and its sign-in gate).
PAGES = Path(__file__).resolve().parent / "views"

st.set_page_config(page_title="leadhub", page_icon=":material/insights:", layout="wide")
settings = ui.get_settings()
user = ui.current_user(settings)
ui.sidebar(user)

if user is None:
    pages = [st.Page(PAGES / "login.py", title=ui.t("nav.login"), icon=":material/login:",
                     default=True)]
else:
    pages = [
        st.Page(PAGES / "funnel.py", title=ui.t("nav.funnel"), icon=":material/filter_alt:",
                default=True),
        st.Page(PAGES / "about.py", title=ui.t("nav.about"), icon=":material/info:"),
    ]
st.navigation(pages).run()
