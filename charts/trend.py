"""Line chart of one metric over financial years: the chosen council(s) against a comparator band."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from charts.spec import FigureSpec
from charts.theme import (
    BAND_FILL,
    BOTTOM_LEGEND,
    COUNCIL_SUPPLIED,
    DASHES,
    FOCUS,
    MEDIAN_LINE,
    PALETTE,
    SYMBOLS,
    add_notes,
    apply_house_style,
    breaks_in,
    empty_figure,
    label_end,
    mark_break,
    scale_for,
    split_dashed,
    title_block,
    wrap,
)
from charts.views import TrendChartView
from kpi.core.formatting import format_value


@dataclass(frozen=True)
class Line:
    """One council's series: frame with period, value, status, break_before."""

    name: str
    frame: pd.DataFrame
    focus: bool = False
    council_supplied: bool = False  # drawn in its own colour, dash and marker beside the official line


@dataclass(frozen=True)
class TrendSpec:
    title: str
    subtitle: str
    source_note: str
    unit_label: str
    lines: tuple[Line, ...]
    periods: tuple[str, ...]
    band: pd.DataFrame | None = None  # period, median, q1, q3, n
    band_label: str = ""
    zero_baseline: bool = False
    extra_notes: tuple[str, ...] = field(default_factory=tuple)


def trend_figure(spec: TrendSpec) -> go.Figure:
    fig = FigureSpec()
    bands = [spec.band["q3"], spec.band["q1"]] if spec.band is not None and not spec.band.empty else []
    all_values = (
        pd.concat([line.frame["value"] for line in spec.lines] + bands, ignore_index=True)
        if spec.lines
        else pd.Series(dtype=float)
    )
    factor, axis_label = scale_for(spec.unit_label, all_values)
    periods = list(spec.periods)
    if bands:
        _add_band(fig, spec, periods, factor)
    drawn = [line for line in spec.lines if line.frame["value"].notna().any()] or list(spec.lines)
    any_dashed = False
    colour_index = 1
    for i, line in enumerate(drawn):
        colour = FOCUS if line.focus else PALETTE[colour_index % len(PALETTE)]
        if not line.focus and not line.council_supplied:
            colour_index += 1
        any_dashed |= _add_line(
            fig, line, style=i % len(DASHES), colour=colour, periods=periods, factor=factor, unit_label=spec.unit_label
        )
    notes = [spec.source_note, *spec.extra_notes]
    if any_dashed:
        notes.insert(0, "Dotted segments and open markers: estimated, budget or forecast figures.")
    return _layout(fig, spec, notes, axis_label, periods).figure()


def _add_band(fig: FigureSpec, spec: TrendSpec, periods: list[str], factor: float) -> None:
    """The comparators' middle half as a grey band (upper quartile, then lower filled up to it) and their median as
    a dotted line."""
    b = spec.band.set_index("period").reindex(periods)
    edges = (
        ("q3", "upper quartile", {"showlegend": False}),
        ("q1", "Comparators: middle half", {"fill": "tonexty", "fillcolor": BAND_FILL}),
    )
    for column, name, fill in edges:
        fig.add_trace(
            dict(
                type="scatter",
                x=periods,
                y=(b[column] / factor).to_numpy(),
                mode="lines",
                line=dict(width=0),
                name=name,
                hoverinfo="skip",
                connectgaps=False,
                **fill,
            )
        )
    hover = [[format_value(v, spec.unit_label), int(n) if pd.notna(n) else 0] for v, n in zip(b["median"], b["n"])]
    fig.add_trace(
        dict(
            type="scatter",
            x=periods,
            y=(b["median"] / factor).to_numpy(),
            mode="lines",
            name="Comparators: median",
            line=dict(color=MEDIAN_LINE, width=2, dash="dot"),
            customdata=hover,
            hovertemplate="%{x}<br>Median: %{customdata[0]} (%{customdata[1]} councils)<extra></extra>",
        )
    )


