"""A plotly figure gathered as plain dictionaries and validated once, at the end, by `go.Figure`.

Building a figure through plotly's objects validates every property each time it is set: `add_trace`,
`update_layout`, `add_annotation` and `add_vline` each walk and copy the figure, which made a trend chart cost
40-60 ms. Gathering the same description as dictionaries and handing it to `go.Figure` once validates it exactly
as strictly (a wrong property name or value still raises) for a fraction of that. The methods mirror the few of
`go.Figure` the charts use, so the theme's helpers take either.

Most of what is left is plotly building an object per trace, annotation and axis to check the figure's structure,
which is the same for every council drawn in the same shape (the same traces, annotations and properties, in the
same order). So a shape plotly has accepted once in this process is not walked as objects again: each value is
checked and converted by the validator of its property, as `go.Figure` would (a wrong value still raises), and the
figure is made from the result without checking it a second time (`figure_of`). The shapes remembered are only
the names of properties, never figures or data; nothing in them can go stale.

A figure that is only drawn needs no plotly objects at all: st.plotly_chart asks a cached figure for its
description (FrozenFigure), which can be made from the checked one directly (charts.sent.described). So where the
first figure of a shape described that way is sent exactly as plotly's own figure of it is, later figures of that
shape come as a LazyFigure, which makes its plotly objects only if something other than drawing asks for them
(a download, a report pack, a test reading its layout).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

import plotly.graph_objects as go
from _plotly_utils.basevalidators import CompoundArrayValidator, CompoundValidator, DataArrayValidator
from plotly.validator_cache import ValidatorCache

from charts.sent import described, described_as_sent, plain_array, read_only_copy, same_when_sent


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
        return figure_of({"data": self.data, "layout": layout})


# Shapes plotly has accepted in this process (property names only), and whether a figure of the shape is sent as
# its checked description describes it (then it comes as a LazyFigure).
_ACCEPTED: dict[tuple, bool] = {}
_MOST_SHAPES = 4096


def figure_of(description: dict) -> go.Figure:
    """`go.Figure(description)`, with the structure checked once per shape (see the module's notes)."""
    try:
        data = [_checked(trace, trace.get("type", "scatter")) for trace in description.get("data", ())]
        layout = _checked(description.get("layout", {}), "layout")
        shape = (tuple(s for _, s in data), layout[1])
    except Exception:  # a name plotly does not know, or a wrong value: go.Figure says which, as it would have
        shape = None
    direct = _ACCEPTED.get(shape) if shape is not None else None
    checked = None if shape is None else {"data": [d for d, _ in data], "layout": layout[0]}
    if direct is None:
        figure = go.Figure(description)  # the whole figure, as plotly checks it
        if len(_ACCEPTED) >= _MOST_SHAPES:
            _ACCEPTED.clear()
        if checked is not None:
            _ACCEPTED[shape] = same_when_sent(described(checked), described_as_sent(figure))
        return figure
    return LazyFigure.of(checked) if direct else _made(go.Figure.__new__(go.Figure), checked)


def _made(figure: go.Figure, checked: dict) -> go.Figure:
    """`figure` made from a checked description without checking it again; later changes are checked as usual."""
    go.Figure.__init__(figure, checked, _validate=False)
    figure._validate = figure.layout._validate = True
    for trace in figure.data:
        trace._validate = True
    return figure


class LazyFigure(go.Figure):
    """A figure whose plotly objects are made from its checked description the first time anything asks for one of
    its attributes (all of a figure's state is attributes that are not there before), and a go.Figure after that.
    Until then, `described_as_sent` and `frozen` describe it from the checked description alone. A cached figure is
    shared by every session: one thread makes its objects while any other that asks waits for them."""

    @classmethod
    def of(cls, checked: dict) -> LazyFigure:
        figure = cls.__new__(cls)
        figure.__dict__["_checked"] = checked
        return figure

    def __getattr__(self, name: str):
        state = self.__dict__
        if "_checked" not in state or state.get("_making") == threading.get_ident():
            raise AttributeError(name)  # made already, or being made by this thread: missing as on any figure
        with _MAKING:
            if "_checked" in state:  # not made by another thread meanwhile
                state["_making"] = threading.get_ident()
                try:
                    _made(self, state["_checked"])
                finally:
                    del state["_making"]
                del state["_checked"]
        return getattr(self, name)


_MAKING = threading.Lock()


def _checked(obj: Mapping, path: str) -> tuple[dict, tuple]:
    """(the properties of `obj` as plotly's validators make them, its shape: the property names, nested)."""
    out, shape = {}, []
    for name, value in obj.items():
        if value is None:
            continue  # plotly leaves a property given as None unset
        validator = ValidatorCache.get_validator(path, name)
        if isinstance(validator, CompoundArrayValidator) and isinstance(value, (list, tuple)):
            items = [_checked(item, validator.data_class._path_str) for item in value]
            out[name] = [item for item, _ in items]
            shape.append((name, tuple(s for _, s in items)))
        elif isinstance(validator, CompoundValidator) and isinstance(value, Mapping):
            out[name], inner = _checked(value, validator.data_class._path_str)
            shape.append((name, inner))
        elif isinstance(validator, DataArrayValidator) and plain_array(value):
            out[name] = read_only_copy(value)  # what the validator makes of the array, without its general checks
            shape.append(name)
        else:
            out[name] = _coerced(validator, path, name, value)
            shape.append(name)
    return out, tuple(shape)


# What plotly's validators made of scalar values (text, numbers, true or false) by property and type: a chart's
# colours, fonts, modes and labels recur in every council's chart, and checking one costs a validator's whole path.
_COERCED: dict[tuple, object] = {}
_MOST_COERCED = 65536
_SCALARS = (str, int, float, bool)


def _coerced(validator, path: str, name: str, value):
    """`validator.validate_coerce(value)`, remembered for a scalar value (an immutable result, so shareable)."""
    if type(value) not in _SCALARS:
        return validator.validate_coerce(value)
    key = (path, name, type(value), value)
    found = _COERCED.get(key, _COERCED)
    if found is _COERCED:
        found = validator.validate_coerce(value)
        if len(_COERCED) >= _MOST_COERCED:
            _COERCED.clear()
        _COERCED[key] = found
    return found


class FrozenFigure(LazyFigure):
    """A figure nobody changes any more (a cached one): its description is made once, when it is frozen, so drawing
    it again costs no copy of it (st.plotly_chart asks for it twice a run). Changing it afterwards is a mistake its
    description would not show."""

    def to_dict(self) -> dict:
        described = self.__dict__.get("_described")
        if described is None:  # a copy (copy.deepcopy, pickle) is made afresh, as a figure
            return super().to_dict()
        return {**described, "data": [dict(trace) for trace in described["data"]]}  # a reader may pop a trace's uid


def frozen(fig: go.Figure) -> go.Figure:
    """The figure itself, frozen (FrozenFigure): callers must not change it."""
    described = described_as_sent(fig)
    fig.__class__ = FrozenFigure
    fig.__dict__["_described"] = described
    return fig
