"""Files officers might send, good and bad: generated cells put into CSV and XLSX files, and damaged workbooks."""

from __future__ import annotations

import csv
import io

from hypothesis import strategies as st

from tests.kpi.officers import rawxlsx as X

# Text a spreadsheet can hold (no surrogates or control characters other than tab and newlines).
TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00") | st.sampled_from("\t\n"))
SHORT_TEXT = TEXT.map(lambda t: t[:30])
CODES = ["E09000002", "E09000004", "E06000001", "e09000002", " E09000002 ", "E09999999", "W06000001", "E0900000"]
NAMES = ["Barking and Dagenham", "Barking & Dagenham", "Barkng and Dagenham", "Bexley", "Nowhere", "Durham"]
METRICS = ["fte", "headcount", "population", "core_spending_power", "reserves_pct_nre", "dwellings", "ftee"]
METRICS += ["Full-time equivalent staff", "sickness_days", "Population", ""]
PERIODS = ["2023-24", "2023/24", "2023-2024", "FY2023", "fy 2010", "2010/11", "0999-00", "0000/01", "2099-00"]
PERIODS += ["2023", "23/24", "1974-75", "2098/99", "1973-74", "", "FY0999", "2023-25", "٢٠٢٣-24"]
NUMBERS = ["1", "3090", "3,090", "£1,234", "12%", "(1,500.5)", "-7", "inf", "nan", "-inf", "1e308", "9" * 400]
NUMBERS += ["", "n/a", " 1 234 ", "12,5", "1.2.3", "£", "25000000", "-1", "0", "1E+05", "١٢٣", "Infinity"]
INJECTION = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", '=HYPERLINK("http://x")', "<script>alert(1)</script>", "<b>x</b>"]
COLUMN_NAMES = ["area_code", "area_name", "metric_id", "period", "value", "notes", "metric_title", "metric_unit"]
COLUMN_NAMES += ["metric_polarity", "Council", "Year", "Measure", "Area code", "junk", ""]


def number_cell() -> st.SearchStrategy:
    return st.one_of(
        st.sampled_from(NUMBERS),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
        st.integers(min_value=-(10**40), max_value=10**40).map(str),
        SHORT_TEXT,
    )


CELLS = {
    "area_code": st.sampled_from(CODES + NAMES + INJECTION) | SHORT_TEXT,
    "area_name": st.sampled_from(NAMES + INJECTION) | SHORT_TEXT,
    "council": st.sampled_from(NAMES + CODES),
    "metric_id": st.sampled_from(METRICS + INJECTION) | SHORT_TEXT,
    "measure": st.sampled_from(METRICS),
    "period": st.sampled_from(PERIODS) | SHORT_TEXT,
    "year": st.sampled_from(PERIODS),
    "value": number_cell(),
    "metric_unit": st.sampled_from(["gbp", "fte", "rate", "parsecs", ""]),
    "metric_polarity": st.sampled_from(["higher better", "lower_better", "context", "up", ""]),
}


def cell_for(column: str) -> st.SearchStrategy:
    key = column.lower().replace(" ", "_")
    return CELLS.get(key, st.sampled_from(INJECTION) | SHORT_TEXT)


@st.composite
def figures_table(draw) -> list[list[str]]:
    """A header of known and unknown columns and up to 12 rows of cells fitting (or not) each column."""
    header = draw(st.lists(st.sampled_from(COLUMN_NAMES), min_size=0, max_size=8))
    if draw(st.booleans()):
        header = ["area_code", "metric_id", "period", "value", *header]
    rows = draw(st.lists(st.tuples(*(cell_for(c) for c in header)).map(list), max_size=12))
    return [header, *rows]


@st.composite
def csv_file(draw, table: st.SearchStrategy) -> bytes:
    """A table written as a CSV the ways Excel and people write them: separators, encodings, quoting, title rows."""
    rows = draw(table)
    separator = draw(st.sampled_from([",", ";", "\t"]))
    buffer = io.StringIO()
    if draw(st.booleans()):
        csv.writer(buffer, delimiter=separator, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(rows)
    else:  # written by hand: no quoting, so separators and quotes inside cells break the columns
        buffer.write("\n".join(separator.join(r) for r in rows))
    text = draw(st.sampled_from(["", "Title of the return\n", "\n\n"])) + buffer.getvalue()
    text += draw(st.sampled_from(["", "\n\n\n", ",,,\n", '"unclosed\n']))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le"]))
    return text.encode(encoding, errors="replace")


@st.composite
def xlsx_file(draw, table: st.SearchStrategy, *, odd_cells: bool = True) -> bytes:
    """A table written by openpyxl, with (`odd_cells`) cells of every type a workbook holds mixed in."""
    from openpyxl import Workbook

    rows = draw(table)
    extra = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**18), max_value=10**18),
        st.floats(allow_nan=False, allow_infinity=False),
        st.datetimes(),
        st.dates(),
    )
    table = [
        [draw(extra) if odd_cells and i and draw(st.integers(0, 5)) == 0 else c for c in r] for i, r in enumerate(rows)
    ]
    book = Workbook(write_only=True)  # written after every draw, so an abandoned example leaves no open writer
    sheet = book.create_sheet("figures")
    for values in table:
        sheet.append([v.replace("\t", " ") if isinstance(v, str) else v for v in values])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


