"""The one caching boundary: the store is loaded and indexed once per process; views and figures are cached by
small hashable keys (frozen dataclasses of ids and flags), never by DataFrames, and every cache is bounded."""
from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from charts.trend import trend_figure_from_view
from kpi.store import Store
from kpi.views import TrendRequest, TrendView, trend_view


@st.cache_resource(show_spinner="Loading the data…")
def get_store() -> Store:
    return Store.load()


@st.cache_data(max_entries=512, ttl=3600, show_spinner=False)
def cached_trend_view(request: TrendRequest) -> TrendView:
    return trend_view(get_store(), request)


# Figures are cached as objects (cache_resource): unpickling a plotly figure re-validates it, which costs as
# much as building it. Callers must not mutate the returned figure.
@st.cache_resource(max_entries=256, ttl=3600, show_spinner=False)
def cached_trend_figure(request: TrendRequest) -> go.Figure:
    return trend_figure_from_view(cached_trend_view(request))


@st.cache_resource(show_spinner=False)
def area_options() -> tuple[list[str], dict[str, str]]:
    """Council codes for pickers, current councils first, and their labels 'Name (GSS code)'."""
    areas = get_store().catalogue.areas.sort_values(["current", "area_name"], ascending=[False, True])
    labels = {}
    for rec in areas.to_dict("records"):
        label = f"{rec['area_name']} ({rec['area_code']})"
        if not rec["current"]:
            label += f" – abolished {rec['end_date'][:4]}" if rec["end_date"] else " – abolished"
        labels[rec["area_code"]] = label
    return list(labels), labels
