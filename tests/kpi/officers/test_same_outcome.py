"""The column-wise reader gives exactly what the row-by-row reader gave: the same rows (values, units, notes, row
numbers, dtypes), the same problems in the same order with the same values and wording, the same name matches and
the same declared local metrics, on the example files and on generated files that mix good and bad rows.

The expected outcomes in tests/fixtures/uploads/expected/ were recorded from the row-by-row reader (the reader
before the column-wise one) and are compared here as they are; they are not rewritten from the code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from kpi.core import schema as S
from kpi.officers.figures.read import parse_upload
from kpi.officers.figures.template import template_csv, template_xlsx

UPLOADS = Path(__file__).resolve().parents[2] / "fixtures" / "uploads"
EXPECTED = UPLOADS / "expected"
MIXED = UPLOADS / "EXAMPLE_mixed_good_and_bad.csv"
BARKING = frozenset({"E09000002"})


def _number(text: str) -> object:
    """A cell as a spreadsheet would type it: plain numbers (of up to 15 digits) as numbers, anything else as text."""
    if len(text) > 15:
        return text
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text


def mixed_workbook(*, dates: bool) -> bytes:
    """The mixed CSV as a workbook with typed cells, plus rows of the other cell types (`dates`: with date cells,
    which a workbook reader turns into text)."""
    from openpyxl import Workbook

    rows = list(csv.reader(io.StringIO(MIXED.read_text(encoding="utf-8"), newline="")))
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([_number(c) if i == 4 else c or None for i, c in enumerate(row)])
    extra = [
        ["E09000002", None, "fte", "2009-10", 3050.5, 0],
        ["E09000002", None, "fte", "2008-09", True, None],
        ["E09000002", None, "fte", 2021, 1, None],
        [9000002, None, "fte", "2021-22", 1, None],
        [None, "Bexley", "headcount", "2019/20", 2100.0, "  "],
        ["E09000004", None, "reserves_pct_nre", "2022-23", 0.25, False],
    ]
    if dates:
        extra += [
            ["E09000002", None, "fte", dt.date(2023, 4, 1), 1, dt.datetime(2024, 5, 1, 9, 30)],
            ["E09000002", None, "fte", "2007-08", dt.datetime(2020, 1, 1), None],
        ]
    for row in extra:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def many_names() -> bytes:
    """More unknown council names than are matched for typos, a typo among them and one after the cap."""
    lines = ["area_name,metric_id,period,value"]
    lines += [f"Nowhere {i},fte,2023-24,1" for i in range(30)]
    lines += ["Barkng and Dagenham,fte,2023-24,1", "Nowhere 3,fte,2022-23,1"]
    lines += [f"Elsewhere {i},fte,2023-24,{i}" for i in range(30)]
    lines += ["Bexly,fte,2023-24,1", "Bexley,fte,2023-24,1", ",fte,2023-24,1"]
    return ("\n".join(lines) + "\n").encode()


def cases() -> dict[str, tuple[bytes, str, frozenset[str] | None]]:
    """name -> (file, file name, councils the officer may write for)."""
    mixed = MIXED.read_bytes()
    return {
        "example_fte": ((UPLOADS / "EXAMPLE_fte_barking_and_dagenham.csv").read_bytes(), "f.csv", None),
        "template_csv": (template_csv(), "t.csv", None),
        "template_xlsx": (template_xlsx(), "t.xlsx", None),
        "mixed_csv": (mixed, "m.csv", None),
        "mixed_csv_barking_only": (mixed, "m.csv", BARKING),
        "mixed_csv_semicolons_cp1252": (mixed.decode().replace(",", ";").encode("cp1252"), "m.csv", None),
        "mixed_csv_utf16_tabs": (mixed.decode().replace(",", "\t").encode("utf-16"), "m.csv", None),
        "mixed_xlsx": (mixed_workbook(dates=False), "m.xlsx", None),
        "mixed_xlsx_with_dates": (mixed_workbook(dates=True), "m.xlsx", BARKING),
        "many_names": (many_names(), "n.csv", None),
    }


def outcome(parsed) -> dict:
    """Everything a ParsedUpload says, as JSON (values as repr, so a number and its text differ)."""
    rows = parsed.rows
    return {
        "rows": [[repr(v) for v in record] for record in rows.itertuples(index=False)],
        "columns": list(rows.columns),
        "dtypes": [str(t) for t in rows.dtypes],
        "problems": [[p.row, p.column, repr(p.value), p.expected] for p in parsed.problems],
        "name_matches": {
            "index": [int(i) for i in parsed.name_matches.index],
            "records": [[repr(v) for v in r] for r in parsed.name_matches.itertuples(index=False)],
            "columns": list(parsed.name_matches.columns),
        },
        "new_metrics": parsed.new_metrics,
        "ok": parsed.ok,
    }


@pytest.mark.parametrize("name", list(cases()))
def test_the_column_wise_reader_gives_the_recorded_outcome(store, name):
    data, file_name, writable = cases()[name]
    expected = json.loads((EXPECTED / f"{name}.json").read_text(encoding="utf-8"))
    got = outcome(parse_upload(data, file_name, store.catalogue, writable=writable))
    for part in expected:
        assert got[part] == expected[part], part


def test_the_recorded_outcomes_cover_every_kind_of_problem():
    """The expected files are not trivially empty: each check of a row appears in them."""
    recorded = json.loads((EXPECTED / "mixed_csv_barking_only.json").read_text(encoding="utf-8"))
    columns = {p[1] for p in recorded["problems"]}
    assert columns >= {
        S.AREA_CODE,
        "area_name",
        S.METRIC_ID,
        S.PERIOD,
        S.VALUE,
        S.NOTES,
        "metric_title",
        "metric_unit",
        "metric_polarity",
        "area_code/metric_id/period",
    }
    assert recorded["rows"] and recorded["name_matches"]["records"] and recorded["new_metrics"]
