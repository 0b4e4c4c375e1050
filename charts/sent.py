"""What st.plotly_chart sends for a figure: its description as plotly's `to_dict` makes it, arrays as plotly.js typed
arrays (base 64), made once for a cached figure (charts.spec.frozen) rather than on every rerun."""

from __future__ import annotations

import base64
import json
from copy import deepcopy

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from _plotly_utils.utils import (
    PlotlyJSONEncoder,
    is_homogeneous_array,
    is_skipped_key,
    plotlyjsShortTypes,
    to_typed_array_spec,
)


def plain_array(value) -> bool:
    """A numpy array of numbers, objects or dates: one whose copy plotly makes without converting it."""
    return type(value) is np.ndarray and value.dtype.kind in "uifOM"


def read_only_copy(values: np.ndarray) -> np.ndarray:
    """A read-only copy of an array of numbers (contiguous), objects or dates: exactly what plotly's
    DataArrayValidator returns for one (its `copy_to_readonly_numpy_array` first asks narwhals whether the array
    is a data frame, a tenth of a millisecond an array)."""
    out = np.ascontiguousarray(values.copy()) if values.dtype.kind in "uif" else values.copy()
    out.flags["WRITEABLE"] = False
    return out


def described_as_sent(fig: go.Figure) -> dict:
    """`fig.to_dict()`: a deep copy of the figure's description with its arrays as plotly.js typed arrays (base 64),
    the same to the value, with a numpy array of numbers, objects or dates encoded directly (plotly first asks
    narwhals what each array is, a tenth of a millisecond an array). A figure whose plotly objects are not made yet
    (charts.spec.LazyFigure) is described from its checked description, without making them."""
    checked = fig.__dict__.get("_checked")
    if checked is not None:
        return described(checked)
    if fig._frame_objs:
        return fig.to_dict()
    return {"data": _copied(fig._data), "layout": _copied(fig._layout)}


def described(checked: dict) -> dict:
    """What `go.Figure(checked).to_dict()` gives for a description plotly's validators have made (charts.spec's
    `_checked`): a copy with its arrays encoded, and plotly's default template added to a layout without one, as
    go.Figure adds it. That template is one description shared by every figure described here: it is the same for
    all of them and nobody changes a figure's description once it is made (charts.spec.FrozenFigure)."""
    out = _copied(checked)
    layout = out.setdefault("layout", {})
    if layout.get("template") is None and pio.templates.default is not None:
        layout["template"] = _default_template()
    return out


_TEMPLATES: dict[tuple, dict] = {}


def _default_template() -> dict:
    """plotly's default template as go.Figure puts it in a layout, described once while it stays the default."""
    template = pio.templates.default
    template = template if isinstance(template, go.layout.Template) else pio.templates[template]
    key = (pio.templates.default if isinstance(pio.templates.default, str) else "", id(template))
    if key not in _TEMPLATES:
        _TEMPLATES.clear()
        _TEMPLATES[key] = _copied(template.to_plotly_json())
    return _TEMPLATES[key]


def same_when_sent(ours: dict, theirs: dict) -> bool:
    """Whether two descriptions are sent as the same JSON (the order of keys aside)."""
    as_json = [json.dumps(d, cls=PlotlyJSONEncoder, sort_keys=True) for d in (ours, theirs)]
    return as_json[0] == as_json[1]


_SCALARS = (str, int, float, type(None))  # never arrays (plotly's is_homogeneous_array says no to each)


def _copied(obj):
    """deepcopy(obj) with plotly's `convert_to_base64` done to the copy, in one walk: each array that is a value
    of a dictionary (not under a key plotly skips) as a typed array where plotly.js has one."""
    if isinstance(obj, dict):
        out = {}
        for key, value in obj.items():
            if isinstance(value, _SCALARS):
                out[key] = value
            elif is_skipped_key(key):
                out[key] = deepcopy(value)
            elif plain_array(value):
                out[key] = _typed_array(read_only_copy(value))
            elif is_homogeneous_array(value):
                out[key] = to_typed_array_spec(value)
            else:
                out[key] = _copied(value)
        return out
    if isinstance(obj, list):
        return [_copied(value) for value in obj]
    if isinstance(obj, tuple):
        return tuple(_copied(value) for value in obj)
    return deepcopy(obj)


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
