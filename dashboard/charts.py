"""Plotly figures of the dashboard (pure: labels and numbers in, figure out)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from dashboard.i18n import normalize_lang


def funnel_figure(labels: Sequence[str], values: Sequence[float], lang: str) -> go.Figure:
    """One bar per funnel step, with the count and the share of the previous step."""
    figure = go.Figure(
        go.Funnel(
            y=list(labels),
            x=list(values),
            # ",d": whole numbers with the locale's thousands mark (see separators below).
            texttemplate="%{value:,d}<br>%{percentPrevious:.1%}",
            hovertemplate="%{y}: %{value:,d}<br>%{percentInitial:.1%}<extra></extra>",
            marker={"color": "#1f6feb"},
            connector={"line": {"color": "#8b949e", "width": 1}},
        )
    )
    figure.update_layout(
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        height=360,
        # Plotly's separators: decimal mark then thousands mark.
        separators=", " if normalize_lang(lang) == "fr" else ".,",
    )
    return figure
