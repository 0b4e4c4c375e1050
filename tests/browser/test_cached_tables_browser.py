"""Tables cached as Arrow and downloads made only when clicked, in the real app in headless Chromium: the Data and
methods tables and the profile's table (once its switch is on) are drawn, and the profile's CSV and the upload
template arrive whole."""

import re

from playwright.sync_api import expect

from tests.browser.test_pages_browser import wait_idle


def download(page, name: str, tmp_path) -> str:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=name).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path.read_text(encoding="utf-8-sig")


def test_methods_tables_are_drawn(page, server):
    page.goto(server + "/methods")
    expect(page.get_by_role("heading", name="Source status")).to_be_visible(timeout=60_000)
    wait_idle(page)
    tables = page.get_by_test_id("stDataFrame")
    # Measures, sources, status, coverage, measures not bundled, reorganisations: waits until the sixth is drawn.
    expect(tables.nth(5)).to_be_visible(timeout=60_000)


def test_profile_table_and_its_csv(page, server, tmp_path):
    page.goto(server + "/?area=E09000002")
    expect(page.get_by_role("heading", name="Council profile: Barking and Dagenham")).to_be_visible(timeout=60_000)
    wait_idle(page)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)  # the table is sent only when asked for
    page.get_by_text("Show as table").click()  # the switch's label, as a mouse user or a keyboard's space turns it on
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=30_000)
    text = download(page, re.compile(r"Download data \(CSV\)"), tmp_path)
    assert text.startswith("Title: Council profile: Barking and Dagenham")
    assert "Population,population,people" in text and ",2010-11,182838.0," in text


def test_upload_template_arrives_when_clicked(page, server, tmp_path):
    page.goto(server + "/upload")
    expect(page.get_by_role("heading", name="Upload council figures")).to_be_visible(timeout=60_000)
    wait_idle(page)
    text = download(page, re.compile(r"Download the template \(CSV\)"), tmp_path)
    assert text.startswith("area_code,area_name,metric_id,period,value,notes")
    assert "EXAMPLE ROW from the template" in text
