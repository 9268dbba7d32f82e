"""The page's plotly charts: their common layout, bars with a hover text each, and the
coordinates in 万元 (floats, only drawn, never printed)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import plotly.graph_objects as go

from pipelines.warehouse.department_report.formatting import exact

FONT = "Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, PingFang SC, sans-serif"
WAN = Decimal(10000)


class Charts:
    """The page's plotly figures, numbered in the order drawn."""

    def __init__(self) -> None:
        self.count = 0

    def html(self, fig: go.Figure, *, height: int = 340) -> str:
        """The figure as a ``<div>`` and the script drawing it (plotly.js is the page's)."""
        self.count += 1
        fig.update_layout(
            height=height,
            template="plotly_white",
            font={"family": FONT, "size": 12},
            margin={"l": 60, "r": 20, "t": 50, "b": 40},
            legend={"orientation": "h", "y": -0.15},
            yaxis={"rangemode": "tozero"},
            hoverlabel={"font": {"family": FONT}},
        )
        div = fig.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=f"chart-{self.count}",
            config={"displaylogo": False, "responsive": True},
        )
        return f'<div class="chart">{div}</div>'


def wan(value: Any) -> float | None:
    """A chart coordinate in 万元 (a float: only drawn, never printed)."""
    return None if value is None else float(exact(value) / WAN)


def bar(name: str, x: list, y: list, hover: list[str], **kwargs: Any) -> go.Bar:
    """A bar trace whose hover shows ``hover``'s text for each bar."""
    return go.Bar(
        name=name,
        x=x,
        y=y,
        customdata=hover,
        hovertemplate="%{customdata}<extra>%{fullData.name}</extra>",
        **kwargs,
    )
