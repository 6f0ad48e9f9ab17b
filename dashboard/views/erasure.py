"""Administration — GDPR erasure and the opposition list, for admins: a small page of its own
until the privacy page hosts the section (:mod:`dashboard.views.privacy_erasure`)."""

from __future__ import annotations

import streamlit as st

from dashboard import admin, ui
from dashboard.views.privacy_erasure import render_erasure

settings = ui.get_settings()
user = admin.require(settings, "privacy.erase")
st.title(ui.t("erasure.title"))
admin.flash()
render_erasure(settings, user)
