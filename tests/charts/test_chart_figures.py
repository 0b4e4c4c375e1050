"""Figures: estimated values dotted, focus versus grey, median and quartiles marked, one figure of panels."""

from charts.benchmark import strip_figure_from_view
from charts.multiples import multiples_figure_from_views
from charts.theme import CONTEXT_GREY, FOCUS
from charts.trend import trend_figure_from_view
from kpi.views.benchmark import BenchmarkRequest, benchmark_view, points_table
from kpi.views.multiples import multiples_requests
from kpi.views.trend import TrendRequest, trend_view


def test_estimated_values_are_joined_by_dotted_segments(store):
    view = trend_view(store, TrendRequest("E09000002", "reserves_pct_nre", comparator_group="none"))
    fig = trend_figure_from_view(view)
    solid = next(t for t in fig.data if t.name == "Barking and Dagenham")
    dotted = next(t for t in fig.data if t.name == "Barking and Dagenham (estimated, budget or forecast)")
    assert dotted.line.dash == "dot" and solid.line.dash == "solid"
    periods = list(solid.x)
    # 2014-15 (final) to 2015-16 (estimated): the solid line stops at 2014-15, the dotted one carries on.
    at_estimate = solid.y[periods.index("2015-16")]
    assert at_estimate is None or at_estimate != at_estimate  # a gap (None or NaN) in the solid line
    assert dotted.y[periods.index("2014-15")] is not None and dotted.y[periods.index("2015-16")] is not None
    assert "Dotted segments and open markers" in fig.layout.annotations[-1].text


def test_strip_chart_highlights_the_council_and_marks_median_and_quartiles(store):
    view = benchmark_view(store, BenchmarkRequest("E09000002", "debt_pct_csp"))
    fig = strip_figure_from_view(view)
    council = next(t for t in fig.data if t.name == "Barking and Dagenham")
    others = next(t for t in fig.data if t.name == "Comparator councils")
    assert council.marker.color == FOCUS and council.marker.symbol == "diamond"
    assert others.marker.color == CONTEXT_GREY and len(others.x) == 15
    lines = sorted(s.x0 for s in fig.layout.shapes)
    assert lines == sorted([view.q1, view.median, view.q3])
    texts = [a.text for a in fig.layout.annotations]
    assert {"median", "lower quartile", "upper quartile"} <= set(texts)
    assert fig.layout.title.text.startswith("Total debt as % of core spending power: Barking and Dagenham")
    assert texts[-1].startswith("Latest figures 2019-20") and "Source:" in texts[-1] and "Retrieved" in texts[-1]


def test_small_multiples_are_one_figure_with_a_panel_per_measure(store):
    requests = multiples_requests(
        store,
        "E09000002",
        ("population", "reserves_pct_nre", "core_spending_power"),
        prices="real",
        base="",
        per_head=True,
        index="",
        cmp="nearest",
    )
    # per head and real terms only where a measure can take them
    assert [r.per_head for r in requests] == [False, False, True]
    assert [r.prices for r in requests] == ["cash", "cash", "real"]
    views = [trend_view(store, r) for r in requests]
    fig = multiples_figure_from_views(views, area_name="Barking and Dagenham", source_note="Source: test.")
    assert {t.xaxis for t in fig.data} == {"x", "x2", "x3"}
    assert fig.layout.template.layout.font.family.startswith("Liberation Sans")
    assert fig.layout.title.text.startswith("3 measures over time: Barking and Dagenham")


def test_small_multiples_mark_series_breaks(store):
    requests = multiples_requests(
        store, "E09000002", ("core_spending_power",), prices="cash", base="", per_head=False, index="", cmp="none"
    )
    fig = multiples_figure_from_views(
        [trend_view(store, r) for r in requests], area_name="Barking and Dagenham", source_note="Source: test."
    )
    periods = list(fig.data[0].x)
    assert [s.x0 for s in fig.layout.shapes] == [periods.index("2016-17") - 0.5]


