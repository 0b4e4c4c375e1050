"""Reorganisation options: a bar chart per measure (a bar per proposed council, grouped under its option; bars start at
zero; the population guide as a dashed line, for context) and a chart per option of its parts' Band D for the new
council's functions. Estimated figures and the district's element are hatched, so nothing is told by colour alone.
Names typed into options are escaped before plotly draws them (it reads a little HTML in text)."""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go

from charts.spec import FigureSpec
from charts.theme import (
    BOTTOM_LEGEND,
    FOCUS,
    MEDIAN_LINE,
    PALETTE,
    SECONDARY_TEXT,
    add_notes,
    apply_house_style,
    scale_for,
    title_block,
    wrap,
)
from kpi.core.formatting import format_value

HATCHED = dict(shape="/", bgcolor="white", solidity=0.45)


LEGEND_ROW_PX = 22


def _layout(fig: FigureSpec, *, title: str, subtitle: str, note: str, axis: str, extra: tuple[str, ...] = ()) -> None:
    """Title and subtitle, a category axis of options and their proposed councils, the notes under it and the legend
    one entry a row beneath them (so a narrow screen never folds it over the notes)."""
    shown = wrap(subtitle, 120)
    fig.update_layout(
        title=title_block(escape(title), shown),
        xaxis=dict(type="multicategory", tickfont=dict(size=13)),
        yaxis=dict(title=dict(text=axis), rangemode="tozero", tickformat=",~f"),
        barmode="stack",
        showlegend=True,
        legend=dict(BOTTOM_LEGEND, orientation="v"),
        bargap=0.35,
    )
    entries = sum(1 for trace in fig.data if trace.get("showlegend", True))
    bottom = add_notes(fig, [*map(escape, extra), note], below_axis_px=90) + LEGEND_ROW_PX * max(entries - 1, 0)
    fig.update_layout(height=420 + bottom, margin=dict(t=100 + 22 * shown.count("<br>"), b=bottom, l=80, r=90))


def _names(values) -> list[str]:
    return [escape(str(v)) for v in values]


def _bars(fig: FigureSpec, name: str, x: list, y: list, colour: str, *, hatched: bool, **more) -> None:
    """A bar trace in one colour, hatched where it must stand apart by more than colour."""
    pattern = dict(HATCHED, fgcolor=colour) if hatched else {}
    marker = dict(color=colour, line=dict(color=colour, width=1.5), **({"pattern": pattern} if hatched else {}))
    fig.add_trace(dict(type="bar", name=name, x=x, y=y, marker=marker, **more))


def measure_figure(block) -> go.Figure:
    """The figures of one measure (a kpi.views.options.view.MeasureBlock)."""
    table = block.table
    factor, axis = scale_for(block.unit_label, table["value"])
    fig = FigureSpec()
    estimated = table["status"] == "estimated"
    x = [_names(table["option"]), _names(table["proposed_council"])]  # every bar in each trace: options keep order
    text = [format_value(v, block.unit_label) if v == v else "no figure" for v in table["value"]]
    for name, mine, hatched in (
        ("Whole councils added up", ~estimated, False),
        ("Estimated: includes a share of a county, or stated shares", estimated, True),
    ):
        if mine.any():
            y = [v if m else None for v, m in zip(table["value"].fillna(0) / factor, mine)]
            shown = [s if m else "" for s, m in zip(text, mine)]
            _bars(
                fig,
                name,
                x,
                y,
                FOCUS,
                hatched=hatched,
                text=shown,
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{x}: %{text}<extra></extra>",
            )
    if block.guide:
        _guide(fig, block.guide / factor, format_value(block.guide, block.unit_label))
    rows = zip(table["option"], table["proposed_council"], table["reason"])
    gaps = tuple(f"No figure for {p} ({o}): {r}." for o, p, r in rows if r)
    if block.behind:
        gaps += (f"Older figures: {block.period} is {block.years_behind} years behind the newest ({block.newest}).",)
    _layout(fig, title=block.title, subtitle=block.subtitle, note=block.source_note, axis=axis, extra=gaps)
    return apply_house_style(fig).figure()


def _guide(fig: FigureSpec, y: float, text: str) -> None:
    fig.add_shape(type="line", xref="paper", x0=0, x1=1, y0=y, y1=y, line=dict(color=MEDIAN_LINE, width=2, dash="dash"))
    fig.add_annotation(
        xref="paper", x=1, y=y, text="guide", showarrow=False, xanchor="left", font=dict(size=12, color=SECONDARY_TEXT)
    )
    fig.add_trace(
        dict(
            type="scatter",
            x=[None],
            y=[None],
            mode="lines",
            name=f"Dashed line: {text}, the guide in the English Devolution white paper (December 2024), as context",
            line=dict(color=MEDIAN_LINE, width=2, dash="dash"),
            hoverinfo="skip",
        )
    )


def tax_figure(block) -> go.Figure:
    """One option's parts' Band D (a kpi.views.options.council_tax.TaxBlock): the county's element, the council's own
    (hatched) on it, each part's Band D under its name, and the proposed council's tax-base weighted average as a
    marker."""
    parts = block.parts
    fig = FigureSpec()
    labels = [f"{c}<br>£{v:,.2f}" for c, v in zip(parts["council"], parts["band_d"])]  # each part's Band D, named
    x = [_names(parts["proposed_council"]), labels]
    _bars(
        fig,
        "County's element",
        x,
        list(parts["county_band_d"]),
        PALETTE[1],
        hatched=False,
        hovertemplate="%{x}: county's element £%{y:,.2f}<extra></extra>",
    )
    _bars(
        fig,
        "Own element (a unitary: its whole Band D)",
        x,
        list(parts["own_band_d"]),
        FOCUS,
        hatched=True,
        hovertemplate="%{x}: own element £%{y:,.2f}<extra></extra>",
    )
    average = parts["proposed_council"].map(block.sums.set_index("proposed_council")["average"])
    fig.add_trace(
        dict(
            type="scatter",
            mode="markers",
            name="Tax-base weighted average",
            x=x,
            y=list(average),
            marker=dict(symbol="line-ew-open", size=34, color=SECONDARY_TEXT, line=dict(width=3)),
            hovertemplate="%{x}: weighted average £%{y:,.2f}<extra></extra>",
        )
    )
    gaps = tuple(
        f"{p}: not worked out, {r}." for p, r in zip(block.sums["proposed_council"], block.sums["reason"]) if r
    )
    _layout(fig, title=block.title, subtitle=block.subtitle, note=block.source_note, axis="£ Band D", extra=gaps)
    return apply_house_style(fig).figure()


def figures(view) -> dict[str, go.Figure]:
    """Every chart of an options view, by key: the measure's id, or "tax:<option>"."""
    out = {block.metric_id: measure_figure(block) for block in view.measures}
    out.update({f"tax:{block.option}": tax_figure(block) for block in view.tax})
    return out
