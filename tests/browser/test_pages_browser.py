"""The real app in headless Chromium: shared links reopen each page's view, a PNG download is a report-sized
image, and print hides the controls."""

import re
import struct

from playwright.sync_api import expect

APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def wait_idle(page):
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.wait_for_function("() => [...document.querySelectorAll('style')].some(s => s.textContent.includes('FFDD00'))")


def wait_for_chart(page, text, index=0):
    chart = page.locator(".js-plotly-plot").nth(index)
    expect(chart).to_be_visible(timeout=60_000)
    expect(chart.locator(".gtitle")).to_contain_text(text, timeout=30_000)
    wait_idle(page)
    return chart


def test_shared_benchmark_link_reopens_the_same_view(page, server):
    page.goto(server + "/benchmark?area=E09000004&metric=debt_pct_csp&year=2015-16&cmp=type")
    chart = wait_for_chart(page, "Total debt as % of core spending power: Bexley")
    expect(chart.locator(".gtitle")).to_contain_text("2015-16")
    expect(chart.locator(".gtitle")).to_contain_text("other London boroughs")
    expect(page.get_by_role("heading", name=re.compile(r"^Bexley: "))).to_be_visible()
    for part in ("area=E09000004", "metric=debt_pct_csp", "year=2015-16", "cmp=type"):
        assert part in page.url


def test_profile_cards_draw_their_trend_lines_and_open_by_keyboard(page, server):
    page.goto(server + "/?area=E09000004")  # a council no test uploads figures for: its seven official cards
    expect(page.get_by_role("heading", name="Council profile: Bexley")).to_be_visible(timeout=60_000)
    wait_idle(page)
    cards = page.locator(".kpi-card")
    expect(cards).to_have_count(7)
    expect(page.get_by_role("heading", name="Population", exact=True)).to_be_visible()
    lines = page.locator("img.kpi-sparkline")
    expect(lines).to_have_count(7)  # inline SVG would have been cleaned away; images are drawn
    page.wait_for_function(  # each image decoded and drawn
        "() => [...document.querySelectorAll('img.kpi-sparkline')].every(i => i.complete && i.naturalWidth > 0)"
    )
    expect(page.get_by_role("img", name=re.compile(r"^Trend of population, 2001-02 to 2024-25"))).to_be_visible()
    expect(cards.filter(has_text="Debt, % of spending power").locator(".kpi-card-change")).to_contain_text("worse")
    summary = cards.first.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(cards.first.locator("details")).to_have_attribute("open", "")
    expect(cards.first.locator("details p")).to_contain_text("ONS mid-year estimate of the usually resident")


def test_shared_profile_link_reopens_council_and_base_year(page, server):
    page.goto(server + "/?area=E09000004&since=2015-16")
    expect(page.get_by_role("heading", name="Council profile: Bexley")).to_be_visible(timeout=60_000)
    wait_idle(page)
    expect(page.get_by_text(re.compile("change from 2015-16 to 2024-25")).first).to_be_visible()
    assert "since=2015-16" in page.url


def test_shared_trends_link_with_small_multiples(page, server):
    page.goto(server + "/trends?metrics=population&metrics=band_d_council_tax")
    wait_for_chart(page, "2 measures over time: Barking and Dagenham", index=1)
    assert "metrics=population" in page.url and "metrics=band_d_council_tax" in page.url


def test_png_download_is_3200_by_1800(page, server, tmp_path):
    page.goto(server + "/trends")
    wait_for_chart(page, "Core spending power: Barking and Dagenham")
    with page.expect_download(timeout=90_000) as info:
        page.get_by_role("button", name=re.compile("Download PNG")).first.click()
    path = tmp_path / "chart.png"
    info.value.save_as(path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (3200, 1800)
    assert info.value.suggested_filename.endswith(".png")


def test_csv_download_has_header_lines(page, server, tmp_path):
    page.goto(server + "/trends")
    wait_for_chart(page, "Core spending power: Barking and Dagenham")
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=re.compile(r"Download data \(CSV\)")).first.click()
    path = tmp_path / "chart.csv"
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert text.startswith("Title: Core spending power: Barking and Dagenham")
    assert "Licence: OGL v3.0" in text and "Barking and Dagenham,2011-12,182340000.0" in text


def test_print_hides_sidebar_and_controls(page, server):
    page.goto(server + "/trends")
    wait_for_chart(page, "Core spending power")
    page.emulate_media(media="print")
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.get_by_role("button", name=re.compile("Download PNG"))).to_be_hidden()
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    page.emulate_media(media="screen")


def test_keyboard_focus_is_visible(page, server):
    page.goto(server + "/trends")
    wait_for_chart(page, "Core spending power")
    page.get_by_role("combobox", name=re.compile("^Measure")).focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineColor")
    shadow = page.evaluate("() => getComputedStyle(document.activeElement).boxShadow")
    assert outline == "rgb(255, 221, 0)" or "rgb(11, 12, 12)" in shadow
