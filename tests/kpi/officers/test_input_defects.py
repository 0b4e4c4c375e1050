"""Regression tests for the input defects an adversarial run of generated files found: one (or a few) per defect.

Each fed a file to the same calls the pages make and got a crash, an absurd figure accepted, or a file that cost far
more than its size. Now each file is refused whole (FileRejected, with the line or row) or its rows are reported
with row and column, within a bounded time and memory.
"""

import codecs
import json
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from kpi.core import schema as S
from kpi.core.periods import PeriodError, is_period
from kpi.model.store import merged_store
from kpi.officers.figures.cells import parse_period
from kpi.officers.figures.read import parse_upload
from kpi.officers.files.tabular import FileRejected, read_table
from kpi.officers.plans import read as A
from kpi.storage.figures import FigureStore
from kpi.views.profile import profile
from tests.kpi.officers import rawxlsx as X

HEADER = "area_code,metric_id,period,value\n"


@pytest.fixture(scope="module")
def cat(store):
    return store.catalogue


ROOT = Path(__file__).resolve().parents[3]
MEASURE = """
import json, resource, sys, time
from kpi.officers.files.tabular import FileRejected, read_table
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    outcome = "read %d rows" % len(read_table(data, sys.argv[2]))
except FileRejected as exc:
    outcome = "refused: %s" % exc
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": time.perf_counter() - start, "megabytes": (after - before) / 1024, "outcome": outcome}))
"""


def bounded(call, *, seconds: float):
    """Run `call`, failing if it takes longer than given (a generous bound: the machine may be busy)."""
    start = time.perf_counter()
    result = call()
    took = time.perf_counter() - start
    assert took < seconds, f"took {took:.1f} s"
    return result


def read_in_a_fresh_process(tmp_path, data: bytes, name: str, *, seconds: float, megabytes: float) -> str:
    """read_table in a process of its own, so its peak memory is measured; the outcome as text."""
    path = tmp_path / name
    path.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), name], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["seconds"] < seconds and found["megabytes"] < megabytes, found
    return found["outcome"]


# 1. CSV cells over 131,072 characters, or an unbalanced quote followed by a long tail ------------------------------
@pytest.mark.parametrize(
    "body,line",
    [
        ("E09000002,fte,2023-24," + "x" * 140_000 + "\n", 2),
        ('E09000002,fte,2022-23,1\nE09000002,fte,2023-24,"1\n' + "E09000002,fte,2024-25,2\n" * 8_000, 3),
    ],
    ids=["long cell", "unbalanced quote"],
)
def test_1_overlong_csv_cell_is_refused_naming_the_line(cat, body, line):
    with pytest.raises(FileRejected, match=f"row starting on line {line} has a cell longer than 131,072"):
        parse_upload((HEADER + body).encode(), "f.csv", cat)


# 2. Damaged .xlsx files past the workbook-open guard ----------------------------------------------------------------
DAMAGED = {
    "no worksheet": X.workbook("", sheets=False),
    "shared string out of range": X.workbook(X.figures_row('<c r="D2" t="s"><v>7</v></c>')),
    "text in a number cell": X.workbook(X.figures_row('<c r="D2"><v>abc</v></c>')),
    "INF in a number cell": X.workbook(X.figures_row('<c r="D2"><v>INF</v></c>')),
    "bad date": X.workbook(X.figures_row('<c r="D2" t="d"><v>2025-13-45</v></c>')),
    "garbage cell reference": X.workbook(X.figures_row('<c r="ZZZZZ0"><v>1</v></c>')),
    "not a zip": b"PK\x03\x04 not really a zip",
}


@pytest.mark.parametrize("data", DAMAGED.values(), ids=DAMAGED.keys())
def test_2_damaged_workbooks_are_refused_whole(cat, data):
    with pytest.raises(FileRejected, match="workbook"):
        parse_upload(data, "f.xlsx", cat)


def test_2_a_400_digit_number_cell_is_a_row_problem(cat):
    parsed = parse_upload(X.workbook(X.figures_row('<c r="D2"><v>' + "9" * 400 + "</v></c>")), "f.xlsx", cat)
    assert [(p.row, p.column) for p in parsed.problems] == [(2, "value")] and parsed.rows.empty


# 3. Non-finite and absurd values ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "metric,value",
    [
        ("fte", "inf"),
        ("fte", "nan"),
        ("fte", "9" * 400),
        ("core_spending_power", "1" + "0" * 308),
        ("population", "25000000"),
        ("fte", "-3"),
        ("reserves_pct_nre", "250000"),
    ],
)
def test_3_non_finite_and_implausible_values_are_row_problems(cat, metric, value):
    parsed = parse_upload(f"{HEADER}E09000002,{metric},2023-24,{value}\n".encode(), "f.csv", cat)
    assert [(p.row, p.column) for p in parsed.problems] == [(2, "value")] and parsed.rows.empty


