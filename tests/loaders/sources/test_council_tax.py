"""Council tax requirement and Band D from the real CTR tables (Table 9 ODS, CTR data workbook with two-row header)."""

from __future__ import annotations

import pytest

from loaders.errors import LayoutChanged
from loaders.sources import council_tax as ct
from tests.loaders.helpers import areas, raw, value, xlsx

BD = "E09000002"


@pytest.fixture(scope="module")
def table9():
    return ct.normalise(ct.parse(raw("CTR_Table_9_2023-24.ods"), "CTR_Table_9_2023-24.ods"), areas())


def test_table9_band_d_and_requirement_2023_24(table9):
    current = table9[~table9["fill_only"]]
    assert value(current, BD, "band_d_council_tax", "2023-24") == 1458.57
    assert value(current, BD, "council_tax_requirement", "2023-24") == 77_780_750
    # Birmingham: line 9 excludes parish precepts (1,637.45 with them, line 8)
    assert value(current, "E08000025", "band_d_council_tax", "2023-24") == 1630.16
    assert value(current, "E10000016", "band_d_council_tax", "2023-24") == 1534.23  # Kent (precepting sheet)
    assert value(current, "E10000016", "council_tax_requirement", "2023-24") == 876_779_290
    assert set(current["status"]) == {"budget"}


def test_tax_base_in_band_d_equivalents_from_the_ctr_returns(table9):
    # PROVENANCE (council-tax-ctr-2014-2024): Barking & Dagenham's tax base went 40,522 -> 53,327 Band D equivalents
    # (2014-15 to 2023-24); Kent CC's 2023-24 base for the major precepting authority is 571,478.
    current = table9[~table9["fill_only"]]
    assert value(current, BD, "council_tax_base", "2023-24") == 53_326.9
    assert value(current, "E10000016", "council_tax_base", "2023-24") == 571_478.4  # Kent (precepting sheet)
    assert set(current.loc[current["metric_id"] == "council_tax_base", "unit"]) == {"dwellings"}
    older = ct.normalise(ct.parse(raw("ctr_1516.xlsx")), areas())
    assert value(older, BD, "council_tax_base", "2014-15") == 40_522.1  # the 2015-16 workbook's previous year
    assert value(ct.normalise(ct.parse(raw("ctr_2223.xlsx")), areas()), BD, "council_tax_base", "2022-23") == 52_079.2


def test_table9_previous_year_only_fills_gaps(table9):
    prev = table9[table9["fill_only"]]
    assert set(prev["period"]) == {"2022-23"}
    assert value(prev, BD, "band_d_council_tax", "2022-23") == 1389.24


def test_table9_ignores_external_link_pseudo_sheets():
    from loaders.tables import Workbook

    book = Workbook(raw("CTR_Table_9_2023-24.ods"), ct.SOURCE_ID)
    assert "Data_Billing" in book.sheet_names
    assert not any(name.startswith("'file:") for name in book.sheet_names)


def test_ctr_data_workbook_two_row_header():
    content = raw("ctr_2223.xlsx")
    assert ct.sniff(content, "ctr_2223.xlsx") == ct.SOURCE_ID
    tidy = ct.normalise(ct.parse(content), areas())
    assert value(tidy, BD, "band_d_council_tax", "2022-23") == 1389.24
    assert value(tidy, BD, "band_d_council_tax", "2021-22") == 1348.91
    assert value(tidy, BD, "council_tax_requirement", "2022-23") == 72_350_452
    assert value(tidy, "E10000016", "council_tax_requirement", "2022-23") == 823_094_413  # Kent, precepting rows


def test_ctr_2015_16_workbook_items_are_found_by_their_words_not_numbers():
    # Band D excluding parish precepts is item 11 here (item 9 from 2021-22); precepting bodies share the columns.
    tidy = ct.normalise(ct.parse(raw("ctr_1516.xlsx")), areas())
    assert value(tidy, BD, "band_d_council_tax", "2015-16") == 1036.67
    assert value(tidy, BD, "band_d_council_tax", "2014-15") == 1016.40
    assert value(tidy, BD, "council_tax_requirement", "2014-15") == 41_186_683
    assert value(tidy, "E10000016", "council_tax_requirement", "2015-16") == 549_034_002


@pytest.mark.parametrize(
    "name, year", [("CTR_Table_9_2023-24.ods", "2023-24"), ("ctr_2223.xlsx", "2022-23"), ("ctr_1516.xlsx", "2015-16")]
)
def test_each_release_reproduces_the_committed_rows_for_its_year(store, name, year):
    tidy = ct.normalise(ct.parse(raw(name), name), areas())
    current = tidy[~tidy["fill_only"]]
    obs = store.observations
    committed = obs[(obs["source_id"] == ct.SOURCE_ID) & (obs["period"] == year)]
    key = ["area_code", "metric_id", "period"]
    a, b = committed.set_index(key).sort_index(), current.set_index(key).sort_index()
    assert list(a.index) == list(b.index)
    assert (a["value"].to_numpy() == b["value"].round(4).to_numpy()).all()
    assert (a["notes"].to_numpy() == b["notes"].to_numpy()).all()


def test_renamed_band_d_column_is_layout_changed():
    content = xlsx(
        {
            "Data_Billing": [
                ["The current year that this table refers to relates to financial year 2030-31 (example)"],
                [
                    "E-code",
                    "ONS Code",
                    "Authority",
                    "Class",
                    "3. Council Tax Requirement excluding local precepts (previous year)",
                    "3. Council Tax Requirement excluding local precepts (current year)",
                    "7. Council tax base for council tax setting purposes (previous year)",
                    "7. Council tax base for council tax setting purposes (current year)",
                    "9. Mean council tax excluding local precepts (previous year)",
                    "9. Mean council tax excluding local precepts (current year)",
                ],
                ["E5030", "E09000002", "Barking and Dagenham", "OLB", 1, 2, 1, 1, 1, 2],
            ]
        }
    )
    with pytest.raises(LayoutChanged, match="Band D"):
        ct.parse(content, "table9.xlsx")


def test_council_taxbase_dwellings_from_side_by_side_tables():
    content = raw("Council_Taxbase_local_authority_level_data_2022.ods")
    assert ct.sniff(content, "Council_Taxbase_local_authority_level_data_2022.ods") == ct.TAXBASE_ID
    parsed = ct.parse(content, "Council_Taxbase_local_authority_level_data_2022.ods")
    assert parsed.release == "Council Taxbase 2022 (October 2022)"
    tidy = ct.normalise(parsed, areas())
    assert value(tidy, BD, "dwellings", "2022-23") == 78_617  # October 2022 -> 2022-23
    assert value(tidy, "E08000025", "dwellings", "2022-23") == 456_736
    assert value(tidy, "E06000052", "dwellings", "2022-23") == 279_638
    assert value(tidy, "E07000236", "dwellings", "2022-23") == 37_670
    assert set(tidy["unit"]) == {"dwellings"}
