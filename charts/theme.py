"""The house template: Analysis Function palette, focus versus grey, plain sans-serif type."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from charts.spec import FigureSpec
from kpi.core.schema import DASHED_STATUSES

PALETTE = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]
FOCUS = "#12436D"
CONTEXT_GREY = "#BFBFBF"
COUNCIL_SUPPLIED = "#801650"  # council-supplied series: their own colour, long dashes and diamond markers
TEXT = "#0B0C0C"
SECONDARY_TEXT = "#505A5F"  # 7:1 on white
GRID = "#E5E5E5"
BAND_FILL = "rgba(191, 191, 191, 0.45)"
MEDIAN_LINE = "#505A5F"
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
# Distinguish series by more than colour (WCAG 1.4.1): each has its own dash and marker too.
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star"]

_template = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT, size=15, color=TEXT),
        colorway=PALETTE,
        paper_bgcolor="white",
        plot_bgcolor="white",
        title=dict(x=0, xanchor="left", font=dict(size=20, color=TEXT)),
        xaxis=dict(
            showgrid=False,
            linecolor=TEXT,
            ticks="outside",
            tickcolor=TEXT,
            zeroline=False,
            title=dict(font=dict(size=14, color=SECONDARY_TEXT)),
        ),
        yaxis=dict(
            gridcolor=GRID,
            zeroline=False,
            linecolor=TEXT,
            ticks="",
            title=dict(font=dict(size=14, color=SECONDARY_TEXT)),
        ),
        legend=dict(
            orientation="h",
            yanchor="bottom",
            y=1.0,
            x=0,
            xanchor="left",
            font=dict(size=14),
            bgcolor="rgba(255,255,255,0)",
        ),
        hoverlabel=dict(font=dict(family=FONT, size=14)),
        margin=dict(l=70, r=30, t=110, b=90),
    )
)
# The template as plain dictionaries, validated once with each figure.
TEMPLATE_JSON = _template.to_plotly_json()


def apply_house_style(fig: FigureSpec) -> FigureSpec:
    """Set the template on the figure itself, whole, so an export looks like the screen whatever the global
    default."""
    fig.layout.pop("template", None)
    return fig.update_layout(template=TEMPLATE_JSON)


def wrap(text: str, width: int) -> str:
    """Break long subtitles and notes onto lines, since plotly does not wrap text itself."""
    return "<br>".join(textwrap.wrap(text, width)) if text else ""


NOTE_WIDTH = 150  # characters per line of a note (fits the 1600 px export and the page)
NOTE_LINE_PX = 16  # height of one 12 px line of note text
LEGEND_PX = 42  # a one-row legend pinned to the bottom of the figure


def add_notes(fig: FigureSpec, notes: list[str], *, below_axis_px: int) -> int:
    """Put the notes (latest figures, source, release, retrieved) under the x axis; return the bottom margin they and a
    bottom legend need, so a long source list never runs into the legend."""
    text = "<br>".join(wrap(n, NOTE_WIDTH) for n in notes if n)
    fig.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-below_axis_px,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font=dict(size=12, color=SECONDARY_TEXT),
    )
    return below_axis_px + NOTE_LINE_PX * (text.count("<br>") + 1) + LEGEND_PX


# A legend in one row at the bottom of the figure, under the notes' margin.
BOTTOM_LEGEND = dict(orientation="h", x=0, xanchor="left", y=0.01, yanchor="bottom", yref="container")


def title_block(title: str, subtitle: str, *, y: float = 0.96) -> dict:
    """The figure title with its subtitle (units and basis) on the line below, in secondary text."""
    return dict(
        text=f"{title}<br><span style='font-size:15px;color:{SECONDARY_TEXT}'>{subtitle}</span>",
        y=y,
        yanchor="top",
        yref="container",
    )


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


def empty_figure(message: str) -> go.Figure:
    """A figure that says why there is nothing to draw."""
    fig = FigureSpec()
    fig.add_annotation(
        text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font=dict(size=16, color=CONTEXT_GREY)
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return apply_house_style(fig).figure()


def breaks_in(frame: pd.DataFrame) -> list:
    """The periods of a frame (indexed by period) whose figure changes source or definition from the year before."""
    flags = frame.get("break_before", pd.Series(False, index=frame.index)).fillna(False).astype(bool)
    return list(frame.index[flags])


def mark_break(fig: FigureSpec, x: float, *, labelled: bool = True, row=None, col=None) -> None:
    """A dashed vertical line between two years (x is the half-way position), labelled "series break"."""
    fig.add_vline(x=x, line=dict(color=SECONDARY_TEXT, width=1.5, dash="dash"), row=row, col=col)
    if labelled:
        fig.add_annotation(
            x=x,
            y=1,
            yref="paper",
            text="series break",
            showarrow=False,
            xanchor="left",
            yanchor="top",
            font=dict(size=12, color=SECONDARY_TEXT),
        )


def label_end(fig: FigureSpec, *, x, y: float, text: str, colour: str) -> None:
    """A direct label beside a line's last point, so the legend is not the only key."""
    fig.add_annotation(x=x, y=y, text=text, showarrow=False, xanchor="left", xshift=8, font=dict(color=colour, size=13))


def split_dashed(values: pd.Series, status: pd.Series) -> tuple[pd.Series, pd.Series | None, pd.Series]:
    """(values for the solid line, values for the dotted segments or None, which points are not final).

    Estimated, budget or forecast figures are joined by dotted segments and drawn with open markers, so the
    difference shows by line style and marker, not colour alone."""
    dashed = status.isin(DASHED_STATUSES)
    if not dashed.any():
        return values, None, dashed
    touches = dashed | dashed.shift(1, fill_value=False) | dashed.shift(-1, fill_value=False)
    return values.where(~dashed), values.where(touches), dashed
