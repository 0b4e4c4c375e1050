"""Reorganisation options in the report pack: a section of their own when options are given, none otherwise; each
chart with its alternative text, summary, source and figures as tables; a bad options file refused by the command
line with nothing written."""

from __future__ import annotations

import io
import subprocess
import sys

import docx
import pytest

from kpi.views.options.files import read_options
from kpi.views.pack.build import PackRequest, build_pack
from reports import layout
from tests.reports.conftest import MADE, ROOT

EXAMPLE = ROOT / "data" / "examples" / "EXAMPLE_reorganisation_options.csv"


@pytest.fixture(scope="module")
def pack(store):
    options = read_options(store.catalogue, EXAMPLE.read_bytes(), EXAMPLE.name)
    return build_pack(store, PackRequest("E10000034", measures=("population",), options=options), made=MADE)


def test_options_make_a_section_of_their_own(pack, store):
    assert build_pack(store, PackRequest("E10000034", measures=("population",)), made=MADE).options is None
    keys = [c.key for c in pack.options.charts]
    assert keys[:2] == ["options:population", "options:core_spending_power"]
    assert keys[-2:] == ["options:tax:EXAMPLE one council", "options:tax:EXAMPLE two councils"]
    blocks = layout.blocks(pack, dict.fromkeys(keys, b"image"))
    headings = [b.text for b in blocks if isinstance(b, layout.Heading)]
    assert headings.index("Reorganisation options") < headings.index("Action plan")
    figures = [b for b in blocks if isinstance(b, layout.Figure) and b.alt.startswith("Bar chart: ")]
    assert len(figures) == len(keys) and figures[0].alt.endswith(pack.options.charts[0].summary)
    assert figures[0].caption.endswith("Population of the proposed councils, mid-2024")
    tables = [b.table for b in blocks if isinstance(b, layout.TableBlock)]
    options = next(t for t in tables if t.caption == "The options")
    assert (
        "EXAMPLE two councils",
        "EXAMPLE North",
        "Worcestershire, Bromsgrove, Redditch, Wyre Forest",
    ) in options.rows
    sums = next(t for t in tables if t.caption == "One Band D for each proposed council, EXAMPLE two councils")
    assert sums.rows[0][:5] == ("EXAMPLE North", "£1,701.99", "£1,711.28", "£1,727.53", "£25.54")
    assert sums.rows[0][5] == "-£919,444"


def test_the_appendix_lists_the_options_sources(pack):
    cited = {row[0] for row in pack.appendix.sources.rows}
    assert any("borrowing and investment" in name for name in cited)  # total debt, only in the options section


def test_without_images_each_chart_says_why(pack):
    blocks = layout.blocks(pack, {}, no_images="no Chromium here.")
    notes = [b.text for b in blocks if isinstance(b, layout.Para) and b.text.startswith("The chart could not")]
    assert len(notes) == len(pack.options.charts) + 1  # and the population section's own chart


def run(*args: str):
    return subprocess.run(
        [sys.executable, "-m", "kpi", "pack", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_the_command_line_adds_the_options_to_a_word_pack(tmp_path, exporter, db_url):
    out = tmp_path / "pack.docx"
    proc = run(
        "--area",
        "Worcestershire",
        "--metric",
        "population",
        "--options",
        str(EXAMPLE),
        "--format",
        "docx",
        "--out",
        str(out),
    )
    assert proc.returncode == 0, proc.stderr
    document = docx.Document(io.BytesIO(out.read_bytes()))
    assert "Reorganisation options" in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert len(document.inline_shapes) == 1 + 7 + 2  # the measure's chart, a chart per measure, one per option
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "£1,708.52" in cells and "EXAMPLE North" in cells


def test_a_bad_options_file_is_refused_and_nothing_is_written(tmp_path, db_url):
    bad = tmp_path / "bad.csv"
    bad.write_text("option,proposed_council,area_code\nA,X,Nowhere\n")
    out = tmp_path / "pack.docx"
    proc = run("--area", "Worcestershire", "--options", str(bad), "--format", "docx", "--out", str(out))
    assert proc.returncode == 2 and "error: row 2, area_code: expected an ONS code" in proc.stderr
    assert not out.exists()
