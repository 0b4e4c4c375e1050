"""Reading the spreadsheets officers really send: CSV in any common encoding and separator, or XLSX.

Every cell comes back as text (or a number, from Excel), with the row number the officer sees in Excel or a
text editor (header = row 1), so every later message can point at the right row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pandas as pd

EXCEL_ROW = "_excel_row"
MAX_BYTES = 10 * 1024 * 1024  # mirrors server.maxUploadSize in .streamlit/config.toml
MAX_ROWS = 20_000
EXTENSIONS = (".csv", ".xlsx")


class FileRejected(ValueError):
    """The file as a whole cannot be read (type, size, encoding, no header); nothing was written."""


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), then Windows-1252, the two encodings Excel writes."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRejected(
        "the file is neither UTF-8 nor Windows-1252 text; save it from Excel as "
        "'CSV UTF-8 (Comma delimited)' or upload the .xlsx workbook"
    )


def sniff_separator(text: str) -> str:
    """Comma or semicolon (Excel in many European locales writes semicolons), judged on the header line."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if header.count(";") > header.count(",") else ","


def normalise_header(name: object) -> str:
    text = str(name or "").replace("\ufeff", "").strip().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def check_upload(name: str, size: int) -> None:
    """Type and size limits, checked in code as well as by the server (which tests do not run through)."""
    if not str(name).lower().endswith(EXTENSIONS):
        raise FileRejected(f"{name!r} is not a .csv or .xlsx file; save the sheet as CSV or Excel workbook")
    if size > MAX_BYTES:
        raise FileRejected(f"the file is {size / 1024 / 1024:.1f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB")
    if size == 0:
        raise FileRejected("the file is empty")


def read_table(data: bytes, name: str, *, header_names: set[str] | None = None) -> pd.DataFrame:
    """A frame of raw cells with normalised column names and an `_excel_row` column; blank rows dropped.

    The header is the first row (of the first 20) naming at least two of `header_names`, so a title line or two
    above the table is skipped; failing that, the first non-blank row."""
    check_upload(name, len(data))
    if name.lower().endswith(".xlsx"):
        rows = _xlsx_rows(data)
    else:
        text = decode_text(data)
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(text)))
    first = next((i for i, r in enumerate(rows) if any(str(c).strip() for c in r if c is not None)), None)
    if first is None:
        raise FileRejected("the file has no header row")
    if header_names:
        first = next(
            (i for i, r in enumerate(rows[:20]) if len({normalise_header(c) for c in r} & header_names) >= 2), first
        )
    header = [normalise_header(c) for c in rows[first]]
    while header and not header[-1]:
        header.pop()
    records = []
    for offset, row in enumerate(rows[first + 1 :], start=first + 2):
        cells = [_cell(c) for c in row][: len(header)]
        if not any(str(c).strip() for c in cells):
            continue  # blank (trailing) rows
        cells += [""] * (len(header) - len(cells))
        records.append([*cells, offset])
        if len(records) > MAX_ROWS:
            raise FileRejected(f"the file has more than {MAX_ROWS:,} rows; split it into smaller files")
    frame = pd.DataFrame(records, columns=[*header, EXCEL_ROW], dtype=object)
    return frame


def _xlsx_rows(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged or mislabelled file
        raise FileRejected(
            f"the workbook cannot be opened ({type(exc).__name__}); is it really an .xlsx file?"
        ) from exc
    try:
        sheet = book.worksheets[0]
        return [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
