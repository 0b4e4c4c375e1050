"""The one caching boundary: the store is loaded and indexed once per snapshot version; views and figures are
cached by small hashable keys (frozen dataclasses of ids and flags, and the version), never by DataFrames, and
every cache is bounded.

The snapshot version is the modification time of its files, so a `python -m loaders refresh`, `import` or
`rollback` is picked up on the next rerun without restarting the server.
"""
from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from charts.trend import trend_figure_from_view
from kpi.store import Store, snapshot_version
from kpi.views import TrendRequest, TrendView, trend_view


@st.cache_resource(show_spinner="Loading the data…", max_entries=2)
def _load_store(version: str) -> Store:
    return Store.load()


def get_store() -> Store:
    return _load_store(snapshot_version())


@st.cache_data(max_entries=512, ttl=3600, show_spinner=False)
def _cached_trend_view(request: TrendRequest, version: str) -> TrendView:
    return trend_view(_load_store(version), request)


def cached_trend_view(request: TrendRequest) -> TrendView:
    return _cached_trend_view(request, snapshot_version())


# Figures are cached as objects (cache_resource): unpickling a plotly figure re-validates it, which costs as
# much as building it. Callers must not mutate the returned figure.
@st.cache_resource(max_entries=256, ttl=3600, show_spinner=False)
def _cached_trend_figure(request: TrendRequest, version: str) -> go.Figure:
    return trend_figure_from_view(_cached_trend_view(request, version))


def cached_trend_figure(request: TrendRequest) -> go.Figure:
    return _cached_trend_figure(request, snapshot_version())


@st.cache_resource(max_entries=2, show_spinner=False)
def _area_options(version: str) -> tuple[list[str], dict[str, str]]:
    areas = _load_store(version).catalogue.areas.sort_values(["current", "area_name"], ascending=[False, True])
    labels = {}
    for rec in areas.to_dict("records"):
        label = f"{rec['area_name']} ({rec['area_code']})"
        if not rec["current"]:
            label += f" – abolished {rec['end_date'][:4]}" if rec["end_date"] else " – abolished"
        labels[rec["area_code"]] = label
    return list(labels), labels


def area_options() -> tuple[list[str], dict[str, str]]:
    """Council codes for pickers, current councils first, and their labels 'Name (GSS code)'."""
    return _area_options(snapshot_version())
