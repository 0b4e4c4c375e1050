"""A plotly figure gathered as plain dictionaries and validated once, at the end, by `go.Figure`.

Building a figure through plotly's objects validates every property each time it is set: `add_trace`,
`update_layout`, `add_annotation` and `add_vline` each walk and copy the figure, which made a trend chart cost
40-60 ms. Gathering the same description as dictionaries and handing it to `go.Figure` once validates it exactly
as strictly (a wrong property name or value still raises) for a fraction of that. The methods mirror the few of
`go.Figure` the charts use, so the theme's helpers take either.
"""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go


def merge(into: dict, update: Mapping) -> dict:
    """Update `into` in place, recursing into dictionaries (as `update_layout` does) rather than replacing them;
    dictionaries are copied in, never shared with the caller."""
    for key, value in update.items():
        if isinstance(value, Mapping):
            target = into.get(key)
            if not isinstance(target, dict):
                target = into[key] = {}
            merge(target, value)
        else:
            into[key] = value
    return into


def _suffix(cell: int) -> str:
    return "" if cell <= 1 else str(cell)


class FigureSpec:
    """Traces, layout, shapes and annotations as dictionaries; `figure()` makes the validated `go.Figure`.

    `layout` may start from a subplot grid (`make_subplots(...).layout.to_plotly_json()`), in which case
    `row`/`col` place traces, axes settings and lines in the cell, numbered across then down as plotly does.
    """

    def __init__(self, layout: Mapping | None = None, *, cols: int = 1) -> None:
        self.data: list[dict] = []
        self.layout: dict = merge({}, layout or {})
        self.layout["annotations"] = list(self.layout.get("annotations", ()))
        self.layout["shapes"] = list(self.layout.get("shapes", ()))
        self.cols = cols

    def _cell(self, row: int | None, col: int | None) -> int:
        return 1 if row is None else (row - 1) * self.cols + (col or 1)

    def add_trace(self, trace: Mapping, *, row: int | None = None, col: int | None = None) -> FigureSpec:
        trace = dict(trace)
        if row is not None:
            cell = _suffix(self._cell(row, col))
            trace.update(xaxis=f"x{cell}", yaxis=f"y{cell}")
        self.data.append(trace)
        return self

    def add_annotation(self, **annotation) -> FigureSpec:
        self.layout["annotations"].append(annotation)
        return self

    def add_shape(self, **shape) -> FigureSpec:
        self.layout["shapes"].append(shape)
        return self

    def add_vline(self, *, x, line: Mapping, row: int | None = None, col: int | None = None) -> FigureSpec:
        """A vertical line across the plot (or one cell of a grid) at x, as plotly's `add_vline` draws it."""
        cell = _suffix(self._cell(row, col))
        return self.add_shape(type="line", x0=x, x1=x, xref=f"x{cell}", y0=0, y1=1, yref=f"y{cell} domain", line=line)

    def update_layout(self, **layout) -> FigureSpec:
        merge(self.layout, layout)
        return self

    def update_xaxes(self, *, row: int | None = None, col: int | None = None, **axis) -> FigureSpec:
        return self.update_layout(**{f"xaxis{_suffix(self._cell(row, col))}": axis})

    def update_yaxes(self, *, row: int | None = None, col: int | None = None, **axis) -> FigureSpec:
        return self.update_layout(**{f"yaxis{_suffix(self._cell(row, col))}": axis})

    def figure(self) -> go.Figure:
        layout = {key: value for key, value in self.layout.items() if value != []}
        return go.Figure({"data": self.data, "layout": layout})
