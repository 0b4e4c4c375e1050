"""Hand-built .xlsx packages (the smallest a reader accepts), so a test can damage exactly one part of one."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{SHEETML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEETML}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHEETML}.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
HEADER = ("area_code", "metric_id", "period", "value")


def text(ref: str, value: str) -> str:
    """An inline-string cell."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'


def row(number: int, cells: list[str]) -> str:
    return f'<row r="{number}">' + "".join(cells) + "</row>"


def table_rows(rows: list[list[str]], start: int = 1) -> str:
    """Rows of text cells, the first at row `start`."""
    return "".join(
        row(start + i, [text(f"{chr(65 + j)}{start + i}", v) for j, v in enumerate(values)])
        for i, values in enumerate(rows)
    )


def figures_row(value_cell: str, number: int = 2) -> str:
    """A figures row (E09000002, fte, 2023-24) whose value cell (column D) is given as XML."""
    given = [text(f"A{number}", "E09000002"), text(f"B{number}", "fte"), text(f"C{number}", "2023-24")]
    return row(number, [*given, value_cell])


def workbook(sheet_rows: str, *, dimension: str = "", shared: tuple[str, ...] = (), sheets: bool = True) -> bytes:
    """A package whose first sheet holds `sheet_rows` (XML) under the figures header row."""
    head = table_rows([list(HEADER)])
    listed = '<sheet name="figures" sheetId="1" r:id="rId1"/>' if sheets else ""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{listed}</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}">{dimension}<sheetData>{head}{sheet_rows}'
        "</sheetData></worksheet>",
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">' + "".join(f"<si><t>{s}</t></si>" for s in shared) + "</sst>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, body in parts.items():
            package.writestr(name, body)
    return buffer.getvalue()
