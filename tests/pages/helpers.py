import base64
import json

import numpy as np


def chart_specs(at):
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def decode(values):
    """Plotly sends numeric arrays as {"dtype", "bdata"}; lists come through as they are."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])).tolist()
    return values


def trace(spec, name):
    for t in spec["data"]:
        if t.get("name") == name:
            return t
    raise KeyError(f"no trace {name!r} in {[t.get('name') for t in spec['data']]}")


def title(spec):
    return spec["layout"]["title"]["text"].split("<br>")[0]


def dataframe_with(at, column):
    """The first st.dataframe on the page that has this column (pages add tables; positions move)."""
    for frame in at.dataframe:
        value = frame.value
        if column in value.columns or column == value.index.name:
            return value
    raise KeyError(f"no dataframe with column {column!r}")
