"""The raw rows of an officer's CSV file, a chunk at a time, with every limit checked before it can cost much.

A CSV is decoded (UTF-8, Windows-1252, or UTF-16 as Excel's "Unicode text" writes it), its lines counted before it
is split, and read in chunks of rows, each row cut to a column cap as it is read (kpi.officers.files.xlsx_rows reads
.xlsx files). What the csv module raises on a damaged file becomes a FileRejected naming the line its row starts on;
nothing else is caught here, so a fault in this project's own code still shows.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from itertools import islice
from operator import itemgetter

MAX_LINES = 1_048_576  # Excel's own row limit: a file with more lines is mostly blank rows or not a table
MAX_COLUMNS = 200  # columns read from each row; a plan or a figures file has a dozen
# Rows handed on at a time: the row limit is checked after each chunk, and a chunk's rows are gone before Python's
# garbage collector would count them as long-lived (20,000 rows alive at once set off a full collection, which walks
# every object of the server's process: about 100 ms with the snapshot loaded).
CHUNK = 256
MAX_CELL = csv.field_size_limit()  # 131,072 characters: Python's default, left as it is for the whole process
SAVE_AS_UTF8 = "save it from Excel as 'CSV UTF-8 (Comma delimited)' or upload the .xlsx workbook"
_CUT = itemgetter(slice(0, MAX_COLUMNS + 1))


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


def csv_chunks(data: bytes) -> Iterator[list[list[str]]]:
    """Every row of a CSV file (blank lines as empty lists), CHUNK rows at a time, after its line count is checked.

    Rows are split by the csv module a chunk at a time, each cut to MAX_COLUMNS + 1 cells as it is read. A row the
    csv module cannot read is looked for again one row at a time, so the rows before it are handed on first and
    the message names the line the bad row starts on."""
    text = decode_text(data)
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise FileRejected(
            f"the file has {lines:,} lines, more than a spreadsheet holds ({MAX_LINES:,}); delete the empty rows "
            "below your table"
        )
    separator = sniff_separator(text)
    rows = map(_CUT, csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    done = 0
    try:
        while chunk := list(islice(rows, CHUNK)):
            done += len(chunk)
            yield chunk
        return
    except csv.Error:
        pass
    yield from _one_at_a_time(text, separator, skip=done)


def _one_at_a_time(text: str, separator: str, *, skip: int) -> Iterator[list[list[str]]]:
    """The rows after the first `skip`, read one at a time up to the one the csv module cannot read."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    for _ in islice(reader, skip):
        pass
    chunk: list[list[str]] = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield chunk
            raise FileRejected(_csv_problem(start, exc)) from None
        chunk.append(row[: MAX_COLUMNS + 1])
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    yield chunk


def _csv_problem(line: int, exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return (
            f"the row starting on line {line:,} has a cell longer than {MAX_CELL:,} characters; usually a quote "
            'mark (") opened in a cell and never closed, so the rest of the file reads as one cell'
        )
    return f"the row starting on line {line:,} cannot be read as CSV ({exc})"
