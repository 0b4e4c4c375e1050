"""Reading the spreadsheets officers really send: CSV in any common encoding and separator, or XLSX.

Every cell comes back as text (or a number, from Excel), with the row number the officer sees in Excel or a text
editor (header = row 1), so every later message can point at the right row. Rows are read a chunk at a time
(kpi.officers.files.csv_rows for CSV, kpi.officers.files.xlsx_rows for .xlsx) and reading stops at the first chunk
over the limit, so no file costs more than its limits; the rows kept are handed on as columns (`read_columns`) or
as a frame (`read_table`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

import numpy as np
import pandas as pd

from kpi.officers.files.csv_rows import MAX_COLUMNS, FileRejected, csv_chunks, decode_text, sniff_separator
from kpi.officers.files.xlsx_rows import xlsx_chunks

EXCEL_ROW = "_excel_row"
MAX_BYTES = 10 * 1024 * 1024  # mirrors server.maxUploadSize in .streamlit/config.toml
MAX_ROWS = 20_000
EXTENSIONS = (".csv", ".xlsx")
HEADER_SEARCH = 20  # the header is looked for in this many rows at the top (title lines above it are skipped)
_FIRST = itemgetter(0)
HEADERS_ATTR = "headers"  # frame.attrs[HEADERS_ATTR]: normalised column name -> the header as written

__all__ = [
    "FileRejected",
    "decode_text",
    "sniff_separator",
    "read_table",
    "read_columns",
    "check_upload",
    "normalise_header",
]


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


@dataclass(frozen=True)
class Table:
    """A file's table as columns of raw cells: blank rows dropped, every row cut or padded to the header's width."""

    names: list[str]  # normalised, unique column names, in the file's order
    columns: dict[str, list]  # name -> the cells of that column, one per row kept
    rows: list[int]  # each row's number as the officer sees it (header = its own row)
    headers: dict[str, str]  # name -> the header as written


def read_columns(data: bytes, name: str, *, header_names: set[str] | Callable[[str], bool] | None = None) -> Table:
    """The file's table as columns. The header is the first row (of the first 20) naming at least two of
    `header_names` (a set of normalised names, or a test of one), so a title line or two above the table is
    skipped; failing that, the first non-blank row."""
    check_upload(name, len(data))
    source = xlsx_chunks(data) if name.lower().endswith(".xlsx") else csv_chunks(data)
    with closing(source):
        buffered = _first_rows(source)
        first = _header_index(buffered[:HEADER_SEARCH], header_names)
        written = _header(buffered[first])
        header = _unique([normalise_header(c) for c in written])
        columns, numbers = _kept(_after(buffered[first + 1 :], source), start=first + 2, width=len(header))
    headers = dict(zip(header, (str(c).strip() or h for c, h in zip(written, header))))
    return Table(header, {h: _cells(c) for h, c in zip(header, columns)}, numbers, headers)


def read_table(data: bytes, name: str, *, header_names: set[str] | Callable[[str], bool] | None = None) -> pd.DataFrame:
    """A frame of raw cells with normalised column names and an `_excel_row` column; blank rows dropped (see
    read_columns). The headers as written are kept in `frame.attrs["headers"]`."""
    table = read_columns(data, name, header_names=header_names)
    frame = pd.DataFrame({**table.columns, EXCEL_ROW: table.rows}, columns=[*table.names, EXCEL_ROW], dtype=object)
    frame.attrs[HEADERS_ATTR] = table.headers
    return frame


def _first_rows(source: Iterator[list]) -> list:
    """The chunks that hold the first HEADER_SEARCH rows (all rows, if there are fewer), as one list of rows."""
    rows: list = []
    for chunk in source:
        rows.extend(chunk)
        if len(rows) >= HEADER_SEARCH:
            break
    return rows


def _after(rest: list, source: Iterator[list]) -> Iterator[list]:
    yield rest
    yield from source


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


def _kept(chunks: Iterator[list], *, start: int, width: int) -> tuple[list[list], list[int]]:
    """The columns of the non-blank rows, each row cut or padded to the header's width, and the rows' numbers; stops
    past MAX_ROWS. Each chunk is turned into columns as it comes, so its rows can go at once."""
    parts: list[list[tuple]] = []
    numbers: list[int] = []
    number = start
    for chunk in chunks:
        picked = range(len(chunk))
        if not _first_cells_filled(chunk):  # row by row: a row starting with text is not blank, without looking on
            picked = [
                i
                for i, row in enumerate(chunk)
                if row and ((row[0].__class__ is str and row[0].strip()) or _filled(row, width))
            ]
        rows = chunk if len(picked) == len(chunk) else [chunk[i] for i in picked]
        if set(map(len, rows)) - {width}:
            rows = [row if len(row) == width else _fit(row, width) for row in rows]
        numbers += [number + i for i in picked]
        number += len(chunk)
        if len(numbers) > MAX_ROWS:
            raise FileRejected(f"the file has more than {MAX_ROWS:,} rows; split it into smaller files")
        if rows:
            parts.append(list(zip(*rows)))
    return [list(chain.from_iterable(part[j] for part in parts)) for j in range(width)], numbers


def _first_cells_filled(chunk: list) -> bool:
    """True if every row of the chunk starts with a cell of text that is not blank, told without a Python call per
    row (so none of them is blank)."""
    try:
        return all(chunk) and all(map(str.strip, map(_FIRST, chunk)))
    except TypeError:  # a first cell that is not text (a number from a workbook)
        return False


def _filled(row, width: int) -> bool:
    return not _blank(_cell(c) for c in row[:width])


def _fit(row, width: int) -> list:
    cells = list(row[:width])
    return cells + [""] * (width - len(cells))


def _cells(column: list) -> list:
    """A column's cells as the reading library gave them, with the changes _cell makes: blanks as "", whole
    floats below 1e15 as integers, dates as ISO text. Text-only columns (every CSV) pass through as they are."""
    kinds = set(map(type, column))
    if kinds <= {str}:
        return column
    if kinds == {float}:
        values = np.array(column, dtype=float)
        whole = (values == np.trunc(values)) & (np.abs(values) < 1e15)
        out = np.array(column, dtype=object)
        out[whole] = values[whole].astype(np.int64).tolist()
        return out.tolist()
    return [_cell(c) for c in column]


def sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
