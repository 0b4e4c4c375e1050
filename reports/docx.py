"""The pack as a Word document (python-docx): real styles, so an officer can paste a section into the council's
own template and it takes that template's look.

Title, Heading 1 and Heading 2 for the structure; Caption above each table and below each figure; tables as
Word tables in the "Table Grid" style with the header row repeated on every page; pictures with their
alternative text in the drawing's description (what Word shows as "Alt Text"); the document language en-GB.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reports.layout import Block, Figure, Heading, Para, TableBlock

TABLE_STYLE = "Table Grid"
NOTE_STYLE, TABLE_TEXT_STYLE = "Pack note", "Pack table text"
LANGUAGE = "en-GB"
FONT = "Arial"
IMAGE_WIDTH = Cm(17)


def write_docx(blocks: list[Block], *, title: str, made: dt.datetime) -> bytes:
    doc = Document()
    _page_and_styles(doc)
    props = doc.core_properties
    props.title, props.subject, props.language = title, "Evidence pack for a committee report", LANGUAGE
    props.author, props.created = "Council KPI dashboard", made
    for block in blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=block.level)
        elif isinstance(block, Para):
            _paragraph(doc, block)
        elif isinstance(block, TableBlock):
            _table(doc, block)
        elif isinstance(block, Figure):
            _figure(doc, block)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page_and_styles(doc) -> None:
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2)
        section.top_margin = section.bottom_margin = Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10.5)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    normal.element.get_or_add_rPr().append(lang)
    note = doc.styles.add_style(NOTE_STYLE, 1)
    note.base_style, note.font.size, note.font.color.rgb = normal, Pt(9), RGBColor(0x50, 0x5A, 0x5F)
    cell = doc.styles.add_style(TABLE_TEXT_STYLE, 1)
    cell.base_style, cell.font.size = normal, Pt(8.5)
    cell.paragraph_format.space_after = Pt(0)


def _paragraph(doc, block: Para) -> None:
    paragraph = doc.add_paragraph(style=NOTE_STYLE if block.kind == "note" else "Normal")
    if block.label:
        paragraph.add_run(block.label + " ").bold = True
    paragraph.add_run(block.text)
    if block.kind == "fact":
        paragraph.paragraph_format.space_after = Pt(2)


def _table(doc, block: TableBlock) -> None:
    doc.add_paragraph(block.caption, style="Caption")
    t = block.table
    style_id = doc.styles[TABLE_TEXT_STYLE].style_id
    table = doc.add_table(rows=1, cols=len(t.columns), style=TABLE_STYLE)
    header = table.rows[0]
    _repeat_as_header(header)
    for cell, name in zip(header.cells, t.columns):
        _cell(cell, name, bold=True, style_id=style_id)
    for row in t.rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row)):
            _cell(cell, text, bold=t.row_headers and i == 0, style_id=style_id)
    doc.add_paragraph()


def _cell(cell, text: str, *, bold: bool, style_id: str) -> None:
    paragraph = cell.paragraphs[0]
    # The style by id: python-docx's lookup by name costs milliseconds per cell, seconds per pack.
    paragraph._p.get_or_add_pPr().style = style_id
    paragraph.add_run(str(text)).bold = bold


def _repeat_as_header(row) -> None:
    """Mark a table row as the header row Word repeats at the top of each page (and reads out as headers)."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _figure(doc, block: Figure) -> None:
    shape = doc.add_picture(io.BytesIO(block.image), width=IMAGE_WIDTH)
    properties = shape._inline.docPr
    properties.set("descr", block.alt)
    properties.set("title", block.caption)
    doc.add_paragraph(block.caption, style="Caption")
