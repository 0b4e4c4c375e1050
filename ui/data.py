"""The one caching boundary: the store is loaded and indexed once per snapshot version; views are cached by small keys.

The snapshot version is the modification time of its files, so a `python -m loaders refresh`, `import` or
`rollback` is picked up on the next rerun without restarting the server.
"""
from __future__ import annotations

import streamlit as st

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
