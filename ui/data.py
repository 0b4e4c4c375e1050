"""The one caching boundary: the store is loaded and indexed once per snapshot version; views and figures are
cached by small hashable keys (frozen dataclasses of ids and flags, and the version), never by DataFrames, and
every cache is bounded.

The snapshot version is the modification time of its files, so a `python -m loaders refresh`, `import` or
`rollback` is picked up on the next rerun without restarting the server.
"""
from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from charts.export import Exporter
from charts.trend import trend_figure_from_view
from kpi import methods, narrative
from kpi.benchmark import BenchmarkRequest, BenchmarkView, benchmark_view
from kpi.csvexport import to_csv_bytes
from kpi.profile import Profile, profile
from kpi.store import Store, snapshot_version
from kpi.views import TrendRequest, TrendView, trend_view


@st.cache_resource(show_spinner="Loading the data…", max_entries=2)
def _load_store(version: str) -> Store:
    return Store.load()


def get_store() -> Store:
    return _load_store(snapshot_version())


@st.cache_resource(show_spinner=False)
def get_exporter() -> Exporter:
    """One image exporter (one kaleido browser) per process; it serialises exports itself."""
    return Exporter()


@st.cache_data(max_entries=4, ttl=3600, show_spinner=False)
def _all_periods(version: str) -> tuple[str, ...]:
    return tuple(sorted(_load_store(version).best["period"].unique().tolist()))


def cached_all_periods() -> tuple[str, ...]:
    """Every financial year any measure has a figure for."""
    return _all_periods(snapshot_version())


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


@st.cache_data(max_entries=512, ttl=3600, show_spinner=False)
def _cached_benchmark_view(request: BenchmarkRequest, version: str) -> BenchmarkView:
    return benchmark_view(_load_store(version), request)


def cached_benchmark_view(request: BenchmarkRequest) -> BenchmarkView:
    return _cached_benchmark_view(request, snapshot_version())


@st.cache_data(max_entries=512, ttl=3600, show_spinner=False)
def _cached_profile(area_code: str, since: str, version: str) -> Profile:
    return profile(_load_store(version), area_code, since=since)


def cached_profile(area_code: str, since: str) -> Profile:
    return _cached_profile(area_code, since, snapshot_version())


@st.cache_data(max_entries=512, ttl=3600, show_spinner=False)
def _cached_narrative(area_code: str, since: str, group: str, version: str) -> tuple[str, ...]:
    return narrative.paragraph(_load_store(version), area_code, since=since, group=group)


def cached_narrative(area_code: str, since: str, group: str) -> tuple[str, ...]:
    return _cached_narrative(area_code, since, group, snapshot_version())


@st.cache_data(max_entries=4, ttl=3600, show_spinner=False)
def _methods_tables(version: str) -> tuple:
    store = _load_store(version)
    return methods.coverage(store), methods.reorganisations(store.catalogue)


def cached_methods_tables() -> tuple:
    return _methods_tables(snapshot_version())


@st.cache_data(max_entries=4, ttl=3600, show_spinner=False)
def _metric_sources(version: str):
    return methods.metric_sources(_load_store(version))


def cached_metric_sources():
    return _metric_sources(snapshot_version())


@st.cache_resource(max_entries=8, show_spinner=False)
def _full_dataset_csv(name: str, version: str) -> bytes:
    store = _load_store(version)
    frames = {
        "observations": store.observations,
        "areas": store.catalogue.areas.reset_index(drop=True),
        "metrics": store.catalogue.metrics_table,
        "sources": store.catalogue.sources.reset_index(drop=True),
    }
    return to_csv_bytes(frames[name])


def full_dataset_csv(name: str) -> bytes:
    """The tidy dataset and its catalogues as CSV (formula-safe), built once per snapshot version."""
    return _full_dataset_csv(name, snapshot_version())


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
