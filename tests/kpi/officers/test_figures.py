"""Officers' files as they really are: encodings, separators, £ and %, names for codes, year spellings, errors."""

import io

import pandas as pd
import pytest

from kpi.core import schema as S
from kpi.core.periods import PeriodError
from kpi.officers.figures.cells import parse_number, parse_period
from kpi.officers.figures.read import TEMPLATE_MARKER, parse_upload
from kpi.officers.figures.template import template_csv, template_xlsx
from kpi.officers.files.tabular import FileRejected
from kpi.storage.changes import compare


@pytest.fixture(scope="module")
def cat(store):
    return store.catalogue


def parse(cat, text, name="f.csv", encoding="utf-8", **kw):
    return parse_upload(text.encode(encoding) if isinstance(text, str) else text, name, cat, **kw)


@pytest.mark.parametrize(
    "given,expected",
    [
        ("2023-24", "2023-24"),
        ("2023/24", "2023-24"),
        ("2023-2024", "2023-24"),
        ("2023/2024", "2023-24"),
        ("FY2023", "2023-24"),
        ("fy 2010", "2010-11"),
        (" 2010/11 ", "2010-11"),
        ("FY2023/24", "2023-24"),
    ],
)
def test_period_spellings(given, expected):
    assert parse_period(given) == expected


@pytest.mark.parametrize("bad", ["2023", "2023-25", "23/24", "July 2023", "", "2023/2025"])
def test_bad_periods_are_refused(bad):
    with pytest.raises(PeriodError):
        parse_period(bad)


@pytest.mark.parametrize(
    "given,expected",
    [
        ("£1,234", (1234.0, False)),
        ("12%", (12.0, True)),
        (" 1 234 ", (1234.0, False)),
        ("(1,500.5)", (-1500.5, False)),
        (2500, (2500.0, False)),
        ("£1,234,567.89", (1234567.89, False)),
        ("-7", (-7.0, False)),
    ],
)
def test_numbers(given, expected):
    assert parse_number(given) == expected


@pytest.mark.parametrize("bad", ["", "n/a", "12,34", "1.2.3", "£", "ten"])
def test_not_numbers(bad):
    with pytest.raises(ValueError):
        parse_number(bad)


def test_exactly_the_four_columns_are_always_accepted(cat):
    p = parse(cat, "area_code,metric_id,period,value\nE09000002,fte,2023-24,2500\n")
    assert p.ok and p.rows[S.VALUE].tolist() == [2500] and p.rows[S.UNIT].tolist() == ["fte"]


def test_windows_1252_semicolons_bom_pounds_and_blank_trailing_rows(cat):
    text = (
        "Area code;Metric;Year;Value;Notes\r\nE09000002;core_spending_power;2024/25;£210,000,000;"
        "settlement – final\r\n;;;;\r\n\r\n"
    )
    p = parse(cat, text, encoding="cp1252")
    assert p.ok, p.problem_table()
    assert p.rows.iloc[0][S.VALUE] == 210_000_000 and p.rows.iloc[0][S.NOTES] == "settlement – final"
    p2 = parse(cat, "\ufeffarea_code,metric_id,period,value\nE09000002,fte,FY2023,2500\n")
    assert p2.ok and p2.rows.iloc[0][S.PERIOD] == "2023-24"


def test_council_names_are_matched_and_shown(cat):
    p = parse(
        cat,
        "area_name,metric_id,period,value\nLondon Borough of Barking and Dagenham,fte,2023-24,2500\n"
        "Bexley,fte,2023-24,2400\n",
    )
    assert p.ok, p.problem_table()
    assert p.rows[S.AREA_CODE].tolist() == ["E09000002", "E09000004"]
    assert p.name_matches[["given", "area_code"]].values.tolist() == [
        ["London Borough of Barking and Dagenham", "E09000002"],
        ["Bexley", "E09000004"],
    ]


def test_percent_only_for_percent_measures(cat):
    p = parse(
        cat, "area_code,metric_id,period,value\nE09000002,reserves_pct_nre,2023-24,12%\nE09000002,fte,2023-24,12%\n"
    )
    assert [(x.row, x.column) for x in p.problems] == [(3, "value")]
    assert "without a % sign" in p.problems[0].expected


def test_each_error_class_names_row_column_value_and_expectation(cat):
    text = (
        "area_code,metric_id,period,value\n"
        "E09999999,fte,2023-24,1\n"  # row 2 unknown council
        "E09000002,ftee,2023-24,1\n"  # row 3 unknown metric
        "E09000002,fte,2023,1\n"  # row 4 bad period
        "E09000002,fte,2022-23,lots\n"  # row 5 not a number
        "E09000002,fte,2021-22,1\n"
        "E09000002,fte,2021/22,2\n"
    )  # row 7 duplicate of row 6
    p = parse(cat, text)
    found = {(x.row, x.column) for x in p.problems}
    assert found == {(2, "area_code"), (3, "metric_id"), (4, "period"), (5, "value"), (7, "area_code/metric_id/period")}
    table = p.problem_table()
    assert list(table.columns) == ["row", "column", "value", "expected"]
    by_row = table.set_index("row")
    assert "did you mean fte" in by_row.at[3, "expected"]
    assert by_row.at[7, "expected"].endswith("(row 6 has the same)")
    assert not p.ok


