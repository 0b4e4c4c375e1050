"""Each rule said once: the places that apply a rule all take it from its one home."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from admin import sources as admin_sources
from kpi.calc.measures import REAL, MeasureError, MeasureSpec, measure
from kpi.calc.toggles import Toggles
from kpi.core.formatting import file_slug
from kpi.core.versions import CHANGE_COLUMNS, VERSION_COLUMNS
from kpi.officers.figures import flow as figures_flow
from kpi.officers.plans import flow as plans_flow
from kpi.views.chart_table import BAND_HEADINGS, HEADINGS, formatted
from kpi.views.multiples import multiples_requests
from kpi.views.pack.tables import figures_table
from kpi.views.trend import TrendRequest, trend_view
from kpi.views.urlstate import ViewState, normalise
from reports.make import file_name
from ui import render, views


def test_a_link_small_multiples_and_the_measures_take_the_same_toggles(store):
    for metric_id in ("population", "core_spending_power", "reserves_pct_nre", "band_d_council_tax"):
        takes = Toggles.of(store.catalogue.metric(metric_id))
        prices, per_head = takes.fit(REAL, True)
        state, _ = normalise(ViewState(metric=metric_id, prices=REAL, per_head=True), store)
        assert (state.prices, state.per_head) == (prices, per_head)
        (request,) = multiples_requests(
            store, "E09000002", (metric_id,), prices=REAL, base="", per_head=True, index="", cmp="none"
        )
        assert (request.prices, request.per_head) == (prices, per_head)
        measure(store, MeasureSpec(metric_id, ("E09000002",), prices=prices, per_head=per_head))
        if (prices, per_head) != (REAL, True):
            with pytest.raises(MeasureError):
                measure(store, MeasureSpec(metric_id, ("E09000002",), prices=REAL, per_head=True))


def test_the_page_and_the_pack_head_the_comparators_band_alike(store):
    view = trend_view(store, TrendRequest("E09000002", "core_spending_power", comparator_group="nearest"))
    page = list(view.display.columns)
    pack = list(figures_table(view, "Figures").columns)
    assert [h for h in page if h in BAND_HEADINGS.values()] == list(BAND_HEADINGS.values())
    assert [h for h in pack if h in BAND_HEADINGS.values()] == list(BAND_HEADINGS.values())
    assert set(pack) <= set(page)


def test_one_formatting_of_a_chart_table(store):
    assert render.formatted is views.formatted is formatted
    view = trend_view(store, TrendRequest("E09000002", "population", comparator_group="nearest"))
    assert view.display.equals(formatted(view.table, view.unit_label).rename(columns=HEADINGS))


def test_one_way_to_name_a_downloaded_file():
    pack, made = SimpleNamespace(area_name="King's Lynn & West Norfolk"), dt.datetime(2026, 2, 2)
    name = file_name(pack, made, "pdf")
    assert name == f"evidence-pack-{file_slug(pack.area_name)}-2026-02-02.pdf"
    assert file_slug(pack.area_name) == "king-s-lynn-west-norfolk"
    assert file_slug("£ / %") == "chart"
    assert file_name(SimpleNamespace(area_name="!"), made, "docx") == "evidence-pack-council-2026-02-02.docx"
    assert file_slug("x" * 100) == "x" * 90 and file_slug("x" * 100, most=60) == "x" * 60


def test_every_version_history_lists_the_same_columns_first():
    shared = list(VERSION_COLUMNS)
    for columns in (figures_flow.HISTORY_COLUMNS, plans_flow.HISTORY_COLUMNS, admin_sources.HISTORY_COLUMNS):
        assert columns[: len(shared)] == shared
    assert figures_flow.HISTORY_COLUMNS[-4:] == plans_flow.HISTORY_COLUMNS[-4:] == list(CHANGE_COLUMNS)
