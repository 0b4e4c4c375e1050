"""The profile paragraph against figures checked by hand in the ONS and MHCLG files."""

import csv
from pathlib import Path

import pytest

from kpi.calc.comparators import comparators
from kpi.core.formatting import round_half_up
from kpi.views import narrative

CANDIDATES = Path(__file__).resolve().parents[2] / "fixtures" / "candidates"


def ons_population(area_code: str, mid_year: int) -> int:
    for folder in ("ons-population-mye", "ons-population-mye-2021-2024"):
        for path in (CANDIDATES / folder).glob("*.csv"):
            with path.open(newline="") as f:
                for row in csv.DictReader(f):
                    if row["area_code"] == area_code and int(row["mid_year"]) == mid_year:
                        found = int(row["population"])
    return found


def test_population_sentence_matches_the_ons_files(store):
    mid2010, mid2023 = ons_population("E09000002", 2010), ons_population("E09000002", 2023)
    assert (mid2010, mid2023) == (182_838, 222_308)
    assert mid2023 - mid2010 == 39_470
    assert round_half_up((mid2023 - mid2010) / mid2010 * 100, 1) == 21.6

    sentence = narrative.population_sentence(store, "E09000002", since="2010-11", to="2023-24")
    # 14 of the 15 nearest neighbours grew more slowly (Salford, +22.5%, grew faster): worked out below.
    assert sentence.startswith(
        "Barking and Dagenham's population grew by 39,470 (21.6%) between mid-2010 and "
        "mid-2023, faster than 14 of its 15 nearest neighbours."
    )
    assert "mid-2021" in sentence  # the change of Census basis is said, with its year


def test_neighbour_count_is_worked_out_from_the_same_figures(store):
    codes = comparators(store, "E09000002", "nearest", metric_id="population")
    pop = store.series("population", codes).set_index(["area_code", "period"])["value"]
    own = 222_308 / 182_838
    slower = [c for c in codes if pop[(c, "2023-24")] / pop[(c, "2010-11")] < own]
    assert len(codes) == 15 and len(slower) == 14


def test_population_periods_are_named_as_mid_years_and_stocks_as_31_march():
    assert narrative.mid_year("2010-11") == "mid-2010"
    assert narrative.year_end("2019-20") == "31 March 2020"


def test_every_sentence_names_its_years(store):
    import re

    sentences = narrative.paragraph(store, "E09000002")
    assert len(sentences) == 5
    for sentence in sentences:
        assert re.search(r"(mid-\d{4}|\d{4}-\d{2}|31 March \d{4})", sentence), sentence


def test_spending_power_sentence_flags_the_definition_change(store):
    sentence = narrative.spending_power_sentence(store, "E09000002", since="2010-11")
    # £182.34m / 187,029 (2011-12) and £163.02m / 214,107 (2020-21), both in 2024-25 prices
    assert "from £1,383 in 2011-12 to £893 in 2020-21" in sentence
    assert "a fall of 35.5%" in sentence
    assert "changes definition from 2016-17" in sentence


def test_debt_and_reserves_name_the_31_march_date(store):
    assert narrative.debt_sentence(store, "E09000002").startswith(
        "At 31 March 2020, total debt was 639.1% of core spending power for 2019-20"
    )
    assert narrative.reserves_sentence(store, "E09000002").startswith(
        "At 31 March 2024, non-ringfenced reserves were 68.2% of net revenue expenditure"
    )


def test_no_comparison_is_claimed_without_comparators(store):
    sentence = narrative.population_sentence(store, "E09000002", since="2010-11", group="none")
    assert "faster" not in sentence and "neighbours" not in sentence


def test_a_council_without_data_gets_no_sentence(store):
    assert narrative.council_tax_sentence(store, "E99999999", since="2010-11") == ""


@pytest.mark.parametrize("value,digits,expected", [(21.55, 1, 21.6), (0.125, 2, 0.13), (2.5, 0, 3.0)])
def test_rounding_is_half_up(value, digits, expected):
    assert round_half_up(value, digits) == expected


def test_end_year_limits_every_sentence(store):
    sentences = narrative.paragraph(store, "E09000002", since="2010-11", to="2016-17")
    population, spending, reserves, debt, band_d = sentences
    assert "between mid-2010 and mid-2016" in population
    assert "in 2011-12 to" in spending and "in 2016-17" in spending
    assert reserves.startswith("At 31 March 2017,") and debt.startswith("At 31 March 2017,")
    assert "in 2016-17, up" in band_d and "on 2014-15" in band_d


def test_per_head_and_real_terms_name_their_population_and_prices(store):
    sentence = narrative.spending_power_sentence(store, "E09000002", since="2010-11", to="2020-21")
    assert sentence.startswith("In real terms (2024-25 prices, ONS GDP deflator), Barking and Dagenham's core")
    assert "(divided by the mid-2011 and mid-2020 population estimates)" in sentence


def test_comparisons_stay_within_the_class(store):
    sentence = narrative.population_sentence(store, "E07000236", since="2010-11", to="2023-24")
    assert "faster than 2 of its 6 nearest neighbours" in sentence  # Redditch: six districts among its 20
    debt = narrative.debt_sentence(store, "E07000236")
    assert debt.startswith("At 31 March 2020, total debt was 1,117.9% of core spending power")
    assert "for its 6 nearest neighbours" in debt
    assert "other single-tier councils in London" in narrative.debt_sentence(store, "E09000002", group="region")


@pytest.fixture
def uploaded_2010(store, tmp_path):
    """Barking and Dagenham uploads a 2010-11 spending power figure, a year no official release covers here."""
    from kpi.model.store import merged_store
    from kpi.officers.figures.read import parse_upload
    from kpi.storage.figures import FigureStore

    db = FigureStore.open(f"sqlite:///{tmp_path / 'kpi.sqlite'}")
    text = "area_code,metric_id,period,value\nE09000002,core_spending_power,2010-11,190000000\n"
    parsed = parse_upload(text.encode(), "EXAMPLE.csv", store.catalogue)
    db.write_upload(parsed.rows, who="officer@example.gov.uk", file_name="EXAMPLE.csv", sha256="x")
    yield merged_store(store, db)
    db.dispose()


def test_a_council_supplied_figure_keeps_its_label_and_the_break_is_described_as_such(uploaded_2010):
    sentence = narrative.spending_power_sentence(uploaded_2010, "E09000002", since="2010-11")
    assert "(council-supplied) in 2010-11 to £893 in 2020-21" in sentence
    assert "The 2010-11 figure is council-supplied" in sentence and "compares it with an official figure" in sentence
    # The only definition change is Revenue to Core Spending Power, in 2016-17: not the upload's 2011-12.
    assert "changes definition from 2016-17" in sentence and "from 2011-12" not in sentence
