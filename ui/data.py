"""The one caching boundary: the store is loaded and indexed once per process; views are cached by small keys."""
from __future__ import annotations

import streamlit as st

from kpi.store import Store
from kpi.views import TrendRequest, TrendView, trend_view


@st.cache_resource(show_spinner="Loading the data…")
def get_store() -> Store:
    return Store.load()


@st.cache_data(max_entries=512, ttl=3600, show_spinner=False)
def cached_trend_view(request: TrendRequest) -> TrendView:
    return trend_view(get_store(), request)
