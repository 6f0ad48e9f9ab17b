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


def ab_figure(
    arms: Sequence[str],
    rates: Sequence[float],
    lows: Sequence[float],
    highs: Sequence[float],
    lang: str,
    control: str | None = None,
) -> go.Figure:
    """One point per arm (control first, at the top): its conversion rate with its 95 %
    interval as error bars, in percent; the control in grey, its rate as a dashed line."""
    rate_pct = [100 * r for r in rates]
    colors = ["#8b949e" if arm == control else "#1f6feb" for arm in arms]
    figure = go.Figure(
        go.Scatter(
            x=rate_pct,
            y=list(arms),
            mode="markers",
            marker={"color": colors, "size": 11},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [100 * h - r for h, r in zip(highs, rate_pct, strict=True)],
                "arrayminus": [r - 100 * lo for lo, r in zip(lows, rate_pct, strict=True)],
                "color": "#8b949e",
                "thickness": 2,
            },
            hovertemplate="%{y}: %{x:.2f} %<extra></extra>",
        )
    )
    figure.update_layout(
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        height=80 + 44 * len(arms),
        xaxis={"ticksuffix": " %", "rangemode": "tozero"},
        yaxis={"autorange": "reversed", "type": "category"},
        separators=", " if normalize_lang(lang) == "fr" else ".,",
    )
    if control is not None and control in arms:
        figure.add_vline(x=rate_pct[list(arms).index(control)], line_dash="dash", line_width=1)
    return figure
