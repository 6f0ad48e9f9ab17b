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
ui.sidebar(settings, user)

# (file, title key, icon) of the pages behind the sign-in; the first one is the home page.
PRIVATE = [
    ("funnel.py", "nav.funnel", ":material/filter_alt:"),
    ("health.py", "nav.health", ":material/monitor_heart:"),
    ("brief.py", "nav.brief", ":material/description:"),
    ("about.py", "nav.about", ":material/info:"),
]

if user is None:
    login = PAGES / "login.py"
    # Private URLs stay valid while signed out: they show the sign-in form (not Streamlit's
    # "Page not found"), and the same URL shows the page once signed in.
    pages = [
        st.Page(login, title=ui.t("nav.login"), icon=":material/login:", default=True),
        *[
            st.Page(login, title=ui.t("nav.login"), url_path=Path(name).stem, visibility="hidden")
            for name, _, _ in PRIVATE
        ],
    ]
else:
    pages = [
        st.Page(PAGES / name, title=ui.t(title), icon=icon, default=i == 0)
        for i, (name, title, icon) in enumerate(PRIVATE)
    ]
st.navigation(pages).run()
