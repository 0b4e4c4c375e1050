"""Small multiples: several measures for one council as panels of ONE figure (each panel its own scale).

One figure with subplots rather than many charts: pages with many plotly charts load unreliably.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from charts.spec import FigureSpec
from charts.theme import (
    BOTTOM_LEGEND,
    FOCUS,
    MEDIAN_LINE,
    SECONDARY_TEXT,
    add_notes,
    apply_house_style,
    breaks_in,
    mark_break,
    scale_for,
    split_dashed,
    title_block,
    wrap,
)
from charts.views import TrendChartView
from kpi.core.formatting import format_value


@dataclass(frozen=True)
class Panel:
    title: str  # measure title
    unit_label: str
    periods: tuple[str, ...]
    frame: pd.DataFrame  # the council's period, value, status
    median: pd.DataFrame | None  # period, median
    zero_baseline: bool = True
    applicable: bool = True


@dataclass(frozen=True)
class MultiplesSpec:
    title: str
    subtitle: str
    source_note: str
    area_name: str
    panels: tuple[Panel, ...]
    extra_notes: tuple[str, ...] = ()  # gaps in a panel's series, councils left out of the group


def multiples_figure(spec: MultiplesSpec) -> go.Figure:
    n = max(1, len(spec.panels))
    cols = 2 if n > 1 else 1
    rows = math.ceil(n / cols)
    titles = []
    scaled = []
    for panel in spec.panels:
        factor, axis = scale_for(panel.unit_label, panel.frame["value"])
        scaled.append(factor)
        titles.append(f"<b>{panel.title}</b><br><span style='font-size:12px'>{axis}</span>")
    grid = make_subplots(
        rows=rows,
        cols=cols,
        subplot_titles=titles,
        vertical_spacing=0.22 / max(1, rows - 1) + 0.08 if rows > 1 else 0.1,
        horizontal_spacing=0.1,
    )
    fig = FigureSpec(grid.layout.to_plotly_json(), cols=cols)
    for title in fig.layout["annotations"]:  # the panels' titles
        title.setdefault("font", {})["size"] = 14
    for i, (panel, factor) in enumerate(zip(spec.panels, scaled)):
        _add_panel(fig, panel, i=i, row=i // cols + 1, col=i % cols + 1, factor=factor, area_name=spec.area_name)
    subtitle = wrap(spec.subtitle, 110)
    fig.update_layout(
        title=title_block(spec.title, subtitle, y=0.98),
        height=160 + 330 * rows,
        hovermode="closest",
        showlegend=True,
        legend=BOTTOM_LEGEND,
    )
    bottom = add_notes(fig, [spec.source_note, *spec.extra_notes], below_axis_px=82)
    fig.update_layout(margin=dict(t=130 + 22 * subtitle.count("<br>"), r=40, b=bottom, l=70))
    return apply_house_style(fig).figure()


def _add_panel(fig: FigureSpec, panel: Panel, *, i: int, row: int, col: int, factor: float, area_name: str) -> None:
    """One measure: the comparators' median, the council's line (dotted where not final) and its series breaks."""
    periods = list(panel.periods)
    frame = panel.frame.set_index("period").reindex(periods)
    status = frame["status"].fillna("") if "status" in frame else pd.Series("", index=frame.index)
    at = dict(row=row, col=col)
    _add_median(fig, panel, periods, factor, show_legend=i == 0, at=at)
    solid, dotted, dashed = split_dashed(frame["value"] / factor, status)
    marker = dict(size=7, color=FOCUS, symbol=["circle-open" if d else "circle" for d in dashed])
    fig.add_trace(
        dict(
            type="scatter",
            x=periods,
            y=solid,
            mode="lines+markers",
            name=area_name,
            legendgroup="council",
            showlegend=i == 0,
            line=dict(color=FOCUS, width=3),
            marker=marker,
            customdata=[format_value(v, panel.unit_label) for v in frame["value"]],
            hovertemplate="%{x}: %{customdata}<extra></extra>",
        ),
        **at,
    )
    if dotted is not None:
        fig.add_trace(
            dict(
                type="scatter",
                x=periods,
                y=dotted,
                mode="lines+markers",
                showlegend=False,
                hoverinfo="skip",
                name=f"{area_name} (estimated, budget or forecast)",
                marker=marker,
                line=dict(color=FOCUS, width=2, dash="dot"),
            ),
            **at,
        )
    for period in breaks_in(frame):
        mark_break(fig, periods.index(period) - 0.5, labelled=False, **at)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=periods, tickangle=-45, nticks=8, **at)
    zero = "tozero" if panel.zero_baseline else "normal"
    fig.update_yaxes(tickformat=",~f", rangemode=zero, gridcolor="#E5E5E5", **at)
    if frame["value"].notna().sum() == 0:
        message = "no data for this council" if panel.applicable else "not applicable to this council"
        fig.add_annotation(
            text=message,
            x=0.5,
            y=0.5,
            showarrow=False,
            xref=f"x{i + 1 if i else ''} domain",
            yref=f"y{i + 1 if i else ''} domain",
            font=dict(color=SECONDARY_TEXT, size=13),
        )


def _add_median(fig: FigureSpec, panel: Panel, periods: list[str], factor: float, *, show_legend: bool, at: dict):
    """The comparators' median as a dotted grey line."""
    if panel.median is not None and not panel.median.empty:
        med = panel.median.set_index("period").reindex(periods)["median"] / factor
        median_line = dict(color=MEDIAN_LINE, width=2, dash="dot")
        fig.add_trace(
            dict(
                type="scatter",
                x=periods,
                y=med,
                mode="lines",
                name="Comparators' median",
                legendgroup="median",
                showlegend=show_legend,
                line=median_line,
                hovertemplate="%{x}: %{y:,.3~f}<extra>median</extra>",
            ),
            **at,
        )


def multiples_figure_from_views(views: Sequence[TrendChartView], *, area_name: str, source_note: str) -> go.Figure:
    """Figure for a sequence of trend views (kpi.views.trend.TrendView), one panel each."""
    panels = []
    for view in views:
        own = next((frame for code, _name, frame in view.lines if code == view.request.area_code), None)
        panels.append(
            Panel(
                title=view.title.rsplit(":", 1)[0],
                unit_label=view.unit_label,
                periods=view.periods,
                frame=own if own is not None else pd.DataFrame(columns=["period", "value", "status"]),
                median=view.band,
                zero_baseline=not view.request.index_to,
                applicable=view.applicable,
            )
        )
    subtitle = (
        "Each panel has its own scale and units (shown under its title); solid blue line: "
        f"{area_name}; dotted grey line: comparators' median; open markers and dotted segments: "
        "estimated, budget or forecast figures; dashed vertical line: series break"
    )
    return multiples_figure(
        MultiplesSpec(
            title=f"{len(panels)} measures over time: {area_name}",
            subtitle=subtitle,
            source_note=source_note,
            area_name=area_name,
            panels=tuple(panels),
            extra_notes=tuple(
                dict.fromkeys(
                    f"{view.title.rsplit(':', 1)[0]}: {note}" if note.startswith("No figures") else note
                    for view in views
                    for note in view.notes
                )
            ),
        )
    )
