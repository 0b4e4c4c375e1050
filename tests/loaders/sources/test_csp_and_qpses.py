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
