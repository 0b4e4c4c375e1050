"""CSV downloads: header lines, exact rows, and cells a spreadsheet would run as formulas made inert."""

import csv
import io

import pandas as pd
import pytest

from kpi.core.safecsv import header_lines, neutralise, to_csv_bytes


def read(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize(
    "cell", ["=1+1", "+44 20", "-2+3", "@SUM(A1)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x","y")']
)
def test_text_that_starts_a_formula_is_prefixed_with_an_apostrophe(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", [-12.5, -3, 0, 1_000_000, 2.5e-3])
def test_numbers_including_negative_ones_stay_numbers(cell):
    assert neutralise(cell) == cell


def test_plain_text_is_unchanged():
    assert neutralise("Barking and Dagenham") == "Barking and Dagenham"


def test_file_has_header_lines_then_the_rows_with_numbers_unquoted():
    frame = pd.DataFrame(
        {
            "area_name": ["=cmd|' /C calc'!A0", "Bexley"],
            "period": ["2020-21", "2020-21"],
            "value": [-1234.5, float("nan")],
            "status": ["", "estimated"],
        }
    )
    lines = header_lines(
        title="Debt: Bexley",
        subtitle="£, cash",
        source_note="Source: MHCLG (OGL v3.0).",
        licence="OGL v3.0",
        retrieved="2026-11-21",
    )
    data = to_csv_bytes(frame, header_lines=lines)
    rows = read(data)
    assert rows[0] == ["Title: Debt: Bexley"]
    assert rows[1] == ["Units and basis: £, cash"]
    assert rows[3] == ["Licence: OGL v3.0"] and rows[4] == ["Retrieved: 2026-11-21"]
    assert rows[5] == []
    assert rows[6] == ["area_name", "period", "value", "status"]
    assert rows[7] == ["'=cmd|' /C calc'!A0", "2020-21", "-1234.5", ""]
    assert rows[8] == ["Bexley", "2020-21", "", "estimated"]
    # The negative number is written bare, so a spreadsheet reads it as a number.
    assert b"\r\n\"'=cmd" in data or b"'=cmd" in data
    assert b",-1234.5," in data


def test_formulas_are_neutralised_and_numbers_stay_numbers():
    frame = pd.DataFrame({"a": ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "plain"], "n": [1, -2, 3, 4, 5, 6]})
    rows = list(csv.reader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)", "'\tx", "plain"]
    assert [r[1] for r in rows[1:]] == ["1", "-2", "3", "4", "5", "6"]
