"""Line chart of one metric over financial years: the chosen council(s) against a comparator band."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
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
    empty_figure,
    label_end,
    mark_break,
    scale_for,
    title_block,
    wrap,
)
from charts.views import TrendChartView
from kpi.core.formatting import format_value
from kpi.core.schema import DASHED_STATUSES


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
    at = _positions(spec.band["period"].tolist(), periods)
    median, q1, q3, n = (_on_years(spec.band[c].tolist(), at, len(periods)) for c in ("median", "q1", "q3", "n"))
    edges = (
        (q3, "upper quartile", {"showlegend": False}),
        (q1, "Comparators: middle half", {"fill": "tonexty", "fillcolor": BAND_FILL}),
    )
    for values, name, fill in edges:
        fig.add_trace(
            dict(
                type="scatter",
                x=periods,
                y=values / factor,
                mode="lines",
                line=dict(width=0),
                name=name,
                hoverinfo="skip",
                connectgaps=False,
                **fill,
            )
        )
    hover = [[format_value(v, spec.unit_label), 0 if k != k else int(k)] for v, k in zip(median, n)]
    fig.add_trace(
        dict(
            type="scatter",
            x=periods,
            y=median / factor,
            mode="lines",
            name="Comparators: median",
            line=dict(color=MEDIAN_LINE, width=2, dash="dot"),
            customdata=hover,
            hovertemplate="%{x}<br>Median: %{customdata[0]} (%{customdata[1]} councils)<extra></extra>",
        )
    )


def _positions(years: list, periods: list[str]) -> list[tuple[int, int]]:
    """(row, position on the chart's years) of each row whose year the chart shows."""
    where = {p: i for i, p in enumerate(periods)}
    return [(row, where[y]) for row, y in enumerate(years) if y in where]


def _on_years(column: list, at: list[tuple[int, int]], size: int) -> np.ndarray:
    """A column's numbers on the chart's years, NaN where it has none: `reindex(periods)` of a few rows, in one pass
    (a year is never twice in one line or band)."""
    out = np.full(size, np.nan)
    for row, i in at:
        value = column[row]
        out[i] = np.nan if value is None or value is pd.NA else value
    return out


def _add_line(
    fig: FigureSpec, line: Line, *, style: int, colour: str, periods: list[str], factor: float, unit_label: str
) -> bool:
    """One council's series, its direct label and its series breaks; True if some figures are dashed."""
    frame = line.frame
    at = _positions(frame["period"].tolist(), periods)
    values = _on_years(frame["value"].tolist(), at, len(periods))
    status, breaks = [""] * len(periods), [False] * len(periods)
    texts = frame["status"].tolist() if "status" in frame else None
    flags = frame["break_before"].tolist() if "break_before" in frame else None
    for row, i in at:
        if texts is not None and isinstance(texts[row], str):
            status[i] = texts[row]
        if flags is not None:
            breaks[i] = flags[row] is True or flags[row] is np.True_
    dash, symbol = DASHES[style], SYMBOLS[style]
    if line.council_supplied:
        colour, dash, symbol = COUNCIL_SUPPLIED, "dash", "diamond"
    scaled = values / factor
    dashed = np.array([s in DASHED_STATUSES for s in status], dtype=bool)
    hover = [f"{format_value(v, unit_label)}{' (' + s + ')' if s else ''}" for v, s in zip(values, status)]
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
    # Estimated, budget or forecast figures: dotted segments to and from them, open markers (split_dashed's way).
    solid_y = np.where(dashed, np.nan, scaled) if dashed.any() else scaled
    fig.add_trace(dict(y=solid_y, name=line.name, line=solid, **common))
    if dashed.any():
        touches = dashed | np.r_[False, dashed[:-1]] | np.r_[dashed[1:], False]
        dotted = dict(color=colour, width=3 if line.focus else 2, dash="dot")
        fig.add_trace(
            dict(
                y=np.where(touches, scaled, np.nan),
                name=f"{line.name} (estimated, budget or forecast)",
                showlegend=False,
                line=dotted,
                **common,
            )
        )
    # Direct label at the last value, so the legend is not the only key.
    shown = np.flatnonzero(~np.isnan(values))
    if len(shown):
        last = shown[-1]
        label_end(fig, x=periods[last], y=values[last] / factor, text=line.name, colour=colour)
    for i, broken in enumerate(breaks):
        if broken:
            mark_break(fig, i - 0.5)
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
