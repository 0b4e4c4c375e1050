"""Dot (strip) chart of one measure in one year: the council highlighted among its comparators, with the
comparators' median and quartiles marked. No ranks and no league table."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from kpi.core.formatting import format_value
from charts.theme import CONTEXT_GREY, FOCUS, MEDIAN_LINE, SECONDARY_TEXT, add_notes, apply_house_style, wrap
from charts.trend import empty_figure, scale_for

JITTER = (0.0, 0.12, -0.12, 0.24, -0.24)


@dataclass(frozen=True)
class StripSpec:
    title: str
    subtitle: str
    source_note: str
    unit_label: str
    points: pd.DataFrame          # area_name, value, focus
    median: float
    q1: float
    q3: float
    zero_baseline: bool = False      # dots show position, not length, so the axis need not start at zero


def strip_figure(spec: StripSpec) -> go.Figure:
    if spec.points.empty:
        return empty_figure("No values for this measure and year.")
    factor, axis_label = scale_for(spec.unit_label, spec.points["value"])
    points = spec.points.reset_index(drop=True)
    others = points[~points["focus"]]
    own = points[points["focus"]]
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=others["value"] / factor, y=[JITTER[i % len(JITTER)] for i in range(len(others))], mode="markers",
        name="Comparator councils", marker=dict(size=11, color=CONTEXT_GREY, symbol="circle",
                                                line=dict(color="#6F777B", width=1)),
        customdata=[[n, format_value(v, spec.unit_label)] for n, v in zip(others["area_name"], others["value"])],
        hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
    ))
    # Quartile labels below the axis line, pointing away from the median; the median's label above.
    for value, label, dash, y, xanchor, yanchor in (
            (spec.q1, "lower quartile", "dash", -0.45, "right", "top"),
            (spec.median, "median", "solid", 0.45, "center", "bottom"),
            (spec.q3, "upper quartile", "dash", -0.45, "left", "top")):
        if pd.notna(value):
            fig.add_shape(type="line", x0=value / factor, x1=value / factor, y0=-0.45, y1=0.45,
                          line=dict(color=MEDIAN_LINE, width=2.5 if dash == "solid" else 1.5, dash=dash))
            fig.add_annotation(x=value / factor, y=y, text=label, showarrow=False, yanchor=yanchor,
                               xanchor=xanchor, font=dict(size=12, color=SECONDARY_TEXT))
    if not own.empty:
        name, value = own["area_name"].iloc[0], float(own["value"].iloc[0])
        fig.add_trace(go.Scatter(
            x=[value / factor], y=[0], mode="markers", name=name,
            marker=dict(size=20, color=FOCUS, symbol="diamond", line=dict(color="white", width=1.5)),
            hovertemplate=f"{name}: {format_value(value, spec.unit_label)}<extra></extra>",
        ))
        fig.add_annotation(x=value / factor, y=0, text=f"<b>{name}</b><br>{format_value(value, spec.unit_label)}",
                           showarrow=True, arrowhead=0, ax=60, ay=-105, xanchor="left", arrowcolor=FOCUS,
                           font=dict(size=14, color=FOCUS), bgcolor="rgba(255,255,255,0.85)")
    subtitle = wrap(spec.subtitle, 110)
    fig.update_layout(
        title=dict(text=f"{spec.title}<br><span style='font-size:15px;color:{SECONDARY_TEXT}'>{subtitle}</span>",
                   y=0.96, yanchor="top", yref="container"),
        xaxis=dict(title=dict(text=axis_label), tickformat=",~f", showgrid=True, gridcolor="#E5E5E5",
                   rangemode="tozero" if spec.zero_baseline else "normal"),
        yaxis=dict(visible=False, range=[-0.7, 1.0], fixedrange=True),
        showlegend=True, legend=dict(orientation="h", x=0, xanchor="left", y=0.01, yanchor="bottom", yref="container"),
        hovermode="closest",
    )
    bottom = add_notes(fig, [spec.source_note], below_axis_px=66)
    fig.update_layout(height=330 + bottom, margin=dict(t=90 + 22 * subtitle.count("<br>") + 30, r=60, b=bottom, l=40))
    return apply_house_style(fig)


def strip_figure_from_view(view) -> go.Figure:
    """Figure for a kpi.benchmark.BenchmarkView."""
    return strip_figure(StripSpec(title=view.title, subtitle=view.subtitle, source_note=view.source_note,
                                  unit_label=view.unit_label, points=view.points, median=view.median, q1=view.q1,
                                  q3=view.q3))
