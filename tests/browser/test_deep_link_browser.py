"""A shared link is often the very first request a server gets after it starts: it opens its page directly."""

from playwright.sync_api import expect

from tests.browser.test_pages_browser import wait_for_chart


def test_first_request_of_a_fresh_server_is_a_deep_link(chromium, fresh_server):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(fresh_server + "/trends?area=E09000004&metric=population")
        wait_for_chart(page, "Population: Bexley")
        page.wait_for_timeout(1500)  # the notice, when it came, appeared with the first run's messages
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect(page.get_by_role("heading", name="Trends")).to_be_visible()
        assert "area=E09000004" in page.url and "/trends" in page.url
    finally:
        context.close()
