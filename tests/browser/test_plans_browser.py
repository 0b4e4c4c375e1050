"""An officer imports the example action plan in Chromium and sees what is overdue on a chosen date."""

import re
from pathlib import Path

from playwright.sync_api import expect

APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "EXAMPLE_action_plan.csv"


def test_import_plan_and_see_overdue(page, server, tmp_path):
    page.goto(server + "/")
    expect(page.get_by_role("heading", name=re.compile("^Council profile"))).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="Action plans").click()
    expect(page.get_by_role("heading", name="Action plan: Barking and Dagenham")).to_be_visible(timeout=60_000)
    page.get_by_role("tab", name="Import a plan").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(EXAMPLE))
    expect(page.get_by_text(re.compile(r"7 actions read"))).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Confirm and save the plan").click()
    expect(page.get_by_text(re.compile(r"Saved as version \d+ of the action plan \(7 actions\)"))).to_be_visible(
        timeout=60_000
    )
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.get_by_role("spinbutton", name="day, Overdue as of").click()
    page.keyboard.type("01042026")  # day, month, year segments of the date field
    page.get_by_role("heading", name="Action plan: Barking and Dagenham").click()  # leaving the field commits it
    expect(page.get_by_role("heading", name="Overdue as of 01 April 2026")).to_be_visible(timeout=60_000)
    expect(page.get_by_text(re.compile(r"3 overdue as of 01 April 2026"))).to_be_visible(timeout=60_000)
    timeline = page.locator(".js-plotly-plot").first
    expect(timeline.locator(".gtitle")).to_contain_text("Action plan deadlines: Barking and Dagenham")
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.screenshot(path=str(tmp_path / "actions.png"), full_page=True)
    timeline.scroll_into_view_if_needed()
    expect(timeline.locator(".scatterlayer .point")).to_have_count(5)  # five actions with a due date
    timeline.screenshot(path=str(tmp_path / "timeline.png"))


def _focus_first_cell(page, grid) -> None:
    """Click the grid's first Ref cell until the grid holds the keyboard focus. A click that lands before the grid's
    canvas is drawn leaves the focus on the Edit tab, where the arrow keys below would change tab instead."""
    for _ in range(20):
        page.wait_for_timeout(500)  # the grid's canvas draws after the run
        box = grid.bounding_box()
        page.mouse.click(box["x"] + 60, box["y"] + 35 + 17)  # the Ref cell of the first row
        if grid.evaluate("el => el.contains(document.activeElement)"):
            return
    raise AssertionError("the plan's grid never took the keyboard focus")


