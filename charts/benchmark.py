"""Dot (strip) chart of one measure in one year: the council highlighted among its comparators, with the
comparators' median and quartiles marked. No ranks and no league table."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from charts.spec import FigureSpec
from charts.theme import (
    BOTTOM_LEGEND,
    CONTEXT_GREY,
    FOCUS,
    MEDIAN_LINE,
    SECONDARY_TEXT,
    add_notes,
    apply_house_style,
    empty_figure,
    scale_for,
    title_block,
    wrap,
)
from charts.views import StripChartView
from kpi.core.formatting import format_value

JITTER = (0.0, 0.12, -0.12, 0.24, -0.24)


@dataclass(frozen=True)
class StripSpec:
    title: str
    subtitle: str
    source_note: str
    unit_label: str
    points: pd.DataFrame  # area_name, value, focus
    median: float
    q1: float
    q3: float
    zero_baseline: bool = False  # dots show position, not length, so the axis need not start at zero


def strip_figure(spec: StripSpec) -> go.Figure:
    if spec.points.empty:
        return empty_figure("No values for this measure and year.")
    factor, axis_label = scale_for(spec.unit_label, spec.points["value"])
    # The points' columns read once, as an array and lists (a chart of a few dozen councils, made per council).
    values, names = spec.points["value"].to_numpy(dtype=float), spec.points["area_name"].tolist()
    focus = spec.points["focus"].to_numpy(dtype=bool, na_value=False)
    others = [i for i, chosen in enumerate(focus) if not chosen]
    fig = FigureSpec()
    fig.add_trace(
        dict(
            type="scatter",
            x=values[~focus] / factor,
            y=[JITTER[i % len(JITTER)] for i in range(len(others))],
            mode="markers",
            name="Comparator councils",
            marker=dict(size=11, color=CONTEXT_GREY, symbol="circle", line=dict(color="#6F777B", width=1)),
            customdata=[[names[i], format_value(float(values[i]), spec.unit_label)] for i in others],
            hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
        )
    )
    _add_quartiles(fig, spec, factor)
    if focus.any():
        own = int(focus.argmax())
        value = float(values[own])
        _add_focus(fig, names[own], value / factor, format_value(value, spec.unit_label))
    subtitle = wrap(spec.subtitle, 110)
    fig.update_layout(
        title=title_block(spec.title, subtitle),
        xaxis=dict(
            title=dict(text=axis_label),
            tickformat=",~f",
            showgrid=True,
            gridcolor="#E5E5E5",
            rangemode="tozero" if spec.zero_baseline else "normal",
        ),
        yaxis=dict(visible=False, range=[-0.7, 1.0], fixedrange=True),
        showlegend=True,
        legend=BOTTOM_LEGEND,
        hovermode="closest",
    )
    bottom = add_notes(fig, [spec.source_note], below_axis_px=66)
    fig.update_layout(height=330 + bottom, margin=dict(t=90 + 22 * subtitle.count("<br>") + 30, r=60, b=bottom, l=40))
    return apply_house_style(fig).figure()


def _add_quartiles(fig: FigureSpec, spec: StripSpec, factor: float) -> None:
    """The comparators' median (solid) and quartiles (dashed), labelled below the axis line, away from the
    median; the median's label above."""
    for value, label, dash, y, xanchor, yanchor in (
        (spec.q1, "lower quartile", "dash", -0.45, "right", "top"),
        (spec.median, "median", "solid", 0.45, "center", "bottom"),
        (spec.q3, "upper quartile", "dash", -0.45, "left", "top"),
    ):
        if pd.notna(value):
            fig.add_shape(
                type="line",
                x0=value / factor,
                x1=value / factor,
                y0=-0.45,
                y1=0.45,
                line=dict(color=MEDIAN_LINE, width=2.5 if dash == "solid" else 1.5, dash=dash),
            )
            fig.add_annotation(
                x=value / factor,
                y=y,
                text=label,
                showarrow=False,
                yanchor=yanchor,
                xanchor=xanchor,
                font=dict(size=12, color=SECONDARY_TEXT),
            )


def _add_focus(fig: FigureSpec, name: str, x: float, text: str) -> None:
    """The chosen council as a blue diamond, labelled with its name and value."""
    fig.add_trace(
        dict(
            type="scatter",
            x=[x],
            y=[0],
            mode="markers",
            name=name,
            hovertemplate=f"{name}: {text}<extra></extra>",
            marker=dict(size=20, color=FOCUS, symbol="diamond", line=dict(color="white", width=1.5)),
        )
    )
    fig.add_annotation(
        x=x,
        y=0,
        text=f"<b>{name}</b><br>{text}",
        showarrow=True,
        arrowhead=0,
        ax=60,
        ay=-105,
        xanchor="left",
        arrowcolor=FOCUS,
        font=dict(size=14, color=FOCUS),
        bgcolor="rgba(255,255,255,0.85)",
    )


def strip_figure_from_view(view: StripChartView) -> go.Figure:
    """Figure for a benchmark view (kpi.views.benchmark.BenchmarkView)."""
    return strip_figure(
        StripSpec(
            title=view.title,
            subtitle=view.subtitle,
            source_note=view.source_note,
            unit_label=view.unit_label,
            points=view.points,
            median=view.median,
            q1=view.q1,
            q3=view.q3,
        )
    )
