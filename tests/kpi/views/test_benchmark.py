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


def test_table_is_not_a_league_table_chosen_council_first_then_by_name(store):
    view = benchmark_view(store, BenchmarkRequest("E09000002", "debt_pct_csp", year="2015-16"))
    table = points_table(view)
    councils = table[table["area_code"] != ""]
    assert councils.iloc[0]["area_code"] == "E09000002" and councils.iloc[0]["highlighted"]
    assert councils.iloc[0]["note"] == "chosen council"
    others = councils.iloc[1:]
    assert others["area_name"].tolist() == sorted(others["area_name"])  # by name, never by value
    assert others["value"].tolist() != sorted(others["value"].tolist())
    assert not {"rank", "position"} & set(table.columns)


def test_councils_without_a_figure_are_listed_as_such(store):
    view = benchmark_view(store, BenchmarkRequest("E09000002", "reserves_pct_nre", year="2023-24"))
    table = points_table(view).set_index("area_code")
    missing = table[table["note"] == "no figure for 2023-24"]
    assert len(missing) == 1 and missing["value"].isna().all()  # 14 of the 15 neighbours have a figure
    assert view.n == 14 and len(table) == 1 + 15 + 3


def test_benchmark_comparators_are_of_the_same_class(store):
    view = benchmark_view(store, BenchmarkRequest("E07000236", "debt_pct_csp"))  # Redditch
    codes = [c for c in view.points["area_code"] if c != "E07000236"]
    assert codes and {store.catalogue.area_type(c) for c in codes} == {"shire_district"}
    assert "6 nearest neighbours of the same class (ONS 2025 lower-tier model)" in view.subtitle
    assert "Only 6 of Redditch's 20 ONS nearest neighbours are shire districts" in view.summary
    assert view.source_note.startswith("Latest figures 2019-20 (")


def test_a_council_with_no_figure_for_any_year_has_a_title_without_a_year(store):
    # Dorset Council (formed in 2019) has no core spending power row in the bundled snapshot.
    view = benchmark_view(store, BenchmarkRequest("E06000059", "core_spending_power"))
    assert view.year == "" and view.points.empty
    assert view.title == "Core spending power: Dorset Council and 0 comparators"
