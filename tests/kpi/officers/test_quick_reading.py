"""Plain workbooks are read by calamine, all others by openpyxl as before, and every one reads as openpyxl reads it;
a workbook that would make calamine build a huge grid never reaches it. CSV files read in chunks name the same line
and keep the same row numbers as read one row at a time."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from kpi.officers.figures.read import parse_upload
from kpi.officers.figures.template import template_xlsx
from kpi.officers.files.csv_rows import CHUNK
from kpi.officers.files.tabular import FileRejected, read_table
from kpi.officers.files.xlsx_quick import quick_rows
from tests.kpi.officers import rawxlsx as X
from tests.kpi.officers.test_same_outcome import mixed_workbook

ROOT = Path(__file__).resolve().parents[3]
HEADER = "area_code,metric_id,period,value\n"


@pytest.fixture(scope="module")
def cat(store):
    return store.catalogue


def pandas_workbook(rows: int) -> bytes:
    frame = pd.DataFrame(
        {
            "area_code": ["E09000002"] * rows,
            "metric_id": ["fte"] * rows,
            "period": [f"{1980 + i % 40}-{(81 + i % 40) % 100:02d}" for i in range(rows)],
            "value": [1000.5 + i for i in range(rows)],
        }
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data", [template_xlsx(), mixed_workbook(dates=False), pandas_workbook(300)], ids=["template", "mixed", "pandas"]
)
def test_plain_workbooks_are_read_by_calamine(data):
    """Workbooks as pandas and openpyxl write them (and Excel: the same plain cells) take the quick way."""
    chunks = quick_rows(data)
    assert chunks is not None and sum(map(len, chunks)) > 2


def test_a_workbook_with_dates_is_left_to_openpyxl():
    assert quick_rows(mixed_workbook(dates=True)) is None


# What openpyxl reads from each cell (the row-by-row reader's outcome); calamine would read several differently.
UNUSUAL = {
    "spaces in a number cell": ('<c r="D2"><v> 12 </v></c>', 12),
    "an exponent": ('<c r="D2"><v>1.5E3</v></c>', 1500),
    "a 19-digit integer": ('<c r="D2"><v>1234567890123456789</v></c>', 1234567890123456789),
    "an error cell": ('<c r="D2" t="e"><v>#N/A</v></c>', "#N/A"),
    "an ISO date cell": ('<c r="D2" t="d"><v>2025-01-31</v></c>', "2025-01-31"),
    "text with unmarked spaces": ('<c r="D2" t="inlineStr"><is><t> 12 </t></is></c>', " 12 "),
    "escaped text": ('<c r="D2" t="inlineStr"><is><t>a_x000D_b</t></is></c>', "a_x000D_b"),
    "a hexadecimal character reference": ('<c r="D2" t="inlineStr"><is><t>a&#x41;b</t></is></c>', "aAb"),
    "a formula's text": ('<c r="D2" t="str"><f>A1</f><v>x</v></c>', "x"),
    "a cell without its reference": ("<c><v>5</v></c>", 5),
    "a column past Z": ('<c r="AA2"><v>5</v></c>', ""),
    "text in a number cell": ('<c r="D2"><v>abc</v></c>', "workbook is damaged just after row 1"),
    "a control character": ('<c r="D2" t="inlineStr"><is><t>a\x08</t></is></c>', "workbook cannot be opened"),
}


@pytest.mark.parametrize("cell,expected", UNUSUAL.values(), ids=UNUSUAL.keys())
def test_unusual_cells_are_read_as_openpyxl_reads_them(cell, expected):
    data = X.workbook(X.figures_row(cell))
    assert quick_rows(data) is None
    if isinstance(expected, str) and expected.startswith("workbook"):
        with pytest.raises(FileRejected, match=expected):
            read_table(data, "f.xlsx")
    else:
        assert read_table(data, "f.xlsx")["value"].tolist() == [expected]


def _repack(data: bytes, change) -> bytes:
    """The package with `change(name, body) -> [(name, body), ...]` applied to each part."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            for name, body in change(info.filename, source.read(info)):
                package.writestr(name, body)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
PACKAGES = {
    "a part named twice": lambda n, b: [(n, b), (n, b)] if n == SHEET else [(n, b)],
    "a sheet in UTF-16": lambda n, b: [(n, b.decode().encode("utf-16"))] if n == SHEET else [(n, b)],
    "a sheet declaring Latin-1": lambda n, b: (
        [(n, b'<?xml version="1.0" encoding="ISO-8859-1"?>' + b)] if n == SHEET else [(n, b)]
    ),
}


