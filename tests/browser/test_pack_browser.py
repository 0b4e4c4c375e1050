"""An officer opens Barking and Dagenham's profile, follows the link to the report pack, clicks "Make pack" and
downloads the Word document and the PDF, in headless Chromium."""

import io
import re

import docx
import pypdf
from playwright.sync_api import expect

APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def test_make_pack_ends_with_both_downloads(page, server, tmp_path):
    page.goto(server + "/")
    expect(page.get_by_role("heading", name=re.compile("^Council profile"))).to_be_visible(timeout=60_000)
    page.get_by_role("link", name=re.compile("Make a report pack")).click()
    expect(page.get_by_role("heading", name="Report pack: Barking and Dagenham")).to_be_visible(timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.get_by_role("button", name="Make pack").click()
    word_button = page.get_by_role("button", name="Download Word document")
    expect(word_button).to_be_visible(timeout=240_000)  # seven charts, a Word document and a PDF
    expect(page.get_by_text("Done")).to_be_visible()
    files = {}
    for name in ("Download Word document", "Download PDF"):
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name=name).click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        files[path.suffix] = path
    assert sorted(files) == [".docx", ".pdf"]
    assert files[".docx"].name.startswith("evidence-pack-barking-and-dagenham-")
    word = docx.Document(io.BytesIO(files[".docx"].read_bytes()))
    assert word.paragraphs[0].text == "Evidence pack: Barking and Dagenham"
    assert len(word.inline_shapes) >= 7 and all(s._inline.docPr.get("descr") for s in word.inline_shapes)
    reader = pypdf.PdfReader(files[".pdf"])
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert "Evidence pack: Barking and Dagenham" in reader.pages[0].extract_text()
