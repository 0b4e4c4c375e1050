"""A plain workbook read whole by calamine, where that is both safe and exactly what openpyxl would read.

calamine (python-calamine) reads a sheet many times faster than openpyxl streams it, but it builds the sheet as one
dense grid from its first cell to its last, whatever lies between: two cells far apart (A1 and XFD1048576) would ask
for hundreds of gigabytes and end the process. Where a workbook is unusual it also reads differently: text in a
number cell as text (openpyxl refuses the workbook), error cells as blanks, ISO dates as text, `_x000D_` unescaped,
unmarked leading and trailing spaces trimmed. So calamine reads a workbook only when every part of its package has
been unpacked (its checksum checked) and found plain:

* every cell element names its place first (`<c r="...">`) within columns A to Z and rows 1 to 39,999, so the grid
  is at most about a million cells, and no other element is named like a cell;
* every `<v>` holds a plain number of at most 15 digits before the point and no exponent (so calamine's float is
  openpyxl's number), and no cell is an error or an ISO date; no escaped, CDATA or unmarked padded text, no character
  XML does not allow, no entity but XML's own and plain character references, no prefixed cell, row, value or text
  element;
* no cell style may be a date or time format (read more widely than openpyxl or calamine read it), calamine returns
  no date or time, and the first sheet is a worksheet calamine reads without an error.

Anything else returns None, and kpi.officers.files.xlsx_rows streams the sheet with openpyxl as before. What is
not looked for, because no spreadsheet program writes it, is in docs/decisions/0012."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from itertools import chain, islice

import numpy as np

from kpi.officers.files.csv_rows import CHUNK

QUICK_BYTES = 24 * 1024 * 1024  # larger packages (declared unpacked size) are streamed by openpyxl
_SHEET_PARTS = ("xl/worksheets/", "xl/sharedStrings.xml")
_PLAIN_TYPES = {str, float, int, bool}
_DATE_FORMATS = {*range(14, 23), *range(27, 37), *range(45, 59)}  # built-in date and time formats (and CJK ones)
_DATE_LETTERS = re.compile(r"[dmyhsDMYHS]")
# XML's own entities, and character references to tab, newline, carriage return and U+0020 to U+270F (openpyxl writes
# every character past ASCII as one, such as &#163; for £); any other & is left to openpyxl.
_ENTITY = re.compile(rb"&(?:amp|lt|gt|quot|apos|#(?:9|1[03]|3[2-9]|[4-9][0-9]|[1-9][0-9]{2,3}));")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)""", re.IGNORECASE)


def _not_followed_by(start: str, literal: str) -> list[str]:
    """Regex alternatives matching `start` followed by anything but `literal` (RE2 has no lookahead)."""
    out = []
    for i, char in enumerate(literal):
        escaped = "\\" + char if char in '.+*?()[]{}|^$\\"' else char
        out.append(f"{start}{_escape(literal[:i])}[^{escaped}]")
    return out


def _escape(text: str) -> str:
    return "".join("\\" + c if c in ".+*?()[]{}|^$\\" else c for c in text)


_DIGITS = "[0-9]"
_NOT_A_NUMBER = [  # a <v> whose text is not a plain number: every way the grammar can fail, up to the next tag
    "<v>[+-]<",
    "<v>[+-]?\\.<",
    "<v>[^+\\-0-9.<]",
    "<v>[+-][^0-9.<]",
    f"<v>[+-]?{_DIGITS}+[^0-9.<]",
    f"<v>[+-]?(?:{_DIGITS}+\\.{_DIGITS}*|\\.{_DIGITS}+)[^0-9<]",
    "<v>[+-]?\\.[^0-9<]",
    f"<v>[+-]?{_DIGITS}{{16}}",  # 1e15 or more: openpyxl keeps such an integer exact
    "<v>[^<]*[eE]",  # an exponent (or a word): left to openpyxl
]
# Either of these in any part of the package: calamine could be asked for a huge grid.
UNSAFE = [
    "<c[\t\n\r>]",
    *_not_followed_by("<c ", 'r="'),
    '<c r="[A-Za-z](?:[A-Za-z]|0*[4-9][0-9]{4}|0*[1-9][0-9]{5})',
    ":c[\t\n\r >]",
]
# Any of these in a worksheet or the shared strings: calamine would read a cell differently from openpyxl.
UNUSUAL = [
    "<v[^>]",
    *_NOT_A_NUMBER,
    '[\t\n\r ]t=(?:\'|"[de]")',
    "_x[0-9A-Fa-f]{4}_",
    "<!",
    "<[A-Za-z_][A-Za-z0-9_.-]*:(?:row|v|t|is|r|si|f|rPh)[\t\n\r />]",
    "<row[\t\n\r>]",
    *_not_followed_by("<row ", 'r="'),
    r"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]",  # not allowed in XML (U+FFFE, U+FFFF in UTF-8)
    "<t>[\t\n\r ]",
    "<t>[^<]*[\t\n\r ]</t>",
    *_not_followed_by("<t ", 'xml:space="preserve">'),
]


