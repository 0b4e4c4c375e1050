"""Finding tables in official workbooks by their labels, never by fixed positions.

Official spreadsheets move their header rows between releases, add banner and machine-code rows above the header,
mark missing values with `[x]`, `[z]`, `-` or `..`, and (ODS) list external-link caches as extra sheets. These
helpers read every cell as found (header=None) and locate what a parser needs by label, raising LayoutChanged that
names what was looked for and what was there instead.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

import pandas as pd

from loaders.errors import BadData, LayoutChanged, NotThisSource

MISSING_MARKERS = {"", "[x]", "[z]", "[c]", "[u]", "[low]", "-", "..", "x", "z", ":", "n/a", "na", "nan", "none"}


def file_kind(content: bytes, filename: str = "") -> str:
    """'xlsx', 'ods', 'xls', 'csv' or 'json', from the bytes first and the name second."""
    if content[:4] == b"PK\x03\x04":
        try:
            names = zipfile.ZipFile(io.BytesIO(content)).namelist()
        except zipfile.BadZipFile:
            return "zip-broken"
        if "mimetype" in names or any(n == "content.xml" for n in names):
            return "ods"
        return "xlsx"
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    head = content[:2048].lstrip(b"\xef\xbb\xbf").lstrip()
    if head[:1] in (b"{", b"["):
        return "json"
    if head[:1] == b"<":
        return "html"  # an error or sign-in page served in place of the file
    return "csv" if content.strip() else "empty"


class Workbook:
    """The sheets of one spreadsheet file, read lazily as raw cell grids."""

    def __init__(self, content: bytes, source_id: str, filename: str = ""):
        self.source_id = source_id
        self.kind = file_kind(content, filename)
        if self.kind == "empty":
            raise BadData(source_id, "the file is empty")
        if self.kind == "zip-broken":
            raise BadData(source_id, "the spreadsheet is truncated or corrupt (not a readable zip archive)")
        if self.kind == "html":
            raise BadData(source_id, "received a web page instead of the spreadsheet (an error or sign-in page?)")
        if self.kind not in ("xlsx", "ods", "xls"):
            raise LayoutChanged(source_id, f"expected a spreadsheet (xlsx, ods or xls), found {self.kind}")
        try:
            self._book = pd.ExcelFile(io.BytesIO(content), engine="calamine")
        except Exception as exc:  # calamine raises its own error types for damaged files
            raise BadData(source_id, f"the spreadsheet could not be read ({type(exc).__name__}: {exc})") from exc
        # ODS files list their external-link caches as sheets named like 'file:///...'#Sheet or
        # 'https://...xlsx'#Sheet: never real data.
        self.sheet_names = [s for s in self._book.sheet_names if not (s.startswith("'") and "#" in s)]
        self._cache: dict[str, pd.DataFrame] = {}

    def sheet(self, name: str) -> pd.DataFrame:
        if name not in self._cache:
            try:
                self._cache[name] = pd.read_excel(self._book, sheet_name=name, header=None)
            except Exception as exc:
                raise BadData(self.source_id, f"sheet {name!r} could not be read ({exc})") from exc
        return self._cache[name]

    def find_sheet(self, pattern: str, *, what: str) -> str:
        """The first sheet whose name matches the regex (case-insensitive)."""
        for name in self.sheet_names:
            if re.search(pattern, name, flags=re.I):
                return name
        raise LayoutChanged(
            self.source_id, f"no sheet like {what} ({pattern!r}); found sheets: {', '.join(self.sheet_names[:20])}"
        )

    def find_sheets(self, pattern: str) -> list[str]:
        return [n for n in self.sheet_names if re.search(pattern, n, flags=re.I)]


def clean_label(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return re.sub(r"\s+", " ", str(value)).strip()


def find_header_row(
    grid: pd.DataFrame, first_label: str, *, source_id: str, sheet: str, max_rows: int = 40, last: bool = False
) -> int:
    """Index of the row whose cells include `first_label` (regex, case-insensitive, whole cell)."""
    pattern = re.compile(rf"^(?:{first_label})$", re.I)
    hits = [
        r for r in range(min(max_rows, len(grid))) if any(pattern.match(clean_label(v)) for v in grid.iloc[r].tolist())
    ]
    if not hits:
        seen = [clean_label(v) for v in grid.iloc[: min(max_rows, len(grid)), 0].tolist() if clean_label(v)]
        raise LayoutChanged(
            source_id,
            f"sheet {sheet!r}: no header row with a cell {first_label!r} in the first "
            f"{max_rows} rows; first column holds {seen[:8]}",
        )
    return hits[-1] if last else hits[0]


@dataclass
class Columns:
    """Header labels of one table, searchable by regex; errors name the sheet and what was found."""

    labels: list[str]
    source_id: str
    sheet: str

    def find(self, pattern: str, *, what: str, start: int = 0, required: bool = True) -> int | None:
        regex = re.compile(pattern, re.I)
        for i, label in enumerate(self.labels):
            if i >= start and regex.search(label):
                return i
        if not required:
            return None
        shown = [lab[:40] for lab in self.labels if lab][:25]
        raise LayoutChanged(
            self.source_id,
            f"sheet {self.sheet!r}: no column for {what} (looked for {pattern!r}); columns found: {shown}",
        )

    def find_all(self, pattern: str) -> list[int]:
        regex = re.compile(pattern, re.I)
        return [i for i, label in enumerate(self.labels) if regex.search(label)]


def row_labels(grid: pd.DataFrame, row: int) -> list[str]:
    return [clean_label(v) for v in grid.iloc[row].tolist()]


@dataclass
class Table:
    """One table of a sheet, found by its header row: the sheet's cells, the header's row and labels, those labels as
    searchable Columns, and the rows below the header (numbered from 0)."""

    grid: pd.DataFrame
    header: int
    labels: list[str]
    cols: Columns
    body: pd.DataFrame


def table_under(book: Workbook, sheet: str, first_label: str, *, last: bool = False) -> Table:
    """The table of `sheet` under the header row with a cell `first_label` (see find_header_row)."""
    grid = book.sheet(sheet)
    header = find_header_row(grid, first_label, source_id=book.source_id, sheet=sheet, last=last)
    labels = row_labels(grid, header)
    body = grid.iloc[header + 1 :].reset_index(drop=True)
    return Table(grid, header, labels, Columns(labels, book.source_id, sheet), body)


def to_number(series: pd.Series, *, source_id: str, what: str, strict: bool = True) -> pd.Series:
    """Numbers as floats; publisher missing markers ([x], [z], -, ..) become NaN; anything else is BadData."""

    def convert(value: object) -> float:
        if value is None:
            return float("nan")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        text = str(value).strip().replace(",", "").replace("£", "")
        if text.lower() in MISSING_MARKERS:
            return float("nan")
        try:
            return float(text)
        except ValueError:
            if strict:
                raise BadData(source_id, f"{what}: {value!r} is not a number or a known missing marker") from None
            return float("nan")

    return series.map(convert).astype("float64")


FY_IN_TEXT = re.compile(r"(20\d{2})\s*[-/–]\s*(\d{2})(?!\d)")


def financial_year_in(text: str) -> str | None:
    match = FY_IN_TEXT.search(text or "")
    if not match:
        return None
    start = int(match.group(1))
    if (start + 1) % 100 != int(match.group(2)):
        return None
    return f"{start}-{match.group(2)}"


def sniffed_workbook(content: bytes, source_id: str, filename: str, wanted: str) -> Workbook:
    """The workbook `sniff` looks into; NotThisSource naming what was wanted when the bytes are no spreadsheet."""
    try:
        return Workbook(content, source_id, filename)
    except (BadData, LayoutChanged):
        raise NotThisSource(
            source_id, f"not a readable spreadsheet ({file_kind(content, filename)}); looked for a {wanted}"
        ) from None


def no_sheet(book: Workbook, wanted: str) -> NotThisSource:
    """Why `sniff` refused a workbook: what it looked for and the first few sheets it found."""
    names = book.sheet_names
    shown = ", ".join(names[:5]) + (f" (and {len(names) - 5} more)" if len(names) > 5 else "")
    return NotThisSource(book.source_id, f"no {wanted}; found sheets: {shown or 'none'}")
