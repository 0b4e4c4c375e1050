"""The house template: Analysis Function palette, focus versus grey, plain sans-serif type."""
from __future__ import annotations

import textwrap

import plotly.graph_objects as go
import plotly.io as pio

PALETTE = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]
FOCUS = "#12436D"
CONTEXT_GREY = "#BFBFBF"
COUNCIL_SUPPLIED = "#801650"   # council-supplied series: their own colour, long dashes and diamond markers
TEXT = "#0B0C0C"
SECONDARY_TEXT = "#505A5F"   # 7:1 on white
GRID = "#E5E5E5"
BAND_FILL = "rgba(191, 191, 191, 0.45)"
MEDIAN_LINE = "#505A5F"
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
# Distinguish series by more than colour (WCAG 1.4.1): each has its own dash and marker too.
DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star"]

TEMPLATE_NAME = "analysis_function"

_template = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT, size=15, color=TEXT),
        colorway=PALETTE,
        paper_bgcolor="white",
        plot_bgcolor="white",
        title=dict(x=0, xanchor="left", font=dict(size=20, color=TEXT)),
        xaxis=dict(showgrid=False, linecolor=TEXT, ticks="outside", tickcolor=TEXT, zeroline=False,
                   title=dict(font=dict(size=14, color=SECONDARY_TEXT))),
        yaxis=dict(gridcolor=GRID, zeroline=False, linecolor=TEXT, ticks="", title=dict(font=dict(size=14, color=SECONDARY_TEXT))),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left", font=dict(size=14),
                    bgcolor="rgba(255,255,255,0)"),
        hoverlabel=dict(font=dict(family=FONT, size=14)),
        margin=dict(l=70, r=30, t=110, b=90),
    )
)
pio.templates[TEMPLATE_NAME] = _template


def apply_house_style(fig: go.Figure) -> go.Figure:
    """Set the template on the figure itself, so an export looks like the screen whatever the global default."""
    fig.update_layout(template=pio.templates[TEMPLATE_NAME])
    return fig


def wrap(text: str, width: int) -> str:
    """Break long subtitles and notes onto lines, since plotly does not wrap text itself."""
    return "<br>".join(textwrap.wrap(text, width)) if text else ""


NOTE_WIDTH = 150        # characters per line of a note (fits the 1600 px export and the page)
NOTE_LINE_PX = 16       # height of one 12 px line of note text
LEGEND_PX = 42          # a one-row legend pinned to the bottom of the figure


def add_notes(fig: go.Figure, notes: list[str], *, below_axis_px: int) -> int:
    """Put the notes (source, release, "data as of") under the x axis; return the bottom margin they and a
    bottom legend need, so a long source list never runs into the legend."""
    text = "<br>".join(wrap(n, NOTE_WIDTH) for n in notes if n)
    fig.add_annotation(text=text, xref="paper", yref="paper", x=0, y=0, yshift=-below_axis_px, xanchor="left",
                       yanchor="top", showarrow=False, align="left", font=dict(size=12, color=SECONDARY_TEXT))
    return below_axis_px + NOTE_LINE_PX * (text.count("<br>") + 1) + LEGEND_PX