def test_3_plausible_values_of_every_unit_pass(cat):
    rows = "E09000002,population,2023-24,222308\nE09000002,fte,2023-24,3090\nE09000002,debt_pct_csp,2023-24,10371\n"
    parsed = parse_upload((HEADER + rows).encode(), "f.csv", cat)
    assert parsed.ok, parsed.problem_table()


@pytest.mark.parametrize("cell", ['<c r="D2"><v>1e308</v></c>', '<c r="D2"><v>-1E+300</v></c>'])
def test_3_absurd_numbers_from_excel_are_row_problems(cat, cell):
    parsed = parse_upload(X.workbook(X.figures_row(cell)), "f.xlsx", cat)
    assert [(p.row, p.column) for p in parsed.problems] == [(2, "value")]


def test_3_an_infinite_file_uploaded_twice_saves_nothing(cat, db_url):
    """A 400-digit number reads as infinity: it used to be accepted, and saved again on every upload."""
    figures = FigureStore.open(db_url)
    try:
        for _ in range(2):
            parsed = parse_upload(f"{HEADER}E09000002,fte,2023-24,{'9' * 400}\n".encode(), "inf.csv", cat)
            if parsed.ok:  # what the page does: only a clean file can be confirmed
                figures.write_upload(parsed.rows.drop(columns="_excel_row"), who="t", file_name="inf.csv", sha256="x")
        assert figures.head() == 0
    finally:
        figures.dispose()


@pytest.mark.parametrize("latest", [float("inf"), 1e308, -1e308])
def test_3_the_profile_survives_an_absurd_stored_figure(store, db_url, latest):
    """Figures stored before the check existed must not break the landing page for every visitor."""
    rows = S.coerce(
        pd.DataFrame(
            {
                S.AREA_CODE: ["E09000002"] * 2,
                S.METRIC_ID: ["fte"] * 2,
                S.PERIOD: ["2010-11", "2023-24"],
                S.VALUE: [3000.0, latest],
                S.UNIT: ["fte"] * 2,
                S.SOURCE_ID: [""] * 2,
            }
        )
    )
    figures = FigureStore.open(db_url)
    try:
        figures.write_upload(rows, who="before the check", file_name="old.csv", sha256="x")
        card = next(c for c in profile(merged_store(store, figures), "E09000002").cards if c.spec.metric_id == "fte")
    finally:
        figures.dispose()
    assert card.value_text and card.change_amount  # drawn, whatever they say
    if latest == float("inf"):
        assert card.value_text == "not a finite number"


# 4. Years 0000-0999 ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["0999-00", "0999/1000", "0000-01", "FY0999", "0099/00", "2099-00", "1066-67"])
def test_4_years_outside_the_councils_era_are_refused(text):
    with pytest.raises(PeriodError):
        parse_period(text)


def test_4_a_tiny_year_is_a_row_problem_not_a_bad_label(cat):
    parsed = parse_upload(f"{HEADER}E09000002,fte,0999-00,1\nE09000002,fte,1974/75,1\n".encode(), "f.csv", cat)
    assert [(p.row, p.column) for p in parsed.problems] == [(2, "period")]
    assert parsed.rows.empty or all(is_period(p) for p in parsed.rows[S.PERIOD])


# 7. Resource exhaustion by small files ------------------------------------------------------------------------------
def test_7_a_tiny_workbook_declaring_every_cell_is_cheap(tmp_path):
    data = X.workbook(
        X.figures_row('<c r="D2"><v>12</v></c>') + '<row r="1048576"/>', dimension='<dimension ref="A1:XFD1048576"/>'
    )
    assert len(data) < 3000
    outcome = read_in_a_fresh_process(tmp_path, data, "f.xlsx", seconds=20, megabytes=60)
    assert outcome == "read 1 rows"
    assert read_table(data, "f.xlsx")["value"].tolist() == [12]


@pytest.fixture(scope="module")
def million_rows():
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>1</v></c></row>' for i in range(2, 1_000_002))
    return X.workbook(rows), X.workbook(rows, dimension='<dimension ref="A1:D1000001"/>')


def test_7_a_million_row_workbook_is_refused_quickly(tmp_path, million_rows):
    unsized, sized = million_rows
    outcome = read_in_a_fresh_process(tmp_path, unsized, "unsized.xlsx", seconds=15, megabytes=150)
    assert "more than 40,000 rows and does not record its size" in outcome
    outcome = read_in_a_fresh_process(tmp_path, sized, "sized.xlsx", seconds=30, megabytes=150)
    assert "more than 20,000 rows" in outcome


def test_7_ten_megabytes_of_newlines_are_refused_without_splitting_them(tmp_path):
    data = HEADER.encode() + b"\n" * (10 * 1024 * 1024 - 64)
    outcome = read_in_a_fresh_process(tmp_path, data, "f.csv", seconds=10, megabytes=80)
    assert "more than a spreadsheet holds" in outcome


