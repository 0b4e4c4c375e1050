"""An officer uploads a real file in Chromium; a member then sees the council-supplied FTE series on Trends."""

import re
from pathlib import Path

from playwright.sync_api import expect

APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "uploads" / "EXAMPLE_fte_barking_and_dagenham.csv"


def test_upload_confirm_and_see_fte_on_trends(page, server, tmp_path):
    page.goto(server + "/")
    expect(page.get_by_role("heading", name=re.compile("^Council profile"))).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="Upload figures").click()
    expect(page.get_by_role("heading", name="Upload council figures")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Local single-user mode")).to_be_visible()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(FIXTURE))
    expect(page.get_by_text(re.compile(r"14 to add"))).to_be_visible(timeout=60_000)
    preview = page.locator(".js-plotly-plot").first
    expect(preview.locator(".gtitle")).to_contain_text("Preview: Full-time equivalent staff", timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.screenshot(path=str(tmp_path / "upload-preview.png"), full_page=True)
    page.get_by_role("button", name=re.compile(r"Confirm and save 14 row")).click()
    expect(page.get_by_text(re.compile(r"Saved as version \d+: 14 row\(s\) added"))).to_be_visible(timeout=60_000)

    page.get_by_role("link", name="Trends").click()
    chart = page.locator(".js-plotly-plot").first
    expect(chart.locator(".gtitle")).to_contain_text("Core spending power", timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    picker = page.get_by_role("combobox", name=re.compile("^Measure"))
    picker.click()
    picker.fill("Full-time equivalent")  # typed into the Measure box itself, never wherever the focus went
    page.get_by_role("option", name=re.compile("Full-time equivalent staff")).first.click()
    expect(chart.locator(".gtitle")).to_contain_text("Full-time equivalent staff: Barking and Dagenham", timeout=60_000)
    expect(chart.locator(".legendtext", has_text="Barking and Dagenham (council-supplied)")).to_be_visible()
    expect(chart.locator(".xtick text").first).to_have_text("2010-11")
    expect(page).to_have_url(re.compile(r"metric=fte"))
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.screenshot(path=str(tmp_path / "trends-fte.png"), full_page=True)
