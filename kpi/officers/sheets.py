"""The raw rows of an officer's file, one at a time, with every limit checked before it can cost much.

A CSV is decoded (UTF-8, Windows-1252, or UTF-16 as Excel's "Unicode text" writes it), its lines counted before it
is split, and read row by row; an .xlsx workbook's declared unpacked size is checked before it is opened, and its
first sheet streamed with a column cap. Whatever the reading libraries raise on a damaged file becomes a
FileRejected naming the line or row; nothing else is caught here, so a fault in this project's own code still shows.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

MAX_LINES = 1_048_576  # Excel's own row limit: a file with more lines is mostly blank rows or not a table
MAX_COLUMNS = 200  # columns read from each row; a plan or a figures file has a dozen
MAX_UNZIPPED = 50 * 1024 * 1024  # declared unpacked size of every part of an .xlsx together
MAX_PARTS = 10_000  # files inside an .xlsx package (a plain workbook has about a dozen)
UNSIZED_ROWS = 40_000  # rows of a sheet that does not record its size (see _check_sheet_part)
MAX_CELL = csv.field_size_limit()  # 131,072 characters: Python's default, left as it is for the whole process
SAVE_AS_UTF8 = "save it from Excel as 'CSV UTF-8 (Comma delimited)' or upload the .xlsx workbook"


class FileRejected(ValueError):
    """The file as a whole cannot be read (type, size, encoding, no header); nothing was written."""


def _utf16(data: bytes) -> str | None:
    """The codec of UTF-16 text, told by its byte-order mark or by NUL bytes in every other place; else None."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise FileRejected("the file is UTF-32 text; " + SAVE_AS_UTF8)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if half and max(even, odd) > 0.6 * half:
        return "utf-16-le" if odd > even else "utf-16-be"
    return None


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), then Windows-1252, the two encodings Excel writes as CSV; UTF-16
    (Excel's "Unicode text") by its byte-order mark or its pattern of NUL bytes."""
    codec = _utf16(data)
    if codec:
        try:
            return data.decode(codec).lstrip("\ufeff")
        except UnicodeDecodeError:
            raise FileRejected("the file looks like UTF-16 text but cannot be decoded; " + SAVE_AS_UTF8) from None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRejected("the file is neither UTF-8 nor Windows-1252 text; " + SAVE_AS_UTF8)


def sniff_separator(text: str) -> str:
    """Comma, semicolon (Excel in many European locales) or tab (Excel's "Unicode text"): the one a line near the
    top (a title line may come first) uses most; a comma when none is used more."""
    lines = [line for line in text[:65536].splitlines()[:40] if line.strip()][:20]
    counts = {sep: max((line.count(sep) for line in lines), default=0) for sep in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] > counts[","] else ","


def csv_rows(data: bytes) -> Iterator[list]:
    """Every row of a CSV file (blank lines as empty lists), after its line count is checked."""
    text = decode_text(data)
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise FileRejected(
            f"the file has {lines:,} lines, more than a spreadsheet holds ({MAX_LINES:,}); delete the empty rows "
            "below your table"
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(text))
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileRejected(_csv_problem(start, exc)) from None
        yield row[: MAX_COLUMNS + 1]


def _csv_problem(line: int, exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return (
            f"the row starting on line {line:,} has a cell longer than {MAX_CELL:,} characters; usually a quote "
            'mark (") opened in a cell and never closed, so the rest of the file reads as one cell'
        )
    return f"the row starting on line {line:,} cannot be read as CSV ({exc})"


def xlsx_rows(data: bytes) -> Iterator[tuple]:
    """Every row of the first worksheet, streamed, at most MAX_COLUMNS wide, after the package's size is checked."""
    _check_package(data)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or mislabelled file
        raise FileRejected(
            f"the workbook cannot be opened ({type(exc).__name__}); is it really an .xlsx file?"
        ) from None
    try:
        if not book.worksheets:
            raise FileRejected("the workbook has no worksheet")
        sheet = book.worksheets[0]
        yield from _stream(sheet)
    finally:
        book.close()


def _stream(sheet) -> Iterator[tuple]:
    try:
        sheet.reset_dimensions()  # the declared size (it may claim A1:XFD1048576) is not trusted
        rows = sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
    except Exception as exc:  # the sheet's XML is damaged
        raise FileRejected(f"the first worksheet cannot be read ({type(exc).__name__})") from None
    number = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # a damaged cell: shared-string index, number, date or reference
            raise FileRejected(
                f"the workbook is damaged just after row {number:,} ({type(exc).__name__}: {str(exc)[:80]}); "
                "open it in Excel, save it again and upload that copy"
            ) from None
        number += 1
        if number > MAX_LINES:
            raise FileRejected(f"the first worksheet has more than {MAX_LINES:,} rows; delete the empty rows")
        yield row


def _check_package(data: bytes) -> None:
    """An .xlsx is a zip: refuse one whose parts would unpack to more than MAX_UNZIPPED, or that holds a sheet the
    reading library would have to read whole just to learn its size, before any part is parsed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
            unpacked = sum(max(info.file_size, 0) for info in parts)
            if len(parts) > MAX_PARTS:
                raise FileRejected(f"the workbook has {len(parts):,} parts; save it again from Excel")
            if unpacked <= MAX_UNZIPPED:
                for info in parts:
                    if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                        _check_sheet_part(package, info)
    except FileRejected:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        OSError,
        EOFError,
        RuntimeError,
        NotImplementedError,
        zlib.error,
        struct.error,
    ):  # a damaged, encrypted or oddly compressed package
        raise FileRejected("the workbook cannot be opened (not a zip package); is it really an .xlsx file?") from None
    if unpacked > MAX_UNZIPPED:
        raise FileRejected(
            f"the workbook unpacks to {unpacked / 1024 / 1024:,.0f} MB, more than {MAX_UNZIPPED // 1024 // 1024} MB; "
            "copy the table into a new workbook, or save it as CSV"
        )


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_DIMENSION_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension[\s/>]")
_DATA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheetData[\s/>]")


def _check_sheet_part(package: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """A sheet without its size recorded (Excel always records it) is read whole when the workbook opens: allow
    that only for a sheet of at most UNSIZED_ROWS rows, counted by a quick scan of its XML."""
    with package.open(info) as part:
        chunk = part.read(1 << 20)
        data_at = _DATA_TAG.search(chunk)
        if data_at and _DIMENSION_TAG.search(chunk, 0, data_at.start()):
            return
        rows, tail = len(_ROW_TAG.findall(chunk)), chunk[-64:]
        while rows <= UNSIZED_ROWS and (chunk := part.read(1 << 22)):
            window = tail + chunk
            rows += len(_ROW_TAG.findall(window)) - len(_ROW_TAG.findall(tail))
            tail = window[-64:]
    if rows > UNSIZED_ROWS:
        raise FileRejected(
            f"a sheet of the workbook has more than {UNSIZED_ROWS:,} rows and does not record its size; open it in "
            "Excel, save it again and upload that copy"
        )
