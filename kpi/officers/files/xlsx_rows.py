"""The raw rows of an officer's .xlsx workbook (its first worksheet), with every limit checked before it can cost much.

The package is checked before any reading library opens it: its declared unpacked size, its number of parts, and
that a sheet which does not record its size is small. A plain workbook (as Excel, LibreOffice or pandas write them)
is then read whole by calamine, where kpi.officers.files.xlsx_quick finds that safe and exact; any other is streamed by
openpyxl in read-only mode, a chunk of rows at a time, with the declared dimensions ignored and a column cap, and
reading stops at the first row over a limit. Whatever the reading libraries raise on a damaged file becomes a
FileRejected naming the row; nothing else is caught here, so a fault in this project's own code still shows.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

from kpi.officers.files.csv_rows import CHUNK, MAX_COLUMNS, MAX_LINES, FileRejected
from kpi.officers.files.xlsx_quick import quick_rows

MAX_UNZIPPED = 50 * 1024 * 1024  # declared unpacked size of every part of an .xlsx together
MAX_PARTS = 10_000  # files inside an .xlsx package (a plain workbook has about a dozen)
UNSIZED_ROWS = 40_000  # rows of a sheet that does not record its size (see _check_sheet_part)


def xlsx_chunks(data: bytes) -> Iterator[list]:
    """Every row of the first worksheet from row 1, at most MAX_COLUMNS + 1 wide, in chunks, after the package's
    size is checked."""
    _check_package(data)
    chunks = quick_rows(data)
    if chunks is not None:
        yield from chunks
        return
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
        yield from _stream(book.worksheets[0])
    finally:
        book.close()


def _stream(sheet) -> Iterator[list]:
    """The sheet's rows in chunks; a damaged row or one past MAX_LINES ends it, after the rows before it."""
    try:
        sheet.reset_dimensions()  # the declared size (it may claim A1:XFD1048576) is not trusted
        rows = sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
    except Exception as exc:  # the sheet's XML is damaged
        raise FileRejected(f"the first worksheet cannot be read ({type(exc).__name__})") from None
    number, chunk = 0, []
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except Exception as exc:  # a damaged cell: shared-string index, number, date or reference
            yield chunk
            raise FileRejected(
                f"the workbook is damaged just after row {number:,} ({type(exc).__name__}: {str(exc)[:80]}); "
                "open it in Excel, save it again and upload that copy"
            ) from None
        number += 1
        if number > MAX_LINES:
            yield chunk
            raise FileRejected(f"the first worksheet has more than {MAX_LINES:,} rows; delete the empty rows")
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    yield chunk


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
