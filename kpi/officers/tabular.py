"""Reading the spreadsheets officers really send: CSV in any common encoding and separator, or XLSX.

Every cell comes back as text (or a number, from Excel), with the row number the officer sees in Excel or a
text editor (header = row 1), so every later message can point at the right row. Rows are read one at a time
(kpi.officers.sheets) and reading stops at the first row over the limit, so no file costs more than its limits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import closing
from itertools import chain, islice

import pandas as pd

from kpi.officers.sheets import MAX_COLUMNS, FileRejected, csv_rows, decode_text, sniff_separator, xlsx_rows

EXCEL_ROW = "_excel_row"
MAX_BYTES = 10 * 1024 * 1024  # mirrors server.maxUploadSize in .streamlit/config.toml
MAX_ROWS = 20_000
EXTENSIONS = (".csv", ".xlsx")
HEADER_SEARCH = 20  # the header is looked for in this many rows at the top (title lines above it are skipped)
HEADERS_ATTR = "headers"  # frame.attrs[HEADERS_ATTR]: normalised column name -> the header as written

__all__ = ["FileRejected", "decode_text", "sniff_separator", "read_table", "check_upload", "normalise_header"]


def normalise_header(name: object) -> str:
    text = str(name or "").replace("\ufeff", "").strip().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if isinstance(value, (dt.time, dt.timedelta)):
        return str(value)
    return value


def _blank(row) -> bool:
    return not any(str(c).strip() for c in row if c is not None)


def check_upload(name: str, size: int) -> None:
    """Type and size limits, checked in code as well as by the server (which tests do not run through)."""
    if not str(name).lower().endswith(EXTENSIONS):
        raise FileRejected(f"{name!r} is not a .csv or .xlsx file; save the sheet as CSV or Excel workbook")
    if size > MAX_BYTES:
        raise FileRejected(f"the file is {size / 1024 / 1024:.1f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB")
    if size == 0:
        raise FileRejected("the file is empty")


def read_table(data: bytes, name: str, *, header_names: set[str] | Callable[[str], bool] | None = None) -> pd.DataFrame:
    """A frame of raw cells with normalised column names and an `_excel_row` column; blank rows dropped.

    The header is the first row (of the first 20) naming at least two of `header_names` (a set of normalised
    names, or a test of one), so a title line or two above the table is skipped; failing that, the first non-blank
    row. The headers as written are kept in `frame.attrs["headers"]`."""
    check_upload(name, len(data))
    source = xlsx_rows(data) if name.lower().endswith(".xlsx") else csv_rows(data)
    with closing(source):
        top = list(islice(source, HEADER_SEARCH))
        first = _header_index(top, header_names)
        written = _header(top[first])
        header = _unique([normalise_header(c) for c in written])
        records = _records(chain(top[first + 1 :], source), start=first + 2, width=len(header))
        frame = pd.DataFrame(records, columns=[*header, EXCEL_ROW], dtype=object)
    frame.attrs[HEADERS_ATTR] = dict(zip(header, (str(c).strip() or h for c, h in zip(written, header))))
    return frame


def _header_index(top: list, header_names: set[str] | Callable[[str], bool] | None) -> int:
    first = next((i for i, r in enumerate(top) if not _blank(r)), None)
    if first is None:
        raise FileRejected("the file has no header row")
    if header_names:
        known = header_names if callable(header_names) else header_names.__contains__
        named = (i for i, r in enumerate(top) if sum(map(known, {normalise_header(c) for c in r} - {""})) >= 2)
        first = next(named, first)
    return first


def _header(row) -> list:
    cells = ["" if c is None else c for c in row]
    while cells and not str(cells[-1]).strip():
        cells.pop()
    if len(cells) > MAX_COLUMNS:
        raise FileRejected(f"the header row has more than {MAX_COLUMNS} columns; keep only the table's columns")
    return cells


def _unique(names: list[str]) -> list[str]:
    """Blank headers become column_<n>; a repeated header gets _2, _3 (the first keeps its name)."""
    out: list[str] = []
    for i, name in enumerate(names, start=1):
        name = name or f"column_{i}"
        candidate, n = name, 1
        while candidate in out or candidate == EXCEL_ROW:
            n += 1
            candidate = f"{name}_{n}"
        out.append(candidate)
    return out


def _records(rows: Iterator, *, start: int, width: int) -> list[list]:
    """Non-blank rows cut to the header's width, each ending with its row number; stops past MAX_ROWS."""
    records: list[list] = []
    number = start - 1
    blank_row = None  # the reading library repeats one empty tuple for every missing row: told apart at once
    for row in rows:
        number += 1
        if not row or row is blank_row:
            continue
        cells = [_cell(c) for c in row[:width]]
        if _blank(cells):
            blank_row = row
            continue  # blank (trailing) rows
        cells += [""] * (width - len(cells))
        records.append([*cells, number])
        if len(records) > MAX_ROWS:
            raise FileRejected(f"the file has more than {MAX_ROWS:,} rows; split it into smaller files")
    return records


def sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