def test_officer_edits_a_deadline_in_the_table(page, server, server_db_url):
    """Change action 3's deadline in the table and save; the overdue count follows."""
    from kpi.officers.plans.read import parse_plan
    from kpi.storage.plans import PlanStore

    db = PlanStore.open(server_db_url)  # the database the served app uses (tests/conftest.py)
    plan = parse_plan(
        EXAMPLE.read_bytes(),
        EXAMPLE.name,
        known_metrics={"core_spending_power", "non_ringfenced_reserves", "fte", "headcount", "asc_info_service_users"},
    ).actions
    db.write_actions("E09000002", plan.drop(columns="_excel_row"), who="test setup", kind="import")
    db.dispose()
    page.goto(server + "/")
    expect(page.get_by_role("heading", name=re.compile("^Council profile"))).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="Action plans").click()
    expect(page.get_by_role("heading", name="Action plan: Barking and Dagenham")).to_be_visible(timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.get_by_role("tab", name="Edit").click()
    grid = page.get_by_role("tabpanel", name="Edit").get_by_test_id("stDataFrame")
    expect(grid).to_be_visible(timeout=60_000)
    save = page.get_by_role("button", name="Save changes")
    expect(save).to_be_visible(timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    _focus_first_cell(page, grid)
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # -> deadline (as written)
    for _ in range(3):
        page.keyboard.press("ArrowDown")  # -> the fourth action (Ref 3)
    page.keyboard.press("Enter")  # open the cell editor
    page.wait_for_timeout(300)
    page.keyboard.press("Control+A")
    page.keyboard.type("December 2026", delay=20)
    page.keyboard.press("Enter")
    page.wait_for_timeout(1000)  # the edit is sent and reruns the script
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    save.click(timeout=60_000)
    expect(page.get_by_text(re.compile(r"Saved as version \d+ of the action plan"))).to_be_visible(timeout=60_000)
    page.get_by_role("tab", name="Overview").click()
    expect(page.get_by_text(re.compile(r"7 actions in version \d+:"))).to_be_visible(timeout=60_000)
    page.get_by_role("spinbutton", name="day, Overdue as of").click()
    page.keyboard.type("01042026")
    page.get_by_role("heading", name="Action plan: Barking and Dagenham").click()
    # Ref 3's first action is now due December 2026, so only two actions are overdue on 1 April 2026.
    expect(page.get_by_text(re.compile(r"2 overdue as of 01 April 2026"))).to_be_visible(timeout=60_000)


def test_a_plan_with_a_column_the_headers_leave_open_is_mapped_and_imported(page, server, tmp_path):
    """A plan headed 'What we will do' and 'Completed': the officer picks the response column, then sees what is
    overdue (a No under Completed is not completed)."""
    plan = tmp_path / "EXAMPLE_plan_with_own_headers.csv"
    plan.write_text(
        "Ref,Recommendation,What we will do,Target date,Completed\n"
        "1,EXAMPLE recommendation one,EXAMPLE action a,31/07/2025,Yes\n"
        ",,EXAMPLE action b,September 2025,No\n"
        "2,EXAMPLE recommendation two,EXAMPLE action c,2027,No\n"
    )
    page.goto(server + "/")
    expect(page.get_by_role("heading", name=re.compile("^Council profile"))).to_be_visible(timeout=60_000)
    page.get_by_role("link", name="Action plans").click()
    expect(page.get_by_role("heading", name="Action plan: Barking and Dagenham")).to_be_visible(timeout=60_000)
    page.get_by_role("tab", name="Import a plan").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(plan))
    expect(page.get_by_text(re.compile("do not say which column holds: Response and action"))).to_be_visible(
        timeout=60_000
    )
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.get_by_role("combobox", name=re.compile("^Response and action")).click()
    page.get_by_role("option", name="What we will do").click()
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.get_by_role("button", name="Use these columns").click()
    expect(page.get_by_text(re.compile(r"3 actions read"))).to_be_visible(timeout=60_000)
    expect(page.get_by_text(re.compile("Columns as you chose them"))).to_be_visible()
    page.get_by_role("button", name="Confirm and save the plan").click()
    expect(page.get_by_text(re.compile(r"Saved as version \d+ of the action plan \(3 actions\)"))).to_be_visible(
        timeout=60_000
    )
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.get_by_role("tab", name="Overview").click()
    expect(page.get_by_text(re.compile(r"3 actions in version \d+:"))).to_be_visible(timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)  # the tab's run finished: the date field is the one kept
    page.get_by_role("spinbutton", name="day, Overdue as of").click()
    page.keyboard.type("01042026")
    expect(page.get_by_role("spinbutton", name="year, Overdue as of")).to_have_attribute("aria-valuetext", "2026")
    page.get_by_role("heading", name="Action plan: Barking and Dagenham").click()
    expect(page.get_by_text(re.compile(r"1 overdue as of 01 April 2026"))).to_be_visible(timeout=60_000)


def test_the_open_tab_is_in_the_url_and_a_link_opens_it(page, server, server_db_url):
    """A click on a tab draws that tab alone and names it in the URL; the link opens the same tab, for another
    council too; the first tab leaves the URL clean."""
    from kpi.officers.plans.read import parse_plan
    from kpi.storage.plans import PlanStore

    db = PlanStore.open(server_db_url)
    plan = parse_plan(EXAMPLE.read_bytes(), EXAMPLE.name, known_metrics={"core_spending_power"}).actions
    db.write_actions("E09000004", plan.drop(columns="_excel_row"), who="test setup", kind="import")
    db.dispose()
    page.goto(server + "/actions?area=E09000004")
    expect(page.get_by_role("heading", name="Action plan: Bexley")).to_be_visible(timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.get_by_role("tab", name="History").click()
    expect(page).to_have_url(re.compile(r"[?&]tab=History"), timeout=60_000)
    history = page.get_by_role("tabpanel", name="History").get_by_test_id("stDataFrame")
    expect(history).to_be_visible(timeout=60_000)
    expect(page.get_by_role("spinbutton", name="day, Overdue as of")).to_have_count(0)  # the overview is not sent
    link = page.url
    page.goto(link)
    expect(page.get_by_role("tab", name="History")).to_have_attribute("aria-selected", "true", timeout=60_000)
    expect(page.get_by_role("tabpanel", name="History").get_by_test_id("stDataFrame")).to_be_visible(timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.get_by_role("tab", name="Overview").click()
    expect(page.get_by_text(re.compile(r"7 actions in version \d+:"))).to_be_visible(timeout=60_000)
    expect(page).not_to_have_url(re.compile(r"tab="))
    assert "area=E09000004" in page.url
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    page.get_by_text("Actions and their measures").click()  # opened on request: its trend is worked out then
    chart = page.locator(".js-plotly-plot").filter(has_text="Core spending power: Bexley")
    expect(chart).to_have_count(1, timeout=60_000)
