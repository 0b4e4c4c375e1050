"""Line chart of one metric over financial years: the chosen council(s) against a comparator band."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from kpi.core.formatting import format_value
from kpi.core.schema import DASHED_STATUSES
from charts.theme import (BAND_FILL, CONTEXT_GREY, COUNCIL_SUPPLIED, DASHES, FOCUS, MEDIAN_LINE, PALETTE,
                          SECONDARY_TEXT, SYMBOLS, add_notes, apply_house_style, wrap)

DASHED = set(DASHED_STATUSES)


@dataclass(frozen=True)
class Line:
    """One council's series: frame with period, value, status, break_before."""
    name: str
    frame: pd.DataFrame
    focus: bool = False
    council_supplied: bool = False    # drawn in its own colour, dash and marker beside the official line


@dataclass(frozen=True)
class TrendSpec:
    title: str
    subtitle: str
    source_note: str
    unit_label: str
    lines: tuple[Line, ...]
    periods: tuple[str, ...]
    band: pd.DataFrame | None = None     # period, median, q1, q3, n
    band_label: str = ""
    zero_baseline: bool = False
    extra_notes: tuple[str, ...] = field(default_factory=tuple)


def scale_for(unit_label: str, values: pd.Series) -> tuple[float, str]:
    """Divide money by a thousand, million or billion so axis labels read '£ million'."""
    if not unit_label.startswith("£") or values.dropna().empty:
        return 1.0, unit_label
    top = values.abs().max()
    rest = unit_label[1:]
    for factor, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if top >= factor * 3:
            return factor, f"£ {word}{rest}"
    return 1.0, unit_label


def trend_figure(spec: TrendSpec) -> go.Figure:
    fig = go.Figure()
    bands = [spec.band["q3"], spec.band["q1"]] if spec.band is not None and not spec.band.empty else []
    all_values = pd.concat([line.frame["value"] for line in spec.lines] + bands,
                           ignore_index=True) if spec.lines else pd.Series(dtype=float)
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
        any_dashed |= _add_line(fig, line, style=i % len(DASHES), colour=colour, periods=periods, factor=factor,
                                unit_label=spec.unit_label)
    notes = [spec.source_note, *spec.extra_notes]
    if any_dashed:
        notes.insert(0, "Dotted segments and open markers: estimated, budget or forecast figures.")
    return _layout(fig, spec, notes, axis_label, periods)


def _add_band(fig: go.Figure, spec: TrendSpec, periods: list[str], factor: float) -> None:
    """The comparators' middle half as a grey band and their median as a dotted line."""
    b = spec.band.set_index("period").reindex(periods)
    fig.add_trace(go.Scatter(x=periods, y=b["q3"] / factor, mode="lines", line=dict(width=0), hoverinfo="skip",
                             showlegend=False, name="upper quartile", connectgaps=False))
    fig.add_trace(go.Scatter(x=periods, y=b["q1"] / factor, mode="lines", line=dict(width=0), fill="tonexty",
                             fillcolor=BAND_FILL, name="Comparators: middle half", hoverinfo="skip",
                             connectgaps=False))
    fig.add_trace(go.Scatter(
        x=periods, y=b["median"] / factor, mode="lines", name="Comparators: median",
        line=dict(color=MEDIAN_LINE, width=2, dash="dot"),
        customdata=[[format_value(v, spec.unit_label), int(n) if pd.notna(n) else 0]
                    for v, n in zip(b["median"], b["n"])],
        hovertemplate="%{x}<br>Median: %{customdata[0]} (%{customdata[1]} councils)<extra></extra>",
    ))


