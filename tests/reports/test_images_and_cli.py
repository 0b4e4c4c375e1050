"""Two packs made at once each carry their own charts; the command line writes a pack or says why it cannot."""

from __future__ import annotations

import io
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import docx
import pytest

from kpi.views.pack.build import PackRequest, build_pack
from reports import cli, pdf
from reports.images import render_charts
from reports.make import make_pack
from tests.reports.conftest import MADE, ROOT

COUNCILS = {"E09000002": "Barking and Dagenham", "E08000025": "Birmingham"}


def test_two_packs_made_at_once_each_carry_their_own_charts(store, exporter):
    packs = {
        code: build_pack(store, PackRequest(code, measures=("population", "band_d", "reserves")), made=MADE)
        for code in COUNCILS
    }
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {code: pool.submit(render_charts, pack, exporter, fmt="svg") for code, pack in packs.items()}
        images = {code: future.result(timeout=300) for code, future in futures.items()}
    for code, name in COUNCILS.items():
        other = next(n for c, n in COUNCILS.items() if c != code)
        assert list(images[code]) == ["population", "band_d", "reserves"]
        for key, svg in images[code].items():
            section = next(s for s in packs[code].sections if s.key == key)
            text = svg.decode()
            assert section.view.title.replace("'", "&#39;") in text or section.view.title in text, (code, key)
            assert name in text and other not in text, (code, key)


def run(*args: str, env=None):
    return subprocess.run(
        [sys.executable, "-m", "kpi", "pack", *args], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env
    )


def test_the_command_line_writes_a_word_pack(tmp_path, exporter, db_url):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "pack.docx"
    proc = run("--area", "Barking and Dagenham", "--metric", "population", "--format", "docx", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "wrote" in proc.stdout and "Evidence pack: Barking and Dagenham, 1 measures" in proc.stdout
    document = docx.Document(io.BytesIO(out.read_bytes()))
    assert document.paragraphs[0].text == "Evidence pack: Barking and Dagenham"
    assert len(document.inline_shapes) == 1 and document.inline_shapes[0]._inline.docPr.get("descr")
    assert [p.name for p in out.parent.iterdir()] == ["pack.docx"]  # no temporary file left behind


@pytest.mark.parametrize(
    "args, message",
    [
        (["--area", "Barkin"], "unknown area 'Barkin'; did you mean E09000002 (Barking and Dagenham)"),
        (["--area", "E09000002", "--from", "2010/11"], "not a financial year"),
        (["--area", "E09000002", "--metric", "csp_reel"], "unknown measure 'csp_reel'"),
        (["--area", "E09000002", "--as-of", "15/01/2026"], "not a date in the form YYYY-MM-DD"),
    ],
)
def test_the_command_line_refuses_bad_input_and_writes_nothing(tmp_path, db_url, args, message):
    out = tmp_path / "pack.pdf"
    proc = run(*args, "--format", "pdf", "--out", str(out))
    assert proc.returncode == 2 and message in proc.stderr
    assert not out.exists()


def test_without_weasyprint_libraries_pdf_is_refused_clearly(monkeypatch, tmp_path, store, capsys, db_url):
    def missing():
        raise pdf.PdfUnavailable("PDF packs cannot be made on this server: ... libpango-1.0-0 ...")

    monkeypatch.setattr(pdf, "_weasyprint", missing)
    pdf.unavailable_reason.cache_clear()
    try:
        assert "libpango-1.0-0" in pdf.unavailable_reason()
        with pytest.raises(pdf.PdfUnavailable):
            make_pack(store, PackRequest("E09000002"), formats=("pdf",), exporter=None, made=MADE)
        out = tmp_path / "pack.pdf"
        assert cli.main(["pack", "--area", "E09000002", "--format", "pdf", "--out", str(out)]) == 2
        assert "PDF packs cannot be made on this server" in capsys.readouterr().err and not out.exists()
    finally:
        pdf.unavailable_reason.cache_clear()