def test_7_twenty_thousand_unknown_council_names_are_summed_up(cat):
    body = "".join(f"Nowhere {i},fte,2023-24,1\n" for i in range(20_000))
    data = ("area_name,metric_id,period,value\n" + body).encode()
    parsed = bounded(lambda: parse_upload(data, "f.csv", cat), seconds=40)
    assert len(parsed.problems) == 51 and all(p.column == "area_name" for p in parsed.problems)
    last = parsed.problems[-1]
    assert last.row == 52 and "19,949 more rows with unknown council names" in last.expected


def test_7_a_typo_is_still_matched_among_unknown_names(cat):
    data = b"area_name,metric_id,period,value\nNowhere,fte,2023-24,1\nBarkng and Dagenham,fte,2023-24,1\n"
    parsed = parse_upload(data, "f.csv", cat)
    assert [(p.row, p.column) for p in parsed.problems] == [(2, "area_name")]
    assert parsed.name_matches["area_code"].tolist() == ["E09000002"]


# 11. UTF-16 files ---------------------------------------------------------------------------------------------------
TEXT = HEADER + "E09000002,fte,2023-24,3090\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-16"),  # with a byte-order mark, as Excel's "Unicode text" writes it
        TEXT.replace(",", "\t").encode("utf-16"),  # ... which is tab-separated
        TEXT.encode("utf-16-le"),  # no byte-order mark: told by its NUL bytes
        TEXT.encode("utf-16-be"),
    ],
    ids=["bom", "bom tabs", "le", "be"],
)
def test_11_utf16_files_are_read(cat, data):
    parsed = parse_upload(data, "f.csv", cat)
    assert parsed.ok, parsed.problem_table()
    assert parsed.rows[S.VALUE].tolist() == [3090]


def test_11_undecodable_utf16_is_refused_with_what_to_do(cat):
    with pytest.raises(FileRejected, match="CSV UTF-8"):
        parse_upload(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")[:-1] + b"\x00\xd8", "f.csv", cat)


# 5. Impossible deadlines --------------------------------------------------------------------------------------------
PLAN_HEADER = "Ref,Recommendation,Response and action,Deadline,Status\n"
KNOWN = {"fte", "headcount", "core_spending_power"}


@pytest.mark.parametrize("text", ["31/02/2025", "2025-02-30", "30/13/2025", "0000-01-01", "July 0025", "9999/00"])
def test_5_impossible_deadlines_are_deadline_errors(text):
    with pytest.raises(A.DeadlineError):
        A.parse_deadline(text)


def test_5_an_impossible_deadline_is_a_row_problem_on_import_and_on_edit():
    data = (PLAN_HEADER + "1,Example,Do it,31/02/2025,Ongoing\n2,Example,Do more,July 2025,Ongoing\n").encode()
    plan = A.parse_plan(data, "p.csv", known_metrics=KNOWN)
    assert [(p.row, p.column, p.value) for p in plan.problems] == [(2, "deadline", "31/02/2025")]
    good = A.parse_plan(data.replace(b"31/02/2025", b"28/02/2025"), "p.csv", known_metrics=KNOWN)
    edited = good.actions.drop(columns="_excel_row").assign(deadline_text=["31/02/2025", "July 2025"])
    checked = A.apply_edits(edited, known_metrics=KNOWN)
    assert [(p.row, p.column) for p in checked.problems] == [(1, "deadline")]


# 6. Negated or embedded status words --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,status",
    [
        ("Not done", "Ongoing"),
        ("Not delivered", "Ongoing"),
        ("Not implemented", "Ongoing"),
        ("Undelivered", "Ongoing"),
        ("not yet fully implemented", "Ongoing"),
        ("Target not met", "Ongoing"),
        ("Deferred", "Not started"),
        ("Not required", "N/A"),
        ("No longer required", "N/A"),
        ("Red", "Ongoing"),
        ("Completed", "Completed"),
        ("Delivered.", "Completed"),
        ("100%", "Completed"),
        ("0%", "Not started"),
        ("45 %", "Ongoing"),
        ("Credit", None),  # "red" inside a word is not a RAG rating
        ("Hundred", None),
        ("Yes", None),  # only a column asking "completed?" answers yes or no
        ("lorem ipsum", None),
    ],
)
def test_6_status_words_are_read_whole_and_negation_counts(text, status):
    assert A.normalise_status(text) == status


def test_6_a_not_delivered_action_is_overdue():
    import datetime as dt

    from kpi.officers.plans.views import overdue

    data = (PLAN_HEADER + "1,Example,Do it,July 2025,Not delivered\n2,Example,Other,July 2025,Undelivered\n").encode()
    plan = A.parse_plan(data, "p.csv", known_metrics=KNOWN)
    assert plan.ok and len(overdue(plan.actions, dt.date(2025, 9, 1))) == 2
