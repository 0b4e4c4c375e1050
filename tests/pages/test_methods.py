"""Data and methods through AppTest: definitions, coverage, reorganisations, accessibility, downloads."""

import pytest

from kpi.views.cards import BEHIND_RULE
from tests.pages.helpers import dataframe_with

pytestmark = pytest.mark.filterwarnings("ignore")


@pytest.fixture
def methods(app):
    app.run()
    return app.switch_page("pages/about/methods.py").run()


def test_sections(methods):
    assert not methods.exception
    assert [h.value for h in methods.header] == [
        "Conventions",
        "Measures",
        "Sources and licences",
        "Source status",
        "Coverage",
        "Measures the bundled files cannot give",
        "Reorganisation history",
        "Download the data",
        "Accessibility statement",
    ]


def test_measures_table_has_licence_and_release(methods):
    measures = dataframe_with(methods, "metric_id").set_index("metric_id")
    assert measures.at["population", "licence"] == "OGL v3.0"
    assert "2011 Census-based" in measures.at["population", "source"]


def test_coverage_and_reorganisations(methods):
    coverage = [f for f in (d.value for d in methods.dataframe) if "metric_id" in f.columns][1].set_index("metric_id")
    assert coverage.at["core_spending_power", "last_year"] == "2020-21"
    reorganisations = dataframe_with(methods, "succeeded_by")
    assert "Buckinghamshire (E06000060)" in set(reorganisations["succeeded_by"])


def test_accessibility_statement_lists_known_gaps(methods):
    text = " ".join(m.value for m in methods.markdown)
    assert "WCAG" in text and "Known gaps" in text and "canvas" in text


def test_full_dataset_downloads(methods):
    labels = [b.proto.label for b in methods.get("download_button")]
    assert labels == ["All observations (CSV)", "Councils (CSV)", "Measures (CSV)", "Sources (CSV)"]


def test_measures_the_bundled_files_cannot_give(methods):
    table = dataframe_with(methods, "Why it is not built")
    assert table["Measure"].str.contains("Council tax revenue per dwelling").any()
    assert table["Release a refresh would use"].str.contains("Council Taxbase").any()
    text = " ".join(m.value for m in methods.markdown)
    assert "predecessor councils' figures combined" in text and "county share apportioned by population" in text


def test_the_older_figures_rule_is_the_cards(methods):
    assert any(f"A profile card whose latest year is {BEHIND_RULE} is flagged" in m.value for m in methods.markdown)
    assert BEHIND_RULE == "more than two years behind the newest figures in the dashboard"


def test_orders_are_listed_and_the_2028_areas_said_to_wait_for_theirs(methods):
    orders = dataframe_with(methods, "takes_over").set_index("council")
    assert set(orders.index) == {"East Surrey", "West Surrey"}
    text = " ".join(m.value for m in methods.markdown)
    assert "The Surrey (Structural Changes) Order 2026** (SI 2026/264, made 10 March 2026" in text
    assert "Their orders have not been made, so they are not in the dashboard" in text
