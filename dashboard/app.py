"""Streamlit entry point (``streamlit run dashboard/app.py``): sidebar and page navigation.

Signed out, the only page is the sign-in page; signed in, the pages the user's role may read
(:mod:`dashboard.navigation`), in sections (a section with no page for the role is left out).
The public pages (choosing a password through a one-time link) are reachable by their URL
either way, never listed.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import navigation, ui

# Not "pages/": a pages/ directory next to the entry point switches Streamlit to its legacy
# multipage mode, which runs page files directly and skips this script (and its sign-in gate).
PAGES = Path(__file__).resolve().parent / "views"

st.set_page_config(page_title="leadhub", page_icon=":material/insights:", layout="wide")
settings = ui.get_settings()
user = ui.current_user(settings)
ui.sidebar(settings, user)

public = [
    st.Page(PAGES / name, title=ui.t(title), icon=icon, url_path=path, visibility="hidden")
    for name, title, icon, path in navigation.PUBLIC
]
pages: list[st.Page] | dict[str, list[st.Page]]
if user is None:
    login = PAGES / "login.py"
    # Private URLs stay valid while signed out: they show the sign-in form (not Streamlit's
    # "Page not found"), and the same URL shows the page once signed in.
    pages = [
        st.Page(login, title=ui.t("nav.login"), icon=":material/login:", default=True),
        *[
            st.Page(login, title=ui.t("nav.login"), url_path=Path(name).stem, visibility="hidden")
            for name, _, _, _ in navigation.all_pages()
        ],
        *public,
    ]
else:
    shown = set(navigation.visible_pages(user.actor))
    sections = {
        ui.t(section): [
            st.Page(PAGES / name, title=ui.t(title), icon=icon, default=name == navigation.HOME)
            for name, title, icon, permission in entries
            if (name, title, icon, permission) in shown
        ]
        for section, entries in navigation.SECTIONS.items()
    }
    pages = {section: entries for section, entries in sections.items() if entries}
    pages[next(iter(pages))] += public
# Every page the role may read stays listed (Streamlit folds a long menu after 10 entries).
st.navigation(pages, expanded=True).run()
