"""Cached view objects and figures: the other half of the caching boundary (ui/data.py holds the stores).

Every result is cached by small hashable keys plus the data key, never by DataFrames, and every cache is bounded.
Figures and results nobody can change (frozen dataclasses, Arrow tables: the form st.dataframe sends) are cached as
objects (cache_resource; callers must not mutate them); results holding DataFrames are copied (cache_data).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from admin import reorganisations as admin_reorganisations
from admin import sources as admin_sources
from charts.benchmark import strip_figure_from_view
from charts.cards import cards_html
from charts.multiples import multiples_figure_from_views
from charts.options import figures as options_figures
from charts.plans import plan_figures
from charts.spec import frozen
from charts.trend import trend_figure_from_view
from kpi.calc.comparators import ComparatorGroup, ComparatorSet, comparator_set
from kpi.calc.options.model import OptionSet
from kpi.core.safecsv import to_csv_bytes
from kpi.model.source_status import failed_refreshes_from_log, status_table
from kpi.officers.figures import flow as upload_flow
from kpi.officers.plans import flow as plan_flow
from kpi.officers.plans import views as plan_views
from kpi.storage.figures import FigureStore
from kpi.storage.plans import PlanStore
from kpi.storage.snapshots import VersionInfo
from kpi.views import methods, narrative
from kpi.views.benchmark import BenchmarkRequest, BenchmarkView, benchmark_view
from kpi.views.chart_table import formatted
from kpi.views.multiples import MultiplesView, multiples_view
from kpi.views.options.view import OptionsView, options_view
from kpi.views.pack import inputs as pack_inputs
from kpi.views.profile import Profile, profile
from kpi.views.trend import TrendRequest, TrendView, trend_view
from ui.cache_keys import KEYS, by_name
from ui.data import DataKey, data_key, get_database, log_stamp, plan_at, snapshot_backend, status_log, store_for
from ui.keyed import Later, arrow, arrow_of, with_data_key, with_db_url


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=4, ttl=3600, show_spinner=False))
def _all_periods(key: DataKey) -> tuple[str, ...]:
    return tuple(sorted(store_for(key).best["period"].unique().tolist()))


# Every financial year any measure has a figure for.
cached_all_periods = with_data_key(_all_periods)


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=256, ttl=3600, show_spinner=False))
def _cached_trend(request: TrendRequest, key: DataKey) -> tuple[TrendView, go.Figure, Later]:
    view = trend_view(store_for(key), request)
    return view, frozen(trend_figure_from_view(view)), Later(lambda: arrow(view.display))


# A trend: its view, figure and table as shown (Arrow, made when first shown); callers must not mutate them.
cached_trend = with_data_key(_cached_trend)


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=64, ttl=3600, show_spinner=False))
def _cached_multiples(requests: tuple[TrendRequest, ...], key: DataKey) -> tuple[MultiplesView, go.Figure]:
    view = multiples_view(store_for(key), requests)
    fig = multiples_figure_from_views(view.views, area_name=view.area_name, source_note=view.source_note)
    return view, frozen(fig)


# Small multiples of several measures: the view and its figure (callers must not mutate either).
cached_multiples = with_data_key(_cached_multiples)


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=256, ttl=3600, show_spinner=False))
def _cached_benchmark(request: BenchmarkRequest, key: DataKey) -> tuple[BenchmarkView, go.Figure, Later]:
    view = benchmark_view(store_for(key), request)
    return view, frozen(strip_figure_from_view(view)), Later(lambda: arrow(formatted(view.table, view.unit_label)))


# A benchmark: its view, strip chart and the table as shown (Arrow, made when first shown; the view's table of
# numbers is made when first asked for); callers must not mutate them.
cached_benchmark = with_data_key(_cached_benchmark)


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=32, ttl=3600, show_spinner=False))
def _cached_options(options: OptionSet, key: DataKey) -> tuple[OptionsView, dict[str, go.Figure]]:
    view = options_view(store_for(key), options)
    return view, {name: frozen(fig) for name, fig in options_figures(view).items()}


# Reorganisation options: the view and its charts by key (a measure's id, "tax:<option>"); callers must not mutate.
cached_options = with_data_key(_cached_options)


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=512, ttl=3600, show_spinner=False))
def _cached_profile(area_code: str, since: str, to: str, key: DataKey) -> tuple[Profile, Later, str]:
    found = profile(store_for(key), area_code, since=since, to=to)
    return found, Later(lambda: arrow(found.table())), cards_html(found.cards, store_for(key).catalogue)


# The council's profile, its cards as a table (Arrow, made when first shown) and as one block of HTML
# (charts/cards.py).
cached_profile = with_data_key(_cached_profile)


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=512, ttl=3600, show_spinner=False))
def _cached_narrative(area_code: str, since: str, to: str, group: ComparatorGroup, key: DataKey) -> tuple[str, ...]:
    return narrative.paragraph(store_for(key), area_code, since=since, to=to, group=group)


cached_narrative = with_data_key(_cached_narrative)


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=512, ttl=3600, show_spinner=False))
def _cached_comparators(area_code: str, group: ComparatorGroup, key: DataKey) -> ComparatorSet:
    return comparator_set(store_for(key), area_code, group)


# The council's comparators for a group (no measure chosen), with the label and note the sidebar shows.
cached_comparators = with_data_key(_cached_comparators)


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=64, ttl=3600, show_spinner=False))
def _pack_measures(area_code: str, since: str, key: DataKey) -> tuple[tuple[str, ...], dict[str, str]]:
    store = store_for(key)
    labels = {k: spec.label for k, spec in pack_inputs.measure_choices(store).items()}
    return pack_inputs.default_measures(store, area_code, since=since), labels


# The report pack's default measures for a council (the profile's cards) and every measure it can hold, by key.
cached_pack_measures = with_data_key(_pack_measures)


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=4, ttl=3600, show_spinner=False))
def _methods_tables(key: DataKey) -> dict[str, pa.Table]:
    store = store_for(key)
    return {
        "measures": arrow(methods.measures_table(store)),
        "sources": arrow(methods.sources_table(store)),
        "coverage": arrow(methods.coverage(store)),
        "reorganisations": arrow(methods.reorganisations(store.catalogue)),
        "orders": arrow(methods.orders(store.catalogue)),
        "unavailable": arrow(methods.unavailable_table(store.catalogue)),
        "held": arrow(admin_reorganisations.table(store.catalogue)),
    }


# The tables that depend only on the snapshot version (Arrow): Data and methods' measures, sources, coverage,
# reorganisations, orders and what is not bundled, and the reorganisations the Data sources page lists as held.
cached_methods_tables = with_data_key(_methods_tables)


class SourceStatus(NamedTuple):
    table: pa.Table  # each source's release, coverage and last refresh (Data and methods)
    notices: tuple[str, ...]  # the failed refreshes every page mentions
    official: pa.Table  # the official sources' status with their pages and how each is updated (Data sources)
    versions: pa.Table  # the snapshot's versions (Data sources)
    current: VersionInfo  # the version shown


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=8, ttl=3600, show_spinner=False))
def _source_status(key: DataKey, log: str) -> SourceStatus:
    store, entries, snapshots = store_for(key), status_log(key, log), snapshot_backend(key)
    sources = store.catalogue.sources.reset_index(drop=True)
    return SourceStatus(
        arrow(status_table(sources, store.observations, entries)),
        tuple(item.notice() for item in failed_refreshes_from_log(sources, entries)),
        arrow(admin_sources.source_table(sources, store.observations, entries)),
        arrow(admin_sources.history(snapshots)),
        admin_sources.current(snapshots),
    )


def cached_source_status() -> SourceStatus:
    """Each source's status and the snapshot's versions as Data and methods, Data sources and every page's notices
    show them: made once per data key (a new version is a new key) and status log stamp."""
    return _source_status(data_key(), log_stamp())


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=8, show_spinner=False))
def _full_dataset_csv(name: str, key: DataKey) -> bytes:
    store = store_for(key)
    frames = {
        "observations": store.observations,
        "areas": store.catalogue.areas.reset_index(drop=True),
        "metrics": store.catalogue.metrics_table,
        "sources": store.catalogue.sources.reset_index(drop=True),
    }
    return to_csv_bytes(frames[name])


# The tidy dataset (official and council-supplied) and its catalogues as CSV (formula-safe).
full_dataset_csv = with_data_key(_full_dataset_csv)

PlanOverview = tuple[plan_flow.Overview, pa.Table, go.Figure, go.Figure | None, tuple[Later, Later]]


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=64, ttl=3600, show_spinner=False))
def _plan_overview(url: str, area: str, name: str, head: int, as_of: dt.date, versions: bool) -> PlanOverview:
    plan = plan_at(url, area, head)
    history = PlanStore(get_database(url)).action_history(area) if versions else None  # one version: no progress
    view = plan_flow.overview(plan, head, as_of, history)
    figures = plan_figures(plan, view.progress, name, as_of.isoformat(), timeline=view.timeline)
    timeline, progress = (None if figure is None else frozen(figure) for figure in figures)
    tables = Later(lambda: arrow(view.timeline_shown())), Later(lambda: arrow(view.progress_shown()))
    return view, arrow_of(view.overdue, plan_views.HEADINGS), timeline, progress, tables


# A plan version's overview as of a date, with its progress over versions or not (`versions`: more than one): the view,
# its overdue actions, timeline and progress charts and their tables as shown (callers must not mutate them).
cached_plan_overview = with_db_url(_plan_overview)


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=64, ttl=3600, show_spinner=False))
def _plan_history(url: str, area: str, head: int) -> tuple[pa.Table, tuple[int, ...]]:
    versions, older = plan_flow.history(PlanStore(get_database(url)), area, head)
    return arrow(versions), older


# A plan's versions up to `head` as shown (Arrow; every save or restore makes a new head) and those to restore.
cached_plan_history = with_db_url(_plan_history)


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=16, ttl=3600, show_spinner=False))
def _upload_history(url: str, head: int) -> tuple[upload_flow.History, pa.Table]:
    history = upload_flow.history(FigureStore(get_database(url)))
    return history, arrow(history.table)


# The council-supplied figures' versions up to `head`, and as shown (Arrow; every save or restore makes a new head).
cached_upload_history = with_db_url(_upload_history)


@by_name(st.cache_resource(hash_funcs=KEYS, max_entries=4, ttl=3600, show_spinner=False))
def _upload_figures(url: str, head: int) -> pd.DataFrame:
    return FigureStore(get_database(url)).observations_at(head)


# The council-supplied figures of version `head`, which a file's preview is compared with (callers must not mutate).
cached_upload_figures = with_db_url(_upload_figures)
