"""Council-supplied figures in the store, the measures and the trend view: visible, distinct, never a silent splice."""

import pandas as pd
import pytest

from kpi.calc.measures import MeasureSpec, measure
from kpi.core import schema as S
from kpi.model.store import BEST, COUNCIL, OFFICIAL, merged_store
from kpi.officers.figures.read import parse_upload
from kpi.storage.figures import FigureStore
from kpi.views.pack.inputs import resolve_measure, trend_between
from kpi.views.trend import TrendRequest, trend_view

FILE = (
    "area_code,metric_id,period,value\n"
    "E09000002,population,2012-13,190000\n"  # same year as an official estimate (190,663)
    "E09000002,fte,2010-11,3400\nE09000002,fte,2023-24,3090\n"
)


@pytest.fixture
def merged(store, tmp_path):
    db = FigureStore.open(f"sqlite:///{tmp_path / 'kpi.sqlite'}")
    parsed = parse_upload(FILE.encode(), "EXAMPLE.csv", store.catalogue)
    db.write_upload(parsed.rows, who="o@example.gov.uk", file_name="EXAMPLE.csv", sha256="s")
    yield merged_store(store, db)
    db.dispose()


def test_official_stays_preferred_and_both_are_kept(merged):
    best = merged.series("population", ["E09000002"], supplied=BEST).set_index(S.PERIOD)
    assert best.at["2012-13", S.VALUE] == 190_663 and best.at["2012-13", S.SOURCE_ID] == "ons_mye_2011_based"
    council = merged.series("population", ["E09000002"], supplied=COUNCIL)
    assert council[[S.PERIOD, S.VALUE, S.SOURCE_ID]].values.tolist() == [["2012-13", 190_000, "upload:1"]]
    obs = merged.observations
    kept = obs[(obs[S.METRIC_ID] == "population") & (obs[S.AREA_CODE] == "E09000002") & (obs[S.PERIOD] == "2012-13")]
    assert len(kept) == 2


def test_council_fills_a_measure_with_no_official_figure(merged):
    best = merged.series("fte", ["E09000002"])
    assert best[S.VALUE].tolist() == [3400, 3090] and not best["break_before"].any()
    assert merged.series("fte", ["E09000002"], supplied=OFFICIAL).empty
    assert "fte" in merged.metrics_with_data()


def test_trend_view_draws_council_line_beside_official(merged):
    view = trend_view(merged, TrendRequest(area_code="E09000002", metric_id="population", comparator_group="none"))
    assert [name for _, name, _ in view.lines] == ["Barking and Dagenham"]
    assert [name for _, name, _ in view.council_lines] == ["Barking and Dagenham (council-supplied)"]
    rows = view.table[view.table[S.PERIOD] == "2012-13"]
    assert sorted(rows[S.SOURCE_ID]) == ["ons_mye_2011_based", "upload:1"]
    assert "EXAMPLE.csv, uploaded by o@example.gov.uk" in view.source_note


def test_fte_since_2010_indexed(merged):
    view = trend_view(
        merged, TrendRequest(area_code="E09000002", metric_id="fte", index_to="2010-11", comparator_group="none")
    )
    frame = view.council_lines[0][2].set_index(S.PERIOD)
    assert frame.at["2010-11", S.VALUE] == pytest.approx(100)
    assert frame.at["2023-24", S.VALUE] == pytest.approx(3090 / 3400 * 100)
    assert view.has_data  # no official figure, but the council-supplied line is drawn
    assert view.summary.startswith(
        "No official figures for Barking and Dagenham on this measure. "
        "Council-supplied figures: 100.0 in 2010-11 and 90.9 in 2023-24 (down 9.1%)."
    )


def test_per_head_of_council_figures_uses_official_population(merged):
    out = measure(merged, MeasureSpec(metric_id="fte", area_codes=("E09000002",), per_head=True, supplied=COUNCIL))
    # mid-2010 estimate for Barking and Dagenham: 182,838 (ONS)
    assert out.frame.set_index(S.PERIOD).at["2010-11", S.VALUE] == pytest.approx(3400 / 182_838)
    assert out.unit_label == "FTE per head"


def test_the_pack_says_council_lines_as_the_page_does(merged):
    """One summary of a chart with council-supplied lines (kpi.views.summaries.chart_summary), for any years."""
    spec = resolve_measure(merged, "fte")
    page = trend_between(merged, spec, "E09000002", group="none", since="2010-11", to=None)
    asked = TrendRequest(area_code="E09000002", metric_id="fte", comparator_group="none")
    assert page.summary == trend_view(merged, asked).summary
    pack = trend_between(merged, spec, "E09000002", group="none", since="2010-11", to="2022-23")
    assert page.summary.startswith("No official figures for Barking and Dagenham on this measure. ")
    assert pack.summary == (
        "No official figures for Barking and Dagenham on this measure. Council-supplied figures: 3,400 in 2010-11."
    )


@pytest.mark.parametrize("supplied", [BEST, OFFICIAL, COUNCIL])
def test_a_years_rows_are_the_measures_rows_with_a_figure_in_that_year(store, merged, supplied):
    """kpi.views.council_figures.rows_in_year (the benchmark's rows) against measure() filtered, on the bundled
    store and one with council-supplied figures, per head, in real terms, within first and last years."""
    from kpi.views.council_figures import rows_in_year

    codes = ("E09000002", "E09000004", "E07000223", "E06000047", "E10000003", "E99999999")
    for data in (store, merged):
        for metric, per_head, prices in (
            ("population", False, "cash"),
            ("fte", True, "cash"),
            ("core_spending_power", True, "real"),
        ):
            for first, last in (("", ""), ("2015-16", "2020-21")):
                spec = MeasureSpec(
                    metric, codes, per_head=per_head, prices=prices, supplied=supplied, first=first, last=last
                )
                whole = S.with_values(measure(data, spec).frame)
                for period in ("2010-11", "2012-13", "2019-20", "2023-24", "2040-41", ""):
                    want = whole[whole[S.PERIOD] == period].reset_index(drop=True)
                    pd.testing.assert_frame_equal(rows_in_year(data, spec, period), want)
    indexed = MeasureSpec("population", codes, index_to="2015-16")  # from the measure as a whole
    whole = S.with_values(measure(store, indexed).frame)
    want = whole[whole[S.PERIOD] == "2019-20"].reset_index(drop=True)
    pd.testing.assert_frame_equal(rows_in_year(store, indexed, "2019-20"), want)
