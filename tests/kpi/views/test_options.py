"""Reorganisation options as every output shows them: the view, the table of a row per proposed council, the link
and the options file (the shipped EXAMPLE: Worcestershire as one council, or two)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from kpi.calc.options.model import OptionSet
from kpi.calc.options.rows import OptionsRefused
from kpi.core.safecsv import to_csv_bytes
from kpi.views.options.files import options_csv, read_frame, read_options
from kpi.views.options.link import from_params, to_params
from kpi.views.options.view import options_view

EXAMPLE = Path(__file__).resolve().parents[3] / "data" / "examples" / "EXAMPLE_reorganisation_options.csv"


@pytest.fixture(scope="module")
def example(store):
    return read_options(store.catalogue, EXAMPLE.read_bytes(), EXAMPLE.name)


@pytest.fixture(scope="module")
def view(store, example):
    return options_view(store, example)


def test_the_example_is_labelled_and_holds_only_councils(example):
    frame = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)
    assert list(frame.columns) == ["option", "proposed_council", "area_code", "share"]
    assert frame["option"].str.startswith("EXAMPLE").all() and frame["proposed_council"].str.startswith("EXAMPLE").all()
    assert (frame["share"] == "").all()  # sets of councils, no figures
    assert [o.name for o in example.options] == ["EXAMPLE one council", "EXAMPLE two councils"]


def test_a_row_per_proposed_council_with_each_figure_its_year_and_source(view):
    table = view.table.set_index("proposed_council")
    assert list(table.index) == ["EXAMPLE Worcestershire", "EXAMPLE North", "EXAMPLE South"]
    north = table.loc["EXAMPLE North"]
    assert north["population"] == 293_445 and north["population_year"] == "2024-25"
    assert north["population_source"] == "ONS mid-year estimates, mid-2024 (2021 Census-based)"
    assert north["population_minus_500k_guide"] == 293_445 - 500_000
    assert north["core_spending_power_older_figures"] == "true"  # 2020-21, four years behind 2024-25
    assert north["net_revenue_expenditure_older_figures"] == "false"
    assert "divided by agreement" in north["total_debt_notes"] and pd.isna(north["total_debt"])
    assert north["band_d_lowest"] == 1701.99 and north["harmonise_to_lowest_gbp_a_year"] == pytest.approx(-919_444.04)
    assert north["band_d_parts"] == "Bromsgrove 1708.52; Redditch 1727.53; Wyre Forest 1701.99"
    whole = table.loc["EXAMPLE Worcestershire"]
    assert whole["council_tax_base"] == pytest.approx(217_223.2)  # the county's own base: its districts'
    assert whole["findings"] == ""


def test_each_measure_block_has_title_source_and_text_alternative(view):
    pop = view.measure("population")
    assert pop.title == "Population of the proposed councils, mid-2024" and pop.guide == 500_000
    assert "EXAMPLE North (EXAMPLE two councils) 293,445, 206,555 below the guide" in pop.summary
    assert "not a test" in pop.summary and "Source: ONS mid-year population estimates" in pop.source_note
    debt = view.measure("total_debt")
    assert debt.behind and "Older figures" in debt.summary and "no figure" in debt.summary
    assert debt.title.endswith("31 March 2020")
    lines = debt.export.lines()
    assert lines[0].startswith("Title: Total debt") and any(line.startswith("Licence: OGL") for line in lines)


def test_harmonisation_block_per_option_in_words(view):
    two = next(t for t in view.tax if t.option == "EXAMPLE two councils")
    assert two.period == "2023-24" and list(two.sums["proposed_council"]) == ["EXAMPLE North", "EXAMPLE South"]
    assert (
        "EXAMPLE North: Band D from £1,701.99 (Wyre Forest) to £1,727.53 (Redditch), a spread of £25.54" in two.summary
    )
    assert "£919,444 less in the year" in two.summary and "not a forecast" in two.caveats


def test_options_live_in_the_link(store, example):
    params = to_params(example)
    assert params["opt"][0].startswith("EXAMPLE one council|EXAMPLE Worcestershire|E10000034,E07000234")
    assert from_params(params, store.catalogue) == (example, [])
    assert to_params(OptionSet()) == {}


def test_a_bad_link_opens_with_no_options_and_says_why(store):
    options, notices = from_params({"opt": ["A|X|E07000234:50"], "oa": "E10000034,NOPE"}, store.catalogue)
    assert options == OptionSet(("E10000034",))
    assert any("NOPE" in n for n in notices) and any("could not be used" in n for n in notices)


def test_files_in_other_encodings_and_separators_read_the_same(store, example):
    text = EXAMPLE.read_text().replace(",", ";")
    assert read_options(store.catalogue, text.encode("cp1252"), "o.csv") == example
    assert read_options(store.catalogue, options_csv(example), "saved.csv") == example


def test_a_bad_file_changes_nothing_and_names_rows(store):
    data = to_csv_bytes(pd.DataFrame({"option": ["A"], "proposed_council": ["B"], "area_code": ["=HYPERLINK()"]}))
    with pytest.raises(OptionsRefused) as refused:
        read_options(store.catalogue, data, "bad.csv")
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "area_code")]
    with pytest.raises(OptionsRefused, match="refused"):
        read_options(store.catalogue, b"a,b\n1,2\n", "bad.csv")
    with pytest.raises(OptionsRefused):
        read_options(store.catalogue, b"", "empty.csv")


def test_the_editor_table_reads_like_a_file_blank_rows_skipped(store, example):
    frame = pd.read_csv(io.BytesIO(options_csv(example)), dtype=str, keep_default_na=False)
    frame.loc[len(frame)] = ["", "", "", ""]
    assert read_frame(store.catalogue, frame) == example


def test_saved_options_and_every_figure_are_safe_to_open_in_a_spreadsheet(store):
    from kpi.calc.options.model import Option, Part, Proposed

    typed = OptionSet(options=(Option("=HYPERLINK(1)", (Proposed("@SUM(1)", (Part("E07000236"),)),)),))
    saved = options_csv(typed).decode("utf-8-sig")
    assert "'=HYPERLINK(1),'@SUM(1),E07000236" in saved
    table = to_csv_bytes(options_view(store, typed).table).decode("utf-8-sig")
    assert "'=HYPERLINK(1),'@SUM(1)," in table and ",=" not in table
