"""Every source declares the one interface the pipeline uses, and says why a file is not one of its releases."""

from __future__ import annotations

import inspect

import pytest

from loaders import pipeline, registry
from loaders.errors import LayoutChanged, NotThisSource
from loaders.source import Source
from loaders.sources import (
    SOURCES,
    borrowing,
    core_spending_power,
    council_tax,
    nearest_neighbours,
    ons_gdp_deflator,
    ons_population,
    qpses,
    recognise,
    revenue_outturn,
    source_for,
)
from tests.loaders.helpers import raw, xlsx
from tests.loaders.sources.test_csp_and_qpses import csp_workbook, qpses_workbook

BORROWING = "Borrowing_and_Investment_Live_Table_Q4_2019_20.xlsx"
STRAY_CSV = b"council,amount\nBarking,1\n"


@pytest.mark.parametrize("source", SOURCES, ids=[s.name for s in SOURCES])
def test_every_source_has_the_interface(source):
    assert isinstance(source, Source)
    assert source.ids and all(isinstance(i, str) and i for i in source.ids)
    for step, arity in (("sniff", 2), ("parse", 2), ("normalise", 2), ("fetch", 4)):
        function = getattr(source, step)
        assert callable(function), step
        assert len(inspect.signature(function).parameters) >= arity, step
    assert source.replaces_table in ("", *pipeline.TABLE_FILES)


def test_each_source_id_belongs_to_one_source_and_every_address_to_a_source():
    ids = [i for s in SOURCES for i in s.ids]
    assert len(ids) == len(set(ids))
    for entry in registry.ENTRIES:
        assert entry.source_id in source_for(entry.source_id).ids


@pytest.mark.parametrize(
    "module, content, filename",
    [
        (revenue_outturn, raw("RS_2016-17_data_by_LA.xlsx"), "RS_2016-17_data_by_LA.xlsx"),
        (council_tax, raw("ctr_2223.xlsx"), "ctr_2223.xlsx"),
        (borrowing, raw(BORROWING), BORROWING),
        (ons_population, raw("mye22final.xlsx"), "mye22final.xlsx"),
        (core_spending_power, csp_workbook(), "CSP_information_table.xlsx"),
        (qpses, qpses_workbook("Barking and Dagenham"), "QPSES 2030 Q1.xlsx"),
        (ons_gdp_deflator, raw("ons_ybgb_gdp_deflators.csv"), "ons_ybgb_gdp_deflators.csv"),
        (nearest_neighbours, b"tier,la_code,rank,neighbour_code,relative_distance\n", "nn.csv"),
    ],
    ids=lambda v: getattr(v, "__name__", "").rsplit(".", 1)[-1] or None,
)
def test_each_source_recognises_its_own_release(module, content, filename):
    assert module.SOURCE.sniff(content, filename) in module.SOURCE.ids
    assert recognise(content, filename) in module.SOURCE.ids


@pytest.mark.parametrize(
    "module, content, looked_for",
    [
        (borrowing, raw("ctr_2223.xlsx"), "no sheet like 'LA Borrowing 19-20 Q4'; found sheets: "),
        (borrowing, STRAY_CSV, "not a readable spreadsheet (csv); looked for a sheet like 'LA Borrowing"),
        (council_tax, raw(BORROWING), "no sheet 'Data_Billing'"),
        (revenue_outturn, STRAY_CSV, "no column RS_netrevexp_net_exp"),
        (revenue_outturn, raw(BORROWING), "no sheet like 'RS LA Data 2023-24'"),
        (ons_population, xlsx({"MYE2 - Persons": [["Code", "Name"]]}), "no sheet MYE4; found sheets: MYE2 - Persons"),
        (ons_population, STRAY_CSV, "no GEOGRAPHY_CODE and OBS_VALUE columns"),
        (core_spending_power, csp_workbook("spending_power_2030"), "column like csp_2024"),
        (qpses, raw(BORROWING), "no sheet 'Final Individual'"),
        (ons_gdp_deflator, STRAY_CSV, "no CDID YBGB"),
        (ons_gdp_deflator, raw(BORROWING), "'Financial year' table"),
        (nearest_neighbours, raw(BORROWING), "not a CSV (xlsx)"),
        (nearest_neighbours, STRAY_CSV, "no columns tier, la_code, rank, neighbour_code"),
    ],
)
def test_sniff_of_a_wrong_file_says_what_it_looked_for(module, content, looked_for):
    with pytest.raises(NotThisSource) as raised:
        module.SOURCE.sniff(content, "wrong")
    assert looked_for in raised.value.message
    assert raised.value.source_id in module.SOURCE.ids


def test_found_sheets_are_listed_short():
    book = xlsx({f"Sheet {i}": [["x"]] for i in range(9)})
    with pytest.raises(NotThisSource, match=r"found sheets: Sheet 0, .*Sheet 4 \(and 4 more\)$"):
        qpses.SOURCE.sniff(book, "book.xlsx")


def test_recognise_of_an_unknown_file_lists_every_source_and_its_reason():
    with pytest.raises(LayoutChanged) as raised:
        recognise(STRAY_CSV, "budget_notes.csv")
    message = raised.value.message
    assert message.startswith("budget_notes.csv is not a known release. Looked for: ")
    for source in SOURCES:
        assert f"{source.name}: " in message
    for reason in ("RS_netrevexp_net_exp", "MYE4", "not a readable spreadsheet (csv)", "CDID YBGB", "neighbour_code"):
        assert reason in message


def test_a_source_that_replaces_a_table_says_so_in_its_outcome():
    from tests.loaders.helpers import areas

    outcome = pipeline.read_release(raw("ons_ybgb_gdp_deflators.csv"), "ons_ybgb_gdp_deflators.csv", areas())
    assert outcome.source_id == "ons_gdp_deflator_ybgb" and outcome.replaces_table == "deflators"
    assert outcome.release == "30-06-2025"
    assert list(outcome.rows.columns) == ["period", "index", "source_id", "release"]
