"""The pack's files, opened as a reader would: the Word document with python-docx (styles, tables, alt text) and
the PDF with pypdf (text, language, tags, figures with alternative text, images)."""

from __future__ import annotations

import io

import docx
import pypdf
import pytest
from docx.oxml.ns import qn

from reports import layout
from reports.docx import write_docx
from reports.html import to_html
from tests.reports.conftest import MADE, OFFICER

WORD_STYLES = {"Title", "Heading 1", "Heading 2", "Caption"}


@pytest.fixture(scope="module")
def word(made_pack):
    data = next(f.data for f in made_pack.files if f.fmt == "docx")
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def pdf(made_pack):
    data = next(f.data for f in made_pack.files if f.fmt == "pdf")
    return pypdf.PdfReader(io.BytesIO(data))


def test_files_are_named_for_the_council_and_day(made_pack):
    assert [f.name for f in made_pack.files] == [
        "evidence-pack-barking-and-dagenham-2026-02-02.docx",
        "evidence-pack-barking-and-dagenham-2026-02-02.pdf",
    ]
    assert made_pack.notes == ()


def test_word_uses_real_styles_and_tables(word, made_pack):
    used = {p.style.name for p in word.paragraphs}
    assert used >= WORD_STYLES
    assert word.paragraphs[0].style.name == "Title" and word.paragraphs[0].text == made_pack.pack.title.title
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    assert headings[: len(made_pack.pack.sections)] == [s.heading for s in made_pack.pack.sections]
    assert word.core_properties.language == "en-GB"
    for table in word.tables:
        assert table.style.name == "Table Grid"
        header = table.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None  # repeated on each page


def test_word_headline_table_holds_the_pack_figures_as_text(word, made_pack):
    headline = word.tables[0]
    cells = [[c.text for c in row.cells] for row in headline.rows]
    assert tuple(cells[0]) == made_pack.pack.headline_table().columns
    assert [tuple(r) for r in cells[1:]] == [r.cells() for r in made_pack.pack.headline]
    assert cells[1][1] == "232,747 (2024-25)"
    fte = next(r for r in cells if r[0].startswith("Staff"))
    assert fte[1] == "3,090 (2023-24) – council-supplied"


def test_every_word_picture_has_alt_text(word, made_pack):
    shapes = word.inline_shapes
    charts = made_pack.pack.charts()
    assert len(shapes) == len(charts) == 8
    for shape, section in zip(shapes, charts):
        description = shape._inline.docPr.get("descr")
        assert description == section.alt_text and description.startswith("Line chart: ")


def test_word_lists_sources_uploads_and_attribution(word, made_pack):
    text = "\n".join(p.text for p in word.paragraphs)
    cells = {c.text for t in word.tables for row in t.rows for c in row.cells}
    for row in made_pack.pack.appendix.sources.rows:
        assert row[0] in cells  # the source's title
    assert OFFICER in cells and "EXAMPLE_fte_barking_and_dagenham.csv" in cells
    assert "Contains public sector information licensed under the Open Government Licence v3.0." in text
    assert "No action plan" not in text  # the pack was made with the council's action plan
    assert "Actions overdue as of 15 January 2026" in text


def test_pdf_text_has_the_council_and_headline_figures(pdf, made_pack):
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Evidence pack: Barking and Dagenham" in text
    for row in made_pack.pack.headline:
        assert row.cells()[1].split(" (")[0] in text, row.key  # each latest figure
    assert "council-supplied" in text and OFFICER in text
    assert pdf.metadata.title == "Evidence pack: Barking and Dagenham"


def _structure(node, found):
    node = node.get_object()
    if isinstance(node, pypdf.generic.ArrayObject):
        for child in node:
            _structure(child, found)
    elif isinstance(node, pypdf.generic.DictionaryObject):
        if "/S" in node:
            found.append((str(node["/S"]), node.get("/Alt")))
        if "/K" in node:
            _structure(node["/K"], found)


def test_pdf_is_tagged_with_language_and_figures_with_alternative_text(pdf, made_pack):
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    assert "/StructTreeRoot" in root
    elements: list = []
    _structure(root["/StructTreeRoot"], elements)
    kinds = {kind for kind, _alt in elements}
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/Caption"} <= kinds
    figures = [alt for kind, alt in elements if kind == "/Figure"]
    assert [str(a) for a in figures] == [s.alt_text for s in made_pack.pack.charts()]


def test_pdf_embeds_one_image_per_chart(pdf, made_pack):
    images = set()
    for page in pdf.pages:
        for ref in page["/Resources"].get("/XObject", {}).values():  # references, read without decoding pixels
            if ref.get_object()["/Subtype"] == "/Image":
                images.add(ref.idnum)
    assert len(images) == len(made_pack.pack.charts())
    widths = {pdf.get_object(i)["/Width"] for i in images}
    assert widths == {3200}  # 1600 x 900 at 2x: print resolution


def test_text_from_data_is_escaped_in_the_pdf_source():
    blocks = [layout.Para('<script>alert("x")</script> & more', "body", "Notes:")]
    html = to_html(blocks, title="<b>pack</b>", made="2026-02-02T09:30:00")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;pack&lt;/b&gt;" in html


def test_a_chart_that_could_not_be_drawn_is_explained_not_dropped(council_data):
    from kpi.views.pack.build import PackRequest, build_pack

    merged, _plan = council_data
    pack = build_pack(merged, PackRequest("E09000002", measures=("population",)), made=MADE)
    blocks = layout.blocks(pack, {}, no_images="no Chromium browser was found.")
    word = docx.Document(io.BytesIO(write_docx(blocks, title=pack.title.title, made=MADE)))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "The chart could not be drawn here: no Chromium browser was found." in text
    assert len(word.inline_shapes) == 0 and len(word.tables) >= 2  # the figures are still there as a table