def test_years_without_figures_are_a_gap_on_the_axis_with_a_note_never_a_bridge(store):
    view = trend_view(store, TrendRequest("E09000002", "net_revenue_expenditure", comparator_group="nearest"))
    fig = trend_figure_from_view(view)
    line = next(t for t in fig.data if t.name == "Barking and Dagenham")
    y = dict(zip(line.x, line.y))
    gap = ["2018-19", "2019-20", "2020-21", "2021-22", "2022-23"]
    assert list(line.x) == list(view.periods) and set(gap) <= set(line.x)  # the axis shows the missing years
    assert all(y[p] != y[p] for p in gap)  # NaN: nothing plotted there
    assert y["2017-18"] == y["2017-18"] and y["2023-24"] == y["2023-24"]
    assert line.connectgaps is False
    note = fig.layout.annotations[-1].text.replace("<br>", " ")
    assert "No figures for 2018-19 to 2022-23 (not in the bundled snapshot): the line is broken there" in note
    assert "No figures for 2018-19 to 2022-23" in view.summary  # the text alternative says so too


def test_chart_note_dates_the_figures_by_latest_period_and_release(store):
    view = trend_view(store, TrendRequest("E09000002", "core_spending_power", comparator_group="nearest"))
    fig = trend_figure_from_view(view)
    note = fig.layout.annotations[-1].text.replace("<br>", " ")
    assert note.startswith("Latest figures 2020-21 (final local government finance settlement 2020-21). Source: ")
    assert note.endswith("Retrieved 2026-11-21.")
    assert view.export.source_note == view.source_note  # the CSV header carries the same text as the image
    assert any(line.startswith("Latest figures 2020-21") for line in view.export.lines())


def test_small_multiples_date_each_measure_and_note_its_gaps(store):
    requests = multiples_requests(
        store,
        "E09000002",
        ("population", "net_revenue_expenditure"),
        prices="cash",
        base="",
        per_head=False,
        index="",
        cmp="nearest",
    )
    from kpi.views.multiples import multiples_view

    view = multiples_view(store, requests)
    assert view.source_note.startswith("Latest figures: Population 2024-25 (ONS mid-year estimates, mid-2024")
    fig = multiples_figure_from_views(view.views, area_name=view.area_name, source_note=view.source_note)
    note = fig.layout.annotations[-1].text.replace("<br>", " ")
    assert "Net revenue expenditure: No figures for 2018-19 to 2022-23" in note


def test_the_views_meet_the_charts_protocols(store):
    from charts.views import ChartView, StripChartView, TrendChartView
    from kpi.views.multiples import multiples_view

    trend = trend_view(store, TrendRequest("E09000002", "population"))
    benchmark = benchmark_view(store, BenchmarkRequest("E09000002", "debt_pct_csp"))
    multiples = multiples_view(store, (TrendRequest("E09000002", "population"),))
    assert isinstance(trend, TrendChartView) and isinstance(benchmark, StripChartView)
    assert isinstance(multiples, ChartView) and not isinstance(multiples, TrendChartView)
    assert (multiples.unit_label, multiples.caveats) == ("", "")  # each measure in its own units
    assert benchmark.table.equals(points_table(benchmark))


def test_a_trend_marks_its_series_break_between_the_two_years_and_labels_its_last_point(store):
    """Core spending power changes definition in 2016-17: a dashed vertical line half-way between 2015-16 and
    2016-17, labelled, and the council's name beside its last figure."""
    view = trend_view(store, TrendRequest("E09000002", "core_spending_power", comparator_group="nearest"))
    fig = trend_figure_from_view(view)
    periods = list(view.periods)
    assert [s.x0 for s in fig.layout.shapes] == [periods.index("2016-17") - 0.5]
    assert fig.layout.shapes[0].line.dash == "dash"
    assert [a.x for a in fig.layout.annotations if a.text == "series break"] == [periods.index("2016-17") - 0.5]
    line = next(t for t in fig.data if t.name == "Barking and Dagenham")
    last = max(p for p, v in zip(line.x, line.y) if v == v)
    label = next(a for a in fig.layout.annotations if a.text == "Barking and Dagenham")
    assert label.x == last and label.y == line.y[list(line.x).index(last)]
    median = next(t for t in fig.data if t.name == "Comparators: median")
    counts = dict(zip(view.band["period"], view.band["n"]))
    assert [c[1] for c in median.customdata] == [int(counts.get(p, 0)) for p in periods]  # councils with data
