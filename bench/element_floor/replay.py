"""Draw a recorded page again through Streamlit's own commands, from constant data: the same blocks (columns,
expanders, tabs, bordered containers), the same widgets with their labels, options and keys, the same tables (the
recorded Arrow data), charts (the recorded plotly figure, built once and cached, as the dashboard caches its
figures) and text. Nothing here calls the dashboard's code: what it costs is what Streamlit costs to draw the page.

The council picker ("area") chooses which recording is drawn; a council without a recording of its own draws the
first one, with figures and tables cached under its own name, so a council not seen before builds them anew."""

from __future__ import annotations

import io
import json
from pathlib import Path

import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from bench.element_floor import recording
from bench.element_floor.draw import ELEMENTS
from bench.widgets import user_key

NAV: dict = {}  # url path -> the element floor's st.Page, for page links (main.py fills it)
PAGES = {  # url path: title, as the dashboard's navigation lists them (tests/bench/test_element_floor.py checks)
    "profile": "Council profile",
    "trends": "Trends",
    "benchmark": "Benchmark",
    "reorganisation": "Reorganisation",
    "pack": "Report pack",
    "methods": "Data and methods",
    "upload": "Upload figures",
    "actions": "Action plans",
    "sources": "Data sources",
}


@st.cache_resource(max_entries=64)
def _recording(path: str) -> recording.Recording:
    return recording.load(Path(path))


@st.cache_resource(max_entries=64)
def _varying(directory: str, slug: str) -> frozenset:
    """Where the recorded councils' charts or tables differ: only those are cached per council (a table that is
    the same for every council, as on Data and methods, is built once, as the dashboard builds it once)."""
    recordings = [_recording(str(Path(directory) / n)) for n in recording.index(Path(directory)).get(slug, {}).values()]
    drawn: dict[tuple, set] = {}
    for rec in recordings:
        for path, node in rec.walk():
            if node.kind in ("plotly_chart", "dataframe", "table"):
                drawn.setdefault(path, set()).add(node.proto.SerializeToString())
    return frozenset(p for p, kinds in drawn.items() if len(kinds) > 1 or len(recordings) < 2)


def _chosen(slug: str) -> tuple[str, str, frozenset]:
    """(recording file, label, places that differ by council): the recording of the council chosen in the
    picker, or the page's first one."""
    directory = recording.folder()
    files = recording.index(directory).get(slug, {})
    label = st.session_state.get("area") or next(iter(files), "")
    name = files.get(label) or next(iter(files.values()), "")
    return (str(directory / name) if name else ""), label, _varying(str(directory), slug)


@st.cache_resource(max_entries=4096)
def figure(name: str, label: str, path: tuple) -> go.Figure:
    """A recorded chart as a plotly figure, cached by recording, council and place, like the dashboard's figures."""
    node = _node(name, path)
    return go.Figure(json.loads(node.proto.plotly_chart.spec))


@st.cache_resource(max_entries=4096)
def frame(name: str, label: str, path: tuple):
    """A recorded table as a DataFrame, cached by recording, council and place, like the dashboard's tables."""
    proto = _node(name, path).proto
    data = (proto.dataframe if proto.WhichOneof("type") == "dataframe" else proto.table).arrow_data.data
    return pa.ipc.open_stream(io.BytesIO(data)).read_all().to_pandas()


def _node(name: str, path: tuple) -> recording.Node:
    node = _recording(name).roots[path[0]]
    for index in path[1:]:
        node = node.children[index]
    return node


class Context:
    """What a drawing function needs: where the recording is, for whom, and a key for each widget."""

    def __init__(self, name: str, label: str, varying: frozenset):
        self.name, self._label, self.varying = name, label, varying

    def label(self, path: tuple) -> str:
        """The council a chart or table is cached for: none where every recorded council drew the same."""
        return self._label if path in self.varying else ""

    def key(self, proto, path: tuple) -> str:
        return user_key(getattr(proto, "id", "")) or "floor_" + "_".join(map(str, path))


def _columns(dg, node: recording.Node) -> list | None:
    """st.columns draws a horizontal flex container of column blocks: the same call again, or None."""
    children = node.ordered()
    if node.kind != "flex_container" or not children or any(c.kind != "column" for c in children):
        return None
    return dg.columns([c.proto.column.weight or 1 for c in children])


def _block(dg, node: recording.Node, ctx: Context, path: tuple) -> None:
    block, kind = node.proto, node.kind
    if (columns := _columns(dg, node)) is not None:
        for column, child, i in zip(columns, node.ordered(), sorted(node.children)):
            _draw_children(column, child, ctx, (*path, i))
        return
    if kind == "tab_container":
        tabs = dg.tabs([c.proto.tab.label for c in node.ordered()])
        for tab, child, i in zip(tabs, node.ordered(), sorted(node.children)):
            _draw_children(tab, child, ctx, (*path, i))
        return
    if kind == "expandable":
        inner = dg.expander(block.expandable.label, expanded=block.expandable.expanded)
    elif kind == "form":
        inner = dg.form(key=ctx.key(block, path), border=block.form.border)
    elif kind == "popover":
        inner = dg.popover(block.popover.label)
    elif kind == "vertical":
        inner = dg.container(border=block.vertical.border)
    elif kind == "flex_container":
        inner = dg.container(border=block.flex_container.border, horizontal=block.flex_container.direction == 2)
    else:
        inner = dg.container()
    _draw_children(inner, node, ctx, path)


def _draw_children(dg, node: recording.Node, ctx: Context, path: tuple, only=None) -> None:
    for i in sorted(node.children):
        child = node.children[i]
        if only is not None and not only(child):
            continue
        if child.is_block:
            _block(dg, child, ctx, (*path, i))
        elif (draw := ELEMENTS.get(child.kind)) is not None:
            draw(dg, getattr(child.proto, child.kind), ctx, (*path, i))


def shell(slug: str) -> None:
    """What the dashboard's main script draws around every page: the sidebar, and its notices and style."""
    name, label, varying = _chosen(slug)
    if not name:
        return
    rec, ctx = _recording(name), Context(name, label, varying)
    for root in sorted(rec.roots):
        dg = st.sidebar if root == 1 else st
        _draw_children(dg, rec.roots[root], ctx, (root,), only=lambda n, page=rec.page_hash: n.script != page)


def page(slug: str) -> None:
    """The page's own elements (those its script drew in the main area)."""
    name, label, varying = _chosen(slug)
    if not name:
        st.info(f"No recording of {PAGES[slug]} in {recording.folder()}: run the bench's pages section.")
        return
    rec, ctx = _recording(name), Context(name, label, varying)
    _draw_children(st, rec.roots.get(0, recording.Node()), ctx, (0,), only=lambda n: n.script == rec.page_hash)
