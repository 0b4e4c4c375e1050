"""The Benchmark page through AppTest: band in words, strip chart, year, not applicable, URL."""

import pytest

from tests.pages.helpers import chart_specs, decode, show_tables, title, trace

pytestmark = pytest.mark.filterwarnings("ignore")
BENCHMARK = "pages/explore/benchmark.py"


def open_benchmark(app):
    app.run()
    return app.switch_page(BENCHMARK).run()


def headings(app):
    return [m.value for m in app.markdown if m.value.startswith("## ")]


def test_spending_power_per_head_real_terms_against_nearest_neighbours(app):
    app.query_params.update({"per_head": "1", "prices": "real"})
    open_benchmark(app)
    assert not app.exception
    spec = chart_specs(app)[0]
    assert title(spec) == (
        "Core spending power per head in real terms: Barking and Dagenham and 15 comparators, 2020-21"
    )
    council = trace(spec, "Barking and Dagenham")
    assert decode(council["x"])[0] == pytest.approx(163_020_000 / 214_107 * 112.375 / 95.825, rel=1e-3)
    assert len(decode(trace(spec, "Comparator councils")["x"])) == 15
    assert headings(app)[0].startswith("## Context only")


def test_directional_measure_gets_a_band_in_words(app):
    app.query_params.update({"metric": "debt_pct_csp"})
    open_benchmark(app)
    assert headings(app)[0].startswith("## Barking and Dagenham: much worse")
    assert any("much worse" in m.value for m in app.markdown if m.value.startswith("**Summary:**"))


def test_year_choice_redraws_and_goes_in_the_url(app):
    app.query_params.update({"metric": "debt_pct_csp"})
    open_benchmark(app)
    app.selectbox(key="year").set_value("2015-16").run()
    assert title(chart_specs(app)[0]).endswith("2015-16")
    assert app.query_params["year"] == "2015-16"


def test_year_without_data_falls_back_to_latest_with_a_notice(app):
    app.query_params.update({"metric": "debt_pct_csp", "year": "2001-02"})
    open_benchmark(app)
    assert not app.exception
    assert any("no figure for 2001-02" in i.value for i in app.info)
    assert title(chart_specs(app)[0]).endswith("2019-20")


def test_district_and_adult_social_care_is_not_applicable(app):
    app.query_params.update({"area": "E07000073", "metric": "asc_quality_of_life"})
    open_benchmark(app)
    assert not app.exception
    assert chart_specs(app) == []
    assert any("not applicable" in i.value for i in app.info)


def test_no_league_table(app):
    open_benchmark(app)
    table = show_tables(app).dataframe[0].value
    assert "rank" not in " ".join(table.columns).lower()
    assert [b.proto.label for b in app.get("download_button")] == [
        "Download PNG",
        "Download SVG",
        "Download data (CSV)",
    ]


def test_toggles_and_comparator_change_redraw(app):
    open_benchmark(app)
    app.toggle(key="per_head").set_value(True).run()
    app.radio(key="prices").set_value("real").run()
    app.selectbox(key="cmp").set_value("region").run()
    assert not app.exception
    spec = chart_specs(app)[0]
    # 32 other London councils; 31 have a figure for 2020-21
    assert title(spec).startswith("Core spending power per head in real terms: Barking and Dagenham and 31 comparators")
    assert "31 other single-tier councils in London" in spec["layout"]["title"]["text"]
    assert app.query_params["cmp"] == "region" and app.query_params["per_head"] == "1"
