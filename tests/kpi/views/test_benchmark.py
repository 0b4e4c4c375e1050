"""Benchmark bands: median absolute deviations, polarity, context only, not applicable; no ranks."""

import pytest

from kpi.views.benchmark import BenchmarkRequest, benchmark_view, points_table


def test_debt_share_against_nearest_neighbours(store):
    view = benchmark_view(store, BenchmarkRequest("E09000002", "debt_pct_csp"))
    assert view.year == "2019-20" and view.n == 15
    assert view.own_value == pytest.approx(639.1185, abs=1e-3)
    others = view.points.loc[~view.points["focus"], "value"]
    assert view.median == pytest.approx(others.median())
    mad = (others - others.median()).abs().median()
    assert view.mad == pytest.approx(mad)
    assert (view.own_value - view.median) / view.mad > 3
    assert view.band == "much worse"
    assert "rank" not in " ".join(view.points.columns)


def test_chosen_year_and_per_head_real_terms(store):
    view = benchmark_view(
        store, BenchmarkRequest("E09000002", "core_spending_power", year="2020-21", prices="real", per_head=True)
    )
    # £163.02m / 214,107 people, in 2024-25 prices (deflators 112.375 / 95.825)
    assert view.own_value == pytest.approx(163_020_000 / 214_107 * 112.375 / 95.825, rel=1e-3)
    assert view.band == "context only"
    assert "£ per head, 2024-25 prices" in view.subtitle


def test_adult_social_care_for_a_district_is_not_applicable(store):
    view = benchmark_view(store, BenchmarkRequest("E07000073", "asc_quality_of_life"))  # Harlow
    assert not view.applicable and view.band == "not applicable"
    assert view.points.empty and "not applicable" in view.summary


def test_points_table_is_what_the_chart_plots(store):
    view = benchmark_view(store, BenchmarkRequest("E09000002", "reserves_pct_nre", year="2017-18"))
    table = points_table(view)
    assert len(table) == len(view.points) + 3
    assert table["highlighted"].sum() == 1
    assert set(table["period"]) == {"2017-18"}