CELL_XML = st.sampled_from(
    [
        '<c r="D{n}"><v>12</v></c>',
        '<c r="D{n}"><v>abc</v></c>',
        '<c r="D{n}"><v>INF</v></c>',
        '<c r="D{n}"><v>1e999</v></c>',
        '<c r="D{n}"><v>' + "9" * 400 + "</v></c>",
        '<c r="D{n}" t="s"><v>99</v></c>',
        '<c r="D{n}" t="s"><v>0</v></c>',
        '<c r="D{n}" t="d"><v>2025-13-45</v></c>',
        '<c r="D{n}" t="b"><v>7</v></c>',
        '<c r="D{n}" t="e"><v>#REF!</v></c>',
        '<c r="ZZZZZ{n}"><v>1</v></c>',
        '<c r="D{n}" t="inlineStr"><is><t>=1+1</t></is></c>',
        '<c r="XFD{n}"><v>1</v></c>',
        "<c><v>5</v></c>",
        "",
    ]
)


@st.composite
def damaged_xlsx(draw) -> bytes:
    """A hand-built workbook with odd cells and rows, sometimes with a few bytes of the package changed."""
    count = draw(st.integers(0, 6))
    numbers = draw(st.lists(st.integers(2, 1_048_580), min_size=count, max_size=count))
    rows = "".join(X.figures_row(draw(CELL_XML).format(n=n), n) for n in numbers)
    dimension = draw(
        st.sampled_from(["", '<dimension ref="A1:XFD1048576"/>', '<dimension ref="A1:D3"/>', "<dimension/>"])
    )
    data = bytearray(X.workbook(rows, dimension=dimension, shared=("fte",), sheets=draw(st.booleans())))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    return bytes(data)


PLAN_HEADERS = {
    "ref": ["Ref", "Reference", "No.", "Rec no", "Id", ""],
    "recommendation": ["Recommendation", "Recommendations", "Key findings", "Finding", "Issue"],
    "action": ["Response and action", "Response", "Action", "Management response", "Agreed actions", "What we do"],
    "deadline": ["Deadline", "Due", "Target date", "Timescale", "When", "By", "Date completed"],
    "status": ["Status", "Completed", "Progress", "RAG", "Current position", "Where we are", "Progress update"],
    "other": ["Metrics", "Action owner", "Comments", "Lead officer", "Notes", "Metric ids"],
}
STATUS_WORDS = ["Completed", "complete", "Not done", "Not delivered", "Undelivered", "Deferred", "Not required"]
STATUS_WORDS += ["Red", "Amber", "Green", "Yes", "No", "100%", "0%", "45%", "150%", "Ongoing", "N/A", "", "banana"]
STATUS_WORDS += ["Almost completed", "business as usual", "Not started", "in progress", "Credit", "Partially"]
DEADLINES = ["July 2025", "Sept 2025", "2026", "2025/26", "31/07/2025", "31/02/2025", "2025-02-30", "N/A", "TBC"]
DEADLINES += ["", "Ongoing", "0000-01-01", "July 0025", "9999/00", "end of March 2026", "soon", "Julember 2025"]
PLAN_CELLS = {
    "ref": st.sampled_from(["1", "2", "1.1", "R3", "", "", "=1+1"]) | SHORT_TEXT,
    "recommendation": st.sampled_from(["EXAMPLE recommendation", "", "", "<b>bold</b>"]) | SHORT_TEXT,
    "action": st.sampled_from(["EXAMPLE action", "", "@SUM(A1)"]) | TEXT.map(lambda t: t[:300]),
    "deadline": st.sampled_from(DEADLINES) | SHORT_TEXT,
    "status": st.sampled_from(STATUS_WORDS) | SHORT_TEXT,
    "other": st.sampled_from(["fte", "fte;headcount", "nope", "", "x" * 300]) | SHORT_TEXT,
}


@st.composite
def plan_table(draw) -> list[list[str]]:
    """A plan headed the ways councils head them, columns in any order, some missing, with cells to match."""
    kinds = draw(st.lists(st.sampled_from(list(PLAN_HEADERS)), min_size=1, max_size=7))
    if draw(st.booleans()):
        kinds = ["ref", "recommendation", "action", "deadline", "status", *kinds]
    header = [draw(st.sampled_from(PLAN_HEADERS[k])) for k in kinds]
    rows = draw(st.lists(st.tuples(*(PLAN_CELLS[k] for k in kinds)).map(list), max_size=10))
    return [header, *rows]


GOOD_STATUSES = ["Completed", "Ongoing", "Not started", "N/A", "Not delivered", "Deferred", "Red", "45%", ""]
GOOD_DEADLINES = ["July 2025", "2026", "2025/26", "31/07/2025", "N/A", "", "March 2027", "2025-09-30"]


@st.composite
def nearly_good_plan(draw) -> list[list[str]]:
    """Plans close to right (headed as councils head them), so the clean path and the save are taken often."""
    header = [
        draw(st.sampled_from(PLAN_HEADERS[k][:4])) for k in ("ref", "recommendation", "action", "deadline", "status")
    ]
    header[0] = header[0] or "Ref"
    row = st.tuples(
        st.sampled_from(["1", "2", "3", ""]),
        st.sampled_from(["EXAMPLE recommendation", ""]),
        st.sampled_from(["EXAMPLE action", "EXAMPLE other action", "=1+1"]),
        st.sampled_from(GOOD_DEADLINES),
        st.sampled_from(GOOD_STATUSES),
    ).map(list)
    first = ["1", "EXAMPLE recommendation", "EXAMPLE action", draw(st.sampled_from(GOOD_DEADLINES)), "Ongoing"]
    return [header, first, *draw(st.lists(row, max_size=6))]
