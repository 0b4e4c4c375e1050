"""The real app in headless Debian Chromium: the chart renders, and a shared link reopens the same view."""

import re

from playwright.sync_api import expect

APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def wait_for_chart(page, text):
    chart = page.locator(".js-plotly-plot").first
    expect(chart).to_be_visible(timeout=60_000)
    expect(chart.locator(".gtitle")).to_contain_text(text, timeout=30_000)
    page.wait_for_selector(APP_IDLE, timeout=30_000)
    return chart


def test_trends_page_renders_a_real_chart(page, server, tmp_path):
    page.goto(server + "/trends")
    chart = wait_for_chart(page, "Core spending power: Barking and Dagenham")
    # The council's line is drawn with one point per year (2011-12 .. 2020-21).
    expect(chart.locator(".xtick text").first).to_have_text("2011-12")
    points = chart.locator(".scatterlayer .trace").last.locator(".point")
    expect(points).to_have_count(10)
    expect(page.get_by_text(re.compile(r"^Summary:"))).to_be_visible()
    page.screenshot(path=str(tmp_path / "trends.png"), full_page=True)


def test_shared_link_reopens_the_view(page, server):
    page.goto(server + "/trends?area=E09000004&metric=total_debt&per_head=1&cmp=region")
    wait_for_chart(page, "Total debt (gross borrowing) per head: Bexley")
    expect(page.locator(".js-plotly-plot .gtitle")).to_contain_text("single-tier councils in London")
    assert "area=E09000004" in page.url and "per_head=1" in page.url


def test_changing_the_council_updates_chart_and_url(page, server):
    page.goto(server + "/trends")
    wait_for_chart(page, "Barking and Dagenham")
    picker = page.get_by_role("combobox", name=re.compile("^Council"))
    picker.click()
    page.keyboard.type("Bexley")
    page.keyboard.press("Enter")
    wait_for_chart(page, "Core spending power: Bexley")
    expect(page).to_have_url(re.compile(r"area=E09000004"))
