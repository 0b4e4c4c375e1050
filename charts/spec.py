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
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from copy import deepcopy

import numpy as np
import plotly.graph_objects as go
from _plotly_utils.basevalidators import CompoundArrayValidator, CompoundValidator, DataArrayValidator
from _plotly_utils.utils import is_homogeneous_array, is_skipped_key, plotlyjsShortTypes, to_typed_array_spec
from plotly.validator_cache import ValidatorCache


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


_ACCEPTED: dict[tuple, None] = {}  # shapes plotly has accepted in this process (property names only)
_MOST_SHAPES = 4096


def figure_of(description: dict) -> go.Figure:
    """`go.Figure(description)`, with the structure checked once per shape (see the module's notes)."""
    try:
        data = [_checked(trace, trace.get("type", "scatter")) for trace in description.get("data", ())]
        layout = _checked(description.get("layout", {}), "layout")
        shape = (tuple(s for _, s in data), layout[1])
    except Exception:  # a name plotly does not know, or a wrong value: go.Figure says which, as it would have
        shape = None
    if shape not in _ACCEPTED:
        figure = go.Figure(description)  # the whole figure, as plotly checks it
        if len(_ACCEPTED) >= _MOST_SHAPES:
            _ACCEPTED.clear()
        if shape is not None:
            _ACCEPTED[shape] = None
        return figure
    figure = go.Figure({"data": [d for d, _ in data], "layout": layout[0]}, _validate=False)
    figure._validate = figure.layout._validate = True  # later changes are checked as usual
    for trace in figure.data:
        trace._validate = True
    return figure


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
        elif isinstance(validator, DataArrayValidator) and _plain_array(value):
            out[name] = _read_only_copy(value)  # what the validator makes of the array, without its general checks
            shape.append(name)
        else:
            out[name] = validator.validate_coerce(value)
            shape.append(name)
    return out, tuple(shape)


def _plain_array(value) -> bool:
    """A numpy array of numbers, objects or dates: one whose copy plotly makes without converting it."""
    return type(value) is np.ndarray and value.dtype.kind in "uifOM"


def _read_only_copy(values: np.ndarray) -> np.ndarray:
    """A read-only copy of an array of numbers (contiguous), objects or dates: exactly what plotly's
    DataArrayValidator returns for one (its `copy_to_readonly_numpy_array` first asks narwhals whether the array
    is a data frame, a tenth of a millisecond an array)."""
    out = np.ascontiguousarray(values.copy()) if values.dtype.kind in "uif" else values.copy()
    out.flags["WRITEABLE"] = False
    return out


class FrozenFigure(go.Figure):
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


def described_as_sent(fig: go.Figure) -> dict:
    """`fig.to_dict()`: a deep copy of the figure's description with its arrays as plotly.js typed arrays (base 64),
    the same to the value, with a numpy array of numbers, objects or dates encoded directly (plotly first asks
    narwhals what each array is, a tenth of a millisecond an array)."""
    if fig._frame_objs:
        return fig.to_dict()
    described = {"data": deepcopy(fig._data), "layout": deepcopy(fig._layout)}
    _encode_arrays(described)
    return described


_SCALARS = (str, int, float, type(None))  # never arrays (plotly's is_homogeneous_array says no to each)


def _encode_arrays(obj) -> None:
    """plotly's `convert_to_base64`, in place."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            if isinstance(value, _SCALARS) or is_skipped_key(key):
                continue
            if _plain_array(value):
                obj[key] = _typed_array(_read_only_copy(value))
            elif is_homogeneous_array(value):
                obj[key] = to_typed_array_spec(value)
            else:
                _encode_arrays(value)
    elif isinstance(obj, (list, tuple)):
        for value in obj:
            _encode_arrays(value)


_NARROWER = {  # plotly.js has no 64-bit integers: plotly narrows them to the first of these that holds them
    "int64": [(np.int8, "int8"), (np.int16, "int16"), (np.int32, "int32")],
    "uint64": [(np.uint8, "uint8"), (np.uint16, "uint16"), (np.uint32, "uint32")],
}


def _typed_array(v: np.ndarray):
    """plotly's `to_typed_array_spec` of an array it has already copied read-only."""
    if v.size == 0:
        return v
    dtype = str(v.dtype)
    if dtype in _NARROWER:
        low, high = v.min(), v.max()
        narrower = next(
            (name for kind, name in _NARROWER[dtype] if np.iinfo(kind).min <= low and high <= np.iinfo(kind).max), None
        )
        if narrower is None:
            return v
        v = v.astype(narrower)
        dtype = narrower
    if dtype not in plotlyjsShortTypes:
        return v
    spec = {"dtype": plotlyjsShortTypes[dtype], "bdata": base64.b64encode(v).decode("ascii")}
    if v.ndim > 1:
        spec["shape"] = str(v.shape)[1:-1]
    return spec