def test_missing_column_is_named(cat):
    p = parse(cat, "area_code,metric_id,value\nE09000002,fte,1\n")
    assert [x.column for x in p.problems] == ["period"] and "area_code, metric_id, period, value" in p.problems[
        0
    ].expected


def test_rows_for_another_council_refuse_the_file(cat):
    p = parse(
        cat,
        "area_code,metric_id,period,value\nE09000002,fte,2023-24,1\nE09000004,fte,2023-24,1\n",
        writable=frozenset({"E09000002"}),
    )
    assert [(x.row, x.column) for x in p.problems] == [(3, "area_code")]
    assert "E09000002 (Barking and Dagenham)" in p.problems[0].expected


def test_new_local_metric_needs_title_unit_polarity(cat):
    ok = parse(
        cat,
        "area_code,metric_id,period,value,metric_title,metric_unit,metric_polarity\n"
        "E09000002,sickness_days,2023-24,9.5,Days lost to sickness,rate,lower better\n",
    )
    assert ok.ok and ok.new_metrics["sickness_days"]["polarity"] == "lower_better"
    bad = parse(
        cat,
        "area_code,metric_id,period,value,metric_title,metric_unit,metric_polarity\n"
        "E09000002,sickness_days,2023-24,9.5,Days lost,parsecs,\n",
    )
    assert {x.column for x in bad.problems} == {"metric_unit", "metric_polarity"}


def test_template_is_readable_and_its_example_rows_are_refused(cat):
    for data, name in ((template_csv(), "t.csv"), (template_xlsx(), "t.xlsx")):
        p = parse_upload(data, name, cat)
        assert len(p.problems) == 2 and all(x.column == "notes" for x in p.problems)
        assert TEMPLATE_MARKER in pd.read_csv(io.BytesIO(template_csv()))["notes"].iloc[0]


def test_xlsx_upload_with_numbers_and_row_numbers(cat):
    frame = pd.DataFrame(
        {
            "area_code": ["E09000002", "E09000002"],
            "metric_id": ["fte", "fte"],
            "period": ["2022/23", "2023/24"],
            "value": [2500, "lots"],
        }
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    p = parse_upload(buffer.getvalue(), "fte.xlsx", cat)
    assert [(x.row, x.column, x.value) for x in p.problems] == [(3, "value", "lots")]


@pytest.mark.parametrize(
    "name,data,match",
    [
        ("f.txt", b"a", "not a .csv or .xlsx"),
        ("f.csv", b"", "empty"),
        ("f.xlsx", b"not a zip", "cannot be opened"),
        ("f.csv", b"\x81\x8d\x8f\x90\x9d", "neither UTF-8"),
    ],
)
def test_unreadable_files_are_rejected_whole(cat, name, data, match):
    with pytest.raises(FileRejected, match=match):
        parse_upload(data, name, cat)


def test_compare_marks_add_change_unchanged(cat):
    current = parse(cat, "area_code,metric_id,period,value\nE09000002,fte,2022-23,1\nE09000002,fte,2023-24,2\n").rows
    incoming = parse(
        cat,
        "area_code,metric_id,period,value\nE09000002,fte,2022-23,1\nE09000002,fte,2023-24,3\nE09000002,fte,2024-25,4\n",
    ).rows
    assert compare(current, incoming)["change"].tolist() == ["unchanged", "change", "add"]


def test_title_rows_above_the_header_are_skipped_and_rows_keep_excel_numbers(cat):
    text = "FTE return for members,,,\n(example file),,,\narea_code,metric_id,period,value\nE09000002,fte,2023-24,x\n"
    p = parse(cat, text)
    assert [(x.row, x.column) for x in p.problems] == [(4, "value")]


def test_a_shadow_councils_provisional_code_is_a_council_code(cat):
    p = parse(cat, "area_code,metric_id,period,value\nE06X00001,fte,2026-27,4100\ne06x00002,fte,2026-27,3900\n")
    assert not p.problems
    assert p.rows[S.AREA_CODE].tolist() == ["E06X00001", "E06X00002"]
    bad = parse(cat, "area_code,metric_id,period,value\nE06X00009,fte,2026-27,4100\n")
    assert [(x.row, x.column, x.value) for x in bad.problems] == [(2, "area_code", "E06X00009")]