def _add_line(
    fig: FigureSpec, line: Line, *, style: int, colour: str, periods: list[str], factor: float, unit_label: str
) -> bool:
    """One council's series, its direct label and its series breaks; True if some figures are dashed."""
    frame = line.frame.set_index("period").reindex(periods)
    dash, symbol = DASHES[style], SYMBOLS[style]
    if line.council_supplied:
        colour, dash, symbol = COUNCIL_SUPPLIED, "dash", "diamond"
    status = frame.get("status", pd.Series("", index=frame.index)).fillna("")
    solid_values, dotted_values, dashed = split_dashed(frame["value"] / factor, status)
    hover = [f"{format_value(v, unit_label)}{' (' + s + ')' if s else ''}" for v, s in zip(frame["value"], status)]
    symbols = [f"{symbol}-open" if d else symbol for d in dashed]
    width = 9 if line.focus else 7
    common = dict(
        type="scatter",
        x=periods,
        mode="lines+markers",
        legendgroup=line.name,
        customdata=hover,
        connectgaps=False,
        hovertemplate="%{x}<br>" + line.name + ": %{customdata}<extra></extra>",
        marker=dict(size=width, symbol=symbols, color=colour, line=dict(color=colour, width=2)),
    )
    solid = dict(color=colour, width=4 if line.focus else 2.5, dash=dash)
    fig.add_trace(dict(y=solid_values.to_numpy(), name=line.name, line=solid, **common))
    if dotted_values is not None:
        dotted = dict(color=colour, width=3 if line.focus else 2, dash="dot")
        fig.add_trace(
            dict(
                y=dotted_values.to_numpy(),
                name=f"{line.name} (estimated, budget or forecast)",
                showlegend=False,
                line=dotted,
                **common,
            )
        )
    # Direct label at the last value, so the legend is not the only key.
    last = frame["value"].last_valid_index()
    if last is not None:
        label_end(fig, x=last, y=frame.at[last, "value"] / factor, text=line.name, colour=colour)
    for period in breaks_in(frame):
        mark_break(fig, periods.index(period) - 0.5)
    return bool(dashed.any())


def _layout(fig: FigureSpec, spec: TrendSpec, notes: list[str], axis_label: str, periods: list[str]) -> FigureSpec:
    subtitle = wrap(spec.subtitle, 110)
    fig.update_layout(
        title=title_block(spec.title, subtitle),
        xaxis=dict(type="category", categoryorder="array", categoryarray=periods, title=None, tickangle=-45),
        yaxis=dict(
            title=dict(text=axis_label), tickformat=",~f", rangemode="tozero" if spec.zero_baseline else "normal"
        ),
        showlegend=True,
        legend=BOTTOM_LEGEND,
        hovermode="closest",
    )
    bottom = add_notes(fig, notes, below_axis_px=88)
    fig.update_layout(height=435 + bottom, margin=dict(t=90 + 22 * subtitle.count("<br>") + 30, r=170, b=bottom))
    return apply_house_style(fig)


def trend_figure_from_view(view: TrendChartView) -> go.Figure:
    """Figure for a trend view (kpi.views.trend.TrendView)."""
    lines = tuple(
        Line(name=name, frame=frame, focus=(code == view.request.area_code)) for code, name, frame in view.lines
    )
    lines += tuple(
        Line(name=name, frame=frame, focus=(code == view.request.area_code), council_supplied=True)
        for code, name, frame in view.council_lines
    )
    if not any(line.frame["value"].notna().any() for line in lines):
        return empty_figure(view.summary)
    spec = TrendSpec(
        title=view.title,
        subtitle=view.subtitle,
        source_note=view.source_note,
        unit_label=view.unit_label,
        lines=lines,
        periods=view.periods,
        band=view.band,
        band_label=view.band_label,
        zero_baseline=not view.request.index_to,
        extra_notes=tuple(view.notes),
    )
    return trend_figure(spec)
