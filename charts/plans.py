"""Action-plan charts: a timeline of deadlines and progress over time, in the house style."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.spec import FigureSpec
from charts.theme import PALETTE, SECONDARY_TEXT, SYMBOLS, apply_house_style, wrap
from kpi.officers.plans import views as plan_views

# One colour and one marker per status, so the key does not rest on colour alone.
STATUS_STYLE = {
    "Completed": (PALETTE[1], SYMBOLS[0]),
    "Almost completed": (PALETTE[0], SYMBOLS[1]),
    "Ongoing": (PALETTE[3], SYMBOLS[2]),
    "Continuous": (PALETTE[5], SYMBOLS[3]),
    "Not started": (PALETTE[2], SYMBOLS[4]),
    "N/A": (SECONDARY_TEXT, SYMBOLS[5]),
}


def _titled(fig: FigureSpec, title: str, subtitle: str, note: str) -> go.Figure:
    fig.update_layout(
        title=dict(
            text=f"{title}<br><span style='font-size:15px;color:{SECONDARY_TEXT}'>{subtitle}</span>",
            y=0.96,
            yanchor="top",
            yref="container",
        ),
        margin=dict(t=150, b=80, l=70, r=40),
        legend=dict(orientation="h", x=0, xanchor="left", y=1.02, yanchor="bottom"),
    )
    fig.add_annotation(
        text=wrap(note, 80),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-40,
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        font=dict(size=12, color=SECONDARY_TEXT),
    )
    return apply_house_style(fig).figure()


def timeline_figure(timeline: pd.DataFrame, *, title: str, as_of: str, note: str) -> go.Figure:
    """Each action with a due date as a point on a date axis, one row per action; a line marks `as_of`."""
    fig = FigureSpec()
    # Action text is typed by officers: plotly renders some HTML tags in labels, so escape it all.
    text = {c: [html.escape(str(t)) for t in timeline[c]] for c in ("label", "deadline_text", "status_text")}
    labels, statuses, due = text["label"], timeline["status"].tolist(), timeline["due_date"].tolist()
    for status, (colour, symbol) in STATUS_STYLE.items():
        rows = [i for i, s in enumerate(statuses) if s == status]
        if not rows:
            continue
        fig.add_trace(
            dict(
                type="scatter",
                x=np.array([due[i] for i in rows], dtype=object),
                y=np.array([labels[i] for i in rows], dtype=object),
                mode="markers",
                name=status,
                marker=dict(size=12, color=colour, symbol=symbol, line=dict(color=colour, width=1)),
                customdata=np.array([[text["deadline_text"][i], text["status_text"][i]] for i in rows], dtype=object),
                hovertemplate="%{y}<br>Due %{x} (written: %{customdata[0]})<br>Status: %{customdata[1]}<extra></extra>",
            )
        )
    fig.add_vline(x=as_of, line=dict(color=SECONDARY_TEXT, width=1.5, dash="dash"))
    fig.add_annotation(
        x=as_of,
        y=0,
        yref="paper",
        text=f"as of {as_of}",
        showarrow=False,
        xanchor="left",
        yanchor="bottom",
        xshift=4,
        font=dict(size=12, color=SECONDARY_TEXT),
    )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels[::-1], automargin=True)
    fig.update_xaxes(type="date", title=None)
    fig.update_layout(height=max(360, 140 + 34 * len(labels)))
    return _titled(
        fig, title, "Deadlines of each action; points before the dashed line and not completed are overdue", note
    )


def progress_figure(progress: pd.DataFrame, *, title: str, note: str) -> go.Figure:
    """Stacked bars: how many actions had each status at every saved version of the plan."""
    fig = FigureSpec()
    x = [f"v{v} ({d})" for v, d in zip(progress["version_id"], progress["date"])]
    for status, (colour, _symbol) in STATUS_STYLE.items():
        if status in progress:
            fig.add_trace(
                dict(
                    type="bar",
                    x=x,
                    y=progress[status].to_numpy(),
                    name=status,
                    marker=dict(color=colour),
                    hovertemplate="%{x}<br>" + status + ": %{y}<extra></extra>",
                )
            )
    fig.update_layout(barmode="stack", height=440)
    fig.update_xaxes(type="category", title=None)
    fig.update_yaxes(title=dict(text="actions"))
    return _titled(fig, title, "Number of actions by status at each import or edit", note)


def plan_figures(
    plan: pd.DataFrame, progress: pd.DataFrame, name: str, as_of: str, *, timeline: pd.DataFrame | None = None
) -> tuple[go.Figure, go.Figure | None]:
    """The Action plans page's two charts of a plan version: its deadlines as of a date and its progress over the
    saved versions (`progress`: status counts per version, kpi.officers.plans.views.progress; no chart for fewer
    than two versions, since one bar shows no progress; `timeline`: the plan's timeline if worked out already)."""
    timeline = timeline_figure(
        plan_views.timeline(plan) if timeline is None else timeline,
        title=f"Action plan deadlines: {name}",
        as_of=as_of,
        note="Month deadlines are due at the month's end, years on 31 December, financial "
        "years on 31 March. Source: the council's action plan (council-supplied).",
    )
    if len(progress) < 2:
        return timeline, None
    figure = progress_figure(
        progress,
        title=f"Progress of the action plan: {name}",
        note="Each import or edit of the plan is a dated version.",
    )
    return timeline, figure
