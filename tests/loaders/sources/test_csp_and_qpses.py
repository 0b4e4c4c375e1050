"""Core Spending Power and QPSES parsers on files built in their documented shapes (example values, not official)."""

from __future__ import annotations

import pytest

from loaders.errors import LayoutChanged
from loaders.sources import core_spending_power as csp
from loaders.sources import qpses
from tests.loaders.helpers import areas, value, xlsx


def csp_workbook(column: str = "csp_2030") -> bytes:
    header = ["ecode", "ons_code", "authority", "region", "class", column, "pop_2030"]
    return xlsx(
        {
            "input_data": [["example"]],
            "2030-31": [
                ["Core Spending Power (example layout, example values)"],
                header,
                ["E5030", "E09000002", "Barking and Dagenham", "L", "LB", 250_000_000, 1],
                ["E4601", "E08000025", "Birmingham", "WM", "MD", 1_500_000_000, 1],
            ],
        }
    )


def test_csp_documented_shape():
    content = csp_workbook()
    assert csp.sniff(content, "CSP_information_table.xlsx") == csp.SOURCE_ID
    parsed = csp.parse(content)
    tidy = csp.normalise(parsed, areas())
    assert value(tidy, "E09000002", "core_spending_power", "2030-31") == 250_000_000
    assert "2030-31 settlement" in tidy["notes"].iloc[0]


def test_csp_renamed_column_is_layout_changed():
    with pytest.raises(LayoutChanged, match="csp_2024"):
        csp.parse(csp_workbook("spending_power_2030"))


def qpses_workbook(*names: str) -> bytes:
    rows = [
        ["QPSES 2030 Q1 (example layout, example values)"],
        ["Auth Name", "Type", "Total Headcount", "Total FTE", "Temporary/Casual"],
    ]
    rows += [[name, "LB", 1000 + i, 800.5 + i, 10] for i, name in enumerate(names)]
    return xlsx({"Final Individual": rows})


def test_qpses_names_matched_to_codes_and_unmatched_reported():
    content = qpses_workbook("Barking & Dagenham", "Shepway", "Nowhere Borough")
    assert qpses.sniff(content, "QPSES 2030 Q1.xlsx") == qpses.SOURCE_ID
    parsed = qpses.parse(content, "QPSES 2030 Q1.xlsx")
    tidy = qpses.normalise(parsed, areas())
    assert value(tidy, "E09000002", "fte", "2029-30") == 800.5  # Q1 (March 2030) is in 2029-30
    assert value(tidy, "E09000002", "headcount", "2029-30") == 1000
    assert value(tidy, "E07000112", "fte", "2029-30") == 801.5  # Shepway = Folkestone and Hythe
    assert parsed.meta["unmatched"] == ["Nowhere Borough"]


def test_qpses_missing_fte_column_is_layout_changed():
    content = xlsx({"Final Individual": [["Auth Name", "Type", "Total Headcount"], ["Barking", "LB", 1]]})
    with pytest.raises(LayoutChanged, match="Total FTE"):
        qpses.parse(content, "QPSES 2030 Q1.xlsx")


def multi_year_workbook(title: str = "Core Spending Power (example layout, example values)") -> bytes:
    """Three year sheets as a multi-year settlement lays them out (example values, not official)."""
    sheets = {}
    for i, year in enumerate(("2026-27", "2027-28", "2028-29")):
        column = f"csp_{year[:4]}"
        rows = [[title], ["ecode", "ons_code", "authority", "region", "class", column, f"pop_{year[:4]}"]]
        rows.append(["E5030", "E09000002", "Barking and Dagenham", "L", "LB", 250_000_000 + i * 1_000_000, 1])
        sheets[year] = rows
    return xlsx(sheets)


@pytest.mark.parametrize(
    "filename,title",
    [
        ("CSP_information_table_2026-27_to_2028-29.xlsx", "Core Spending Power (example values)"),
        ("CSP_information_table.xlsx", "Core Spending Power, multi-year settlement 2026-27 to 2028-29 (example)"),
    ],
)
def test_a_multi_year_settlement_keeps_its_later_years_indicative(filename, title):
    parsed = csp.parse(multi_year_workbook(title), filename)
    assert parsed.meta["settlement"] == "2026-27" and parsed.release.startswith("multi-year settlement 2026-27")
    tidy = csp.normalise(parsed, areas()).set_index("period")
    assert (
        tidy.loc["2026-27", "status"] == "" and "as published in the 2026-27 settlement" in tidy.loc["2026-27", "notes"]
    )
    for later in ("2027-28", "2028-29"):
        assert tidy.loc[later, "status"] == "provisional"
        assert tidy.loc[later, "notes"].startswith(
            "indicative allocation in the 2026-27 settlement, not a final figure"
        )
    assert value(tidy.reset_index(), "E09000002", "core_spending_power", "2028-29") == 252_000_000


def test_a_single_year_settlement_is_final_as_before():
    parsed = csp.parse(csp_workbook(), "CSP_information_table.xlsx")
    assert parsed.meta["indicative"] == () and parsed.release == "settlement 2030-31"
    assert (csp.normalise(parsed, areas())["status"] == "").all()
