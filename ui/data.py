"""The one caching boundary: the store is loaded and indexed once per process; views are cached by small keys."""
from __future__ import annotations

import streamlit as st

from charts.export import Exporter
from kpi import methods, narrative
from kpi.benchmark import BenchmarkRequest, BenchmarkView, benchmark_view
from kpi.csvexport import to_csv_bytes
from kpi.profile import Profile, profile
from kpi.store import Store
from kpi.views import TrendRequest, TrendView, trend_view


@st.cache_resource(show_spinner="Loading the data…")
def get_store() -> Store:
    return Store.load()


@st.cache_resource(show_spinner=False)
def get_exporter() -> Exporter:
    """One image exporter (one kaleido browser) per process; it serialises exports itself."""
    return Exporter()


@st.cache_data(max_entries=4, ttl=3600, show_spinner=False)
def cached_all_periods() -> tuple[str, ...]:
    """Every financial year any measure has a figure for."""
    return tuple(sorted(get_store().best["period"].unique().tolist()))


@st.cache_data(max_entries=512, ttl=3600, show_spinner=False)
def cached_trend_view(request: TrendRequest) -> TrendView:
    return trend_view(get_store(), request)


@st.cache_data(max_entries=512, ttl=3600, show_spinner=False)
def cached_benchmark_view(request: BenchmarkRequest) -> BenchmarkView:
    return benchmark_view(get_store(), request)


@st.cache_data(max_entries=512, ttl=3600, show_spinner=False)
def cached_profile(area_code: str, since: str) -> Profile:
    return profile(get_store(), area_code, since=since)


@st.cache_data(max_entries=512, ttl=3600, show_spinner=False)
def cached_narrative(area_code: str, since: str, group: str) -> tuple[str, ...]:
    return narrative.paragraph(get_store(), area_code, since=since, group=group)


@st.cache_data(max_entries=4, ttl=3600, show_spinner=False)
def cached_methods_tables() -> tuple:
    store = get_store()
    return methods.coverage(store), methods.reorganisations(store.catalogue)


@st.cache_data(max_entries=4, ttl=3600, show_spinner=False)
def cached_metric_sources():
    return methods.metric_sources(get_store())


@st.cache_resource(show_spinner=False)
def full_dataset_csv(name: str) -> bytes:
    """The tidy dataset and its catalogues as CSV (formula-safe), built once per process."""
    store = get_store()
    frames = {
        "observations": store.observations,
        "areas": store.catalogue.areas.reset_index(drop=True),
        "metrics": store.catalogue.metrics_table,
        "sources": store.catalogue.sources.reset_index(drop=True),
    }
    return to_csv_bytes(frames[name])