def quick_rows(data: bytes) -> Iterator[list] | None:
    """The first worksheet's rows in chunks (from row 1 and column A, blanks as ""), or None where openpyxl must
    read it. The sheet is read once to look at its cells' types, then handed on a chunk at a time."""
    if not _plain_package(data) or _has_date_styles(data):
        return None
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not book.sheets_metadata or book.sheets_metadata[0].typ != SheetTypeEnum.WorkSheet:
            return None
        sheet = book.get_sheet_by_index(0)
        kinds = set(map(type, chain.from_iterable(sheet.iter_rows())))  # one row alive at a time
    except BaseException as exc:  # calamine's errors, and a panic in its Rust code (not an Exception)
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
            raise
        return None
    if not kinds <= _PLAIN_TYPES:
        return None  # a date or time: openpyxl's and calamine's tests of date formats differ
    return _chunks(sheet)


def _chunks(sheet) -> Iterator[list]:
    """The sheet's rows a chunk at a time (so each chunk's rows can go once read); calamine gives every row from row
    1 but leaves out the columns before the first one used."""
    pad = [""] * sheet.start[1] if sheet.start else []
    rows = sheet.iter_rows()
    while chunk := list(islice(rows, CHUNK)):
        yield [pad + row for row in chunk] if pad else chunk


def _plain_package(data: bytes) -> bool:
    """Every part unpacked, checksum checked, none unsafe and no worksheet or shared strings unusual."""
    import pyarrow.compute as pc

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = package.infolist()
        names = [info.filename for info in parts]
        if sum(info.file_size for info in parts) > QUICK_BYTES or len(set(names)) != len(names):
            return False
        for info in parts:
            try:
                body = package.read(info)
            except Exception:  # a damaged part: openpyxl says how
                return False
            if not _utf8(body[:256]):
                return False
            cells = info.filename.startswith(_SHEET_PARTS)
            if pc.match_substring_regex(_binary(body), "|".join(UNSAFE + UNUSUAL if cells else UNSAFE))[0].as_py():
                return False
            if cells and body.count(b"&") != len(_ENTITY.findall(body)):
                return False  # an entity or character reference openpyxl's parser may refuse
    return True


def _utf8(head: bytes) -> bool:
    """False for a part that is (or says it is) XML in another encoding than UTF-8, which the patterns cannot see
    into: a UTF-16 byte-order mark, UTF-16 markup, or an encoding declaration other than UTF-8."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"<\x00" in head or b"\x00<" in head:
        return False
    declared = _ENCODING.search(head)
    return declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")


def _binary(body: bytes):
    """One bytes value as an Arrow binary array, without a copy."""
    import pyarrow as pa

    offsets = pa.py_buffer(np.array([0, len(body)], dtype=np.int32))
    return pa.Array.from_buffers(pa.binary(), 1, [None, offsets, pa.py_buffer(body)])


def _has_date_styles(data: bytes) -> bool:
    """True if a cell style may be a date, time or duration format, as openpyxl or calamine would read it: a built-in
    date or time format, or a custom format with any of the letters d, m, y, h, s (a superset of openpyxl's test,
    which looks only at the first section and leaves out quoted and bracketed text). True also where the styles
    cannot be read here; openpyxl then reads the workbook and says what is wrong."""
    from xml.etree import ElementTree

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        if "xl/styles.xml" not in package.namelist():
            return False
        try:
            styles = ElementTree.fromstring(package.read("xl/styles.xml"))
            custom = {
                int(f.get("numFmtId")): f.get("formatCode") or "" for f in styles.iterfind("{*}numFmts/{*}numFmt")
            }
            used = {int(xf.get("numFmtId", "0")) for xf in styles.iterfind("{*}cellXfs/{*}xf")}
        except (ElementTree.ParseError, TypeError, ValueError):
            return True
    return any(n in _DATE_FORMATS or _DATE_LETTERS.search(custom.get(n, "")) for n in used)