def _add_line(fig: go.Figure, line: Line, *, style: int, colour: str, periods: list[str], factor: float,
              unit_label: str) -> bool:
    """One council's series, its direct label and its series breaks; True if some figures are dashed."""
    frame = line.frame.set_index("period").reindex(periods)
    dash, symbol = DASHES[style], SYMBOLS[style]
    if line.council_supplied:
        colour, dash, symbol = COUNCIL_SUPPLIED, "dash", "diamond"
    status = frame.get("status", pd.Series("", index=frame.index)).fillna("")
    dashed = status.isin(DASHED)
    hover = [f"{format_value(v, unit_label)}{' (' + s + ')' if s else ''}" for v, s in zip(frame["value"], status)]
    symbols = [f"{symbol}-open" if d else symbol for d in dashed]
    values = frame["value"] / factor
    common = dict(x=periods, mode="lines+markers", legendgroup=line.name, customdata=hover, connectgaps=False,
                  hovertemplate="%{x}<br>" + line.name + ": %{customdata}<extra></extra>",
                  marker=dict(size=9 if line.focus else 7, symbol=symbols, color=colour,
                              line=dict(color=colour, width=2)))
    # Estimated, budget or forecast values are joined by dotted segments (drawn in a second trace), so the
    # difference shows by line style and open markers, not colour.
    fig.add_trace(go.Scatter(y=values.where(~dashed) if dashed.any() else values, name=line.name,
                             line=dict(color=colour, width=4 if line.focus else 2.5, dash=dash), **common))
    if dashed.any():
        touches = dashed | dashed.shift(1, fill_value=False) | dashed.shift(-1, fill_value=False)
        fig.add_trace(go.Scatter(y=values.where(touches), name=f"{line.name} (estimated, budget or forecast)",
                                 showlegend=False, line=dict(color=colour, width=3 if line.focus else 2, dash="dot"),
                                 **common))
    # Direct label at the last value, so the legend is not the only key.
    last = frame["value"].last_valid_index()
    if last is not None:
        fig.add_annotation(x=last, y=frame.at[last, "value"] / factor, text=line.name, showarrow=False,
                           xanchor="left", xshift=8, font=dict(color=colour, size=13))
    breaks = frame.index[frame.get("break_before", pd.Series(False, index=frame.index)).fillna(False).astype(bool)]
    for period in breaks:
        pos = periods.index(period) - 0.5
        fig.add_vline(x=pos, line=dict(color=SECONDARY_TEXT, width=1.5, dash="dash"))
        fig.add_annotation(x=pos, y=1, yref="paper", text="series break", showarrow=False, xanchor="left",
                           yanchor="top", font=dict(size=12, color=SECONDARY_TEXT))
    return bool(dashed.any())


def _layout(fig: go.Figure, spec: TrendSpec, notes: list[str], axis_label: str, periods: list[str]) -> go.Figure:
    subtitle = wrap(spec.subtitle, 110)
    fig.update_layout(
        title=dict(text=f"{spec.title}<br><span style='font-size:15px;color:{SECONDARY_TEXT}'>{subtitle}</span>",
                   y=0.96, yanchor="top", yref="container"),
        xaxis=dict(type="category", categoryorder="array", categoryarray=periods, title=None, tickangle=-45),
        yaxis=dict(title=dict(text=axis_label), tickformat=",~f",
                   rangemode="tozero" if spec.zero_baseline else "normal"),
        showlegend=True,
        legend=dict(orientation="h", x=0, xanchor="left", y=0.01, yanchor="bottom", yref="container"),
        hovermode="closest",
    )
    bottom = add_notes(fig, notes, below_axis_px=88)
    fig.update_layout(height=435 + bottom, margin=dict(t=90 + 22 * subtitle.count("<br>") + 30, r=170, b=bottom))
    return apply_house_style(fig)


def empty_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font=dict(size=16, color=CONTEXT_GREY))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply_house_style(fig)


def trend_figure_from_view(view) -> go.Figure:
    """Figure for a kpi.views.TrendView."""
    lines = tuple(Line(name=name, frame=frame, focus=(code == view.request.area_code))
                  for code, name, frame in view.lines)
    lines += tuple(Line(name=name, frame=frame, focus=(code == view.request.area_code), council_supplied=True)
                   for code, name, frame in getattr(view, "council_lines", ()))
    if not any(line.frame["value"].notna().any() for line in lines):
        return empty_figure(view.summary)
    spec = TrendSpec(title=view.title, subtitle=view.subtitle, source_note=view.source_note,
                     unit_label=view.unit_label, lines=lines, periods=view.periods, band=view.band,
                     band_label=view.band_label, zero_baseline=not view.request.index_to)
    return trend_figure(spec)
