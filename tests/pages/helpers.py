import base64
import json
from html.parser import HTMLParser

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


def show_tables(at):
    """Switch on every chart's "Show as table" (a chart's table is drawn only while its switch is on)."""
    off = [t for t in at.toggle if t.label == "Show as table" and not t.value]
    for switch in off:
        switch.set_value(True)
    if off:
        at.run()
    return at


def dataframe_with(at, column):
    """The first st.dataframe on the page that has this column (pages add tables; positions move), every chart's
    table switched on first."""
    for frame in show_tables(at).dataframe:
        value = frame.value
        if column in value.columns or column == value.index.name:
            return value
    raise KeyError(f"no dataframe with column {column!r}")


class _Cards(HTMLParser):
    """Reads the profile's cards block: each card's label, value, change, notes, about and trend line's alt text."""

    FIELDS = {f"kpi-card-{name}": name for name in ("value", "change", "about")} | {"kpi-card-note": "notes"}

    def __init__(self):
        super().__init__()
        self.cards: dict[str, dict] = {}
        self.card: dict | None = None
        self.field: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        css = (attrs.get("class") or "").split()
        if "kpi-card" in css:
            self.card = {"label": "", "value": "", "change": "", "notes": [], "about": "", "line": ""}
        elif tag in ("h2", "summary"):  # the disclosure's "About this figure" is not read into `about`
            self.field = "label" if tag == "h2" else None
        elif tag == "img":
            self.card["line"] = attrs.get("alt", "")
        elif css and css[0] in self.FIELDS:
            self.field = self.FIELDS[css[0]]
            if self.field == "notes":
                self.card["notes"].append("")

    def handle_endtag(self, tag):
        if tag in ("h2", "details") or (tag == "p" and self.field != "about"):
            self.field = None
        elif tag == "summary":
            self.field = "about"
        elif tag == "section":
            self.cards[self.card["label"]] = self.card

    def handle_data(self, data):
        if self.field == "notes":
            self.card["notes"][-1] += data
        elif self.field:
            self.card[self.field] += data


def cards(at) -> dict[str, dict]:
    """The profile's cards (one HTML block, charts/cards.py) by label, as the page shows them."""
    reader = _Cards()
    reader.feed(next(el.proto.body for el in at.get("html") if 'class="kpi-cards"' in el.proto.body))
    return reader.cards