@pytest.mark.filterwarnings("ignore:Duplicate name")
@pytest.mark.parametrize("change", PACKAGES.values(), ids=PACKAGES.keys())
def test_unusual_packages_are_left_to_openpyxl(change):
    assert quick_rows(_repack(X.workbook(X.figures_row('<c r="D2"><v>12</v></c>')), change)) is None


QUICK = """
import json, resource, sys
from kpi.officers.files.xlsx_quick import quick_rows
from kpi.officers.files.tabular import read_table
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
quick = quick_rows(data)
values = read_table(data, "f.xlsx")["value"].tolist()
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"quick": quick is not None, "values": values, "megabytes": (after - before) / 1024}))
"""

FAR_APART = {
    "the last cell of the grid": '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    "a cell far to the right": '<row r="3"><c r="XFD3"><v>1</v></c></row>',
    "a cell far below": '<row r="1000000"><c r="A1000000"><v>1</v></c></row>',
    "cells placed by their order": '<row r="3">' + "<c><v>1</v></c>" * 16_384 + "</row>",
    "a prefixed cell": '<row r="3" xmlns:x="urn:x">' + "<x:c><x:v>1</x:v></x:c>" * 16_384 + "</row>",
}


@pytest.mark.parametrize("far", FAR_APART.values(), ids=FAR_APART.keys())
def test_cells_far_apart_never_reach_calamine(tmp_path, far):
    """calamine would build the grid between the first cell and the last whole (hundreds of gigabytes for A1 and
    XFD1048576, ending the process); such a workbook is streamed by openpyxl, in bounded memory."""
    path = tmp_path / "far.xlsx"
    path.write_bytes(X.workbook(X.figures_row('<c r="D2"><v>12</v></c>') + far))
    done = subprocess.run(
        [sys.executable, "-c", QUICK, str(path)], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert not found["quick"] and found["values"][0] == 12 and found["megabytes"] < 200, found


# CSV read a chunk at a time ----------------------------------------------------------------------------------------
def figures(count: int, start: int = 1980) -> str:
    return "".join(f"E09000002,fte,{start + i % 100}-{(start + 1 + i % 100) % 100:02d},{i}\n" for i in range(count))


def test_a_bad_line_after_the_first_chunk_is_named_by_its_line(cat):
    lines = CHUNK + 1000
    data = HEADER + figures(lines) + "E09000002,fte,2023-24," + "x" * 140_000 + "\n"
    with pytest.raises(FileRejected, match=f"row starting on line {lines + 2:,} has a cell longer than 131,072"):
        parse_upload(data.encode(), "f.csv", cat)


def test_more_rows_than_the_limit_before_a_bad_line_are_refused_for_their_number(cat):
    data = HEADER + figures(20_001) + 'E09000002,fte,2023-24,"1\n' + "x\n" * 10
    with pytest.raises(FileRejected, match="more than 20,000 rows"):
        parse_upload(data.encode(), "f.csv", cat)


def test_rows_keep_their_numbers_across_chunks_and_blank_lines(cat):
    rows = [f"E09000002,fte,{1975 + i}-{(1976 + i) % 100:02d},{1000 + i}" for i in range(100)]
    rows[60] = "E09000002,fte,2035-36,lots"  # a problem on the row after many blank lines
    text = HEADER + "\n".join(rows[:50]) + "\n" + "\n" * (2 * CHUNK) + ",,,\n" + "\n".join(rows[50:]) + "\n"
    parsed = parse_upload(text.encode(), "f.csv", cat)
    line = 1 + 50 + 2 * CHUNK + 1 + 11  # header, 50 rows, blank lines, a row of empty cells, then the 11th row
    assert [(p.row, p.column, p.value) for p in parsed.problems] == [(line, "value", "lots")]
    assert parsed.rows["_excel_row"].tolist()[49:51] == [51, 51 + 2 * CHUNK + 2]


def test_a_table_away_from_the_corner_keeps_its_columns_and_rows():
    """calamine leaves out the columns before the first one used; they are put back, as openpyxl reads them."""
    cells = X.row(3, [X.text("C3", "area_code"), X.text("D3", "metric_id")])
    cells += X.row(4, [X.text("C4", "E09000002"), X.text("D4", "fte")])
    data = _repack(
        X.workbook(""),
        lambda n, b: (
            [(n, f'<worksheet xmlns="{X.MAIN}"><sheetData>{cells}</sheetData></worksheet>'.encode())]
            if n == SHEET
            else [(n, b)]
        ),
    )
    assert quick_rows(data) is not None
    frame = read_table(data, "f.xlsx")
    assert list(frame.columns) == ["column_1", "column_2", "area_code", "metric_id", "_excel_row"]
    assert frame.values.tolist() == [["", "", "E09000002", "fte", 4]]
