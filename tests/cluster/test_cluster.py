"""Two replicas behind nginx serve the same figures, uploads and imports, and one can die without data loss.

Through real browsers (Playwright, Debian's Chromium): an upload confirmed on replica A is on replica B's next
rerun; an official release imported on A shows on B; two imports at once leave one new version and a message for
the other; replica A killed in the middle of a session through nginx, the browser carries on on B with nothing
confirmed lost. Runs last in this module: the kill.
"""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kpi.storage.backends import open_snapshots
from tests.loaders.helpers import RAW, ROOT

pytestmark = pytest.mark.filterwarnings("ignore")
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
UPLOAD = ROOT / "tests" / "fixtures" / "uploads" / "EXAMPLE_fte_barking_and_dagenham.csv"
CTR = RAW / "CTR_Table_9_2023-24.ods"
HMT = RAW / "gdp_deflator_qna_update_2022_2023_06.xlsx"
SLOW = 120_000


@pytest.fixture
def browser(chromium):
    contexts = []

    def new_page(base: str):
        context = chromium.new_context(viewport={"width": 1400, "height": 1000}, base_url=base)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(SLOW)
        return page

    yield new_page
    for context in contexts:
        context.close()


def home(page, path: str = "/"):
    response = page.goto(path)
    expect(page.get_by_role("heading", name=re.compile("^Council profile"))).to_be_visible(timeout=SLOW)
    page.wait_for_selector(APP_IDLE, timeout=SLOW)
    return response


def go(page, link: str, heading: str | re.Pattern):
    page.get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=SLOW)
    page.wait_for_selector(APP_IDLE, timeout=SLOW)


def choose_measure(page, words: str, title: str):
    chart = page.locator(".js-plotly-plot").first.locator(".gtitle")
    for attempt in range(3):  # a keystroke sent while a run is still drawing can be lost: type it again
        page.get_by_role("combobox", name=re.compile("^Measure")).click()
        page.keyboard.type(words)
        page.keyboard.press("Enter")
        try:
            expect(chart).to_contain_text(title, timeout=SLOW // 4 if attempt < 2 else SLOW)
            return
        except AssertionError:
            page.keyboard.press("Escape")
            page.wait_for_selector(APP_IDLE, timeout=SLOW)


def upload_and_confirm(page, path=UPLOAD, preview=r"14 to add"):
    go(page, "Upload figures", "Upload council figures")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
    expect(page.get_by_text(re.compile(preview))).to_be_visible(timeout=SLOW)
    page.get_by_role("button", name=re.compile(r"Confirm and save 14 row")).click()
    saved = re.compile(r"Saved as version \d+: (14 row\(s\) added, 0|0 row\(s\) added, 14) changed")
    expect(page.get_by_text(saved)).to_be_visible(timeout=SLOW)
    page.wait_for_selector(APP_IDLE, timeout=SLOW)


def drop_release(page, path):
    go(page, "Data sources", "Data sources")
    page.get_by_role("tab", name="Import a release").click()  # only the open tab is drawn
    expect(page.get_by_role("heading", name="Import a downloaded release")).to_be_visible(timeout=SLOW)
    page.get_by_test_id("stFileUploaderDropzoneInput").first.set_input_files(str(path))  # the release
    return page.get_by_role("button", name=re.compile(r"Apply as snapshot version \d+"))


def test_an_upload_confirmed_on_a_is_on_bs_next_rerun(cluster, browser):
    b = browser(cluster["REPLICA_B_URL"])
    home(b)
    go(b, "Trends", "Trends")  # B's session is open before the upload
    a = browser(cluster["REPLICA_A_URL"])
    home(a)
    upload_and_confirm(a)
    go(b, "Data and methods", "Data and methods")  # B's next runs: the measure list now includes FTE
    go(b, "Trends", "Trends")
    choose_measure(b, "Full-time equivalent", "Full-time equivalent staff: Barking and Dagenham")
    legend = b.locator(".js-plotly-plot").first.locator(".legendtext", has_text="(council-supplied)")
    expect(legend).to_have_text("Barking and Dagenham (council-supplied)")


def test_an_official_release_imported_on_a_shows_on_b(cluster, browser):
    b = browser(cluster["REPLICA_B_URL"])
    home(b)
    go(b, "Trends", "Trends")
    choose_measure(b, "Band D", "Band D council tax")
    expect(b.get_by_text(re.compile(r"and £1,000 in 2023-24"))).to_be_visible(timeout=SLOW)
    a = browser(cluster["REPLICA_A_URL"])
    home(a)
    apply = drop_release(a, CTR)
    expect(a.get_by_text(re.compile(r"0 figure\(s\) added, 1 changed and 0 removed"))).to_be_visible(timeout=SLOW)
    apply.click()
    expect(a.get_by_text(re.compile(r"Applied CTR_Table_9_2023-24\.ods as snapshot version 2"))).to_be_visible(
        timeout=SLOW
    )
    go(b, "Data and methods", "Data and methods")  # B's next runs read version 2
    go(b, "Trends", "Trends")
    expect(b.get_by_text(re.compile(r"and £1,459 in 2023-24"))).to_be_visible(timeout=SLOW)  # 1,458.57
    assert open_snapshots(cluster["KPI_DB_URL"]).head() == 2


def test_two_imports_at_once_leave_one_version_and_a_message_for_the_other(cluster, browser):
    head = open_snapshots(cluster["KPI_DB_URL"]).head()
    a, b = browser(cluster["REPLICA_A_URL"]), browser(cluster["REPLICA_B_URL"])
    for page in (a, b):
        home(page)
    applies = [drop_release(page, HMT) for page in (a, b)]
    for button in applies:
        expect(button).to_be_visible(timeout=SLOW)
    for button in applies:  # both clicked before either answers
        button.click(no_wait_after=True)
    applied = re.compile(r"^Applied gdp_deflator.* as snapshot version \d+")
    refused = re.compile(r"Nothing was changed: (another refresh, import or rollback is writing|the shared snapshot)")
    outcomes = []
    for page in (a, b):
        expect(page.get_by_text(applied).or_(page.get_by_text(refused))).to_be_visible(timeout=SLOW)
        outcomes.append("applied" if page.get_by_text(applied).count() else "refused")
    assert sorted(outcomes) == ["applied", "refused"]
    assert open_snapshots(cluster["KPI_DB_URL"]).head() == head + 1


def test_large_scripts_and_uploads_pass_through_nginx_whole(cluster):
    """Nginx passes a large reply (the chart's script, loaded when a page first draws a chart) and a large upload
    without buffering them to disk, where its worker may not be allowed to write (scripts/cluster-nginx.conf)."""
    import urllib.error
    import urllib.request

    import streamlit

    scripts = Path(streamlit.__file__).parent / "static" / "static" / "js"
    largest = max(scripts.glob("*.js"), key=lambda p: p.stat().st_size)
    assert largest.stat().st_size > 1_000_000
    with urllib.request.urlopen(f"{cluster['LB_URL']}/static/js/{largest.name}", timeout=30) as reply:
        assert reply.status == 200 and reply.read() == largest.read_bytes()
    body = b"x" * 3_000_000  # a 3 MB file: refused by the app (no session), never by nginx itself
    put = urllib.request.Request(f"{cluster['LB_URL']}/_stcore/upload_file/none/none", data=body, method="PUT")
    try:
        status = urllib.request.urlopen(put, timeout=30).status
    except urllib.error.HTTPError as refused:
        status = refused.code
    assert status != 500 and "[crit]" not in (Path(cluster["state"]) / "nginx" / "error.log").read_text()


def test_a_replica_killed_mid_session_the_browser_carries_on_on_the_other(cluster, browser, tmp_path):
    page = browser(cluster["LB_URL"])
    served_by = home(page).headers["x-kpi-replica"]
    victim, survivor = ("A", "B") if served_by.endswith(cluster["REPLICA_A_URL"].rsplit(":", 1)[1]) else ("B", "A")
    lines = UPLOAD.read_text().splitlines(keepends=True)  # example figures, each 1,000 higher: this test's own
    shifted = tmp_path / "EXAMPLE_fte_shifted.csv"
    shifted.write_text(
        lines[0] + "".join(re.sub(r",(\d+),EXAMPLE", lambda m: f",{int(m[1]) + 1000},EXAMPLE", x) for x in lines[1:])
    )
    upload_and_confirm(page, shifted, r"14 to (add|change)")  # confirmed: in the shared database
    revised = tmp_path / "EXAMPLE_fte_revised.csv"  # one example figure changed again: previewed, never confirmed
    revised.write_text(shifted.read_text().replace("2023-24,4090", "2023-24,4091"))
    page.get_by_test_id("stFileUploaderDropzoneInput").last.set_input_files(str(revised))
    expect(page.get_by_text(re.compile(r"1 to change"))).to_be_visible(timeout=SLOW)
    started = time.monotonic()
    # A click sent while the frontend has not yet seen its connection die is lost with it (the page it was on is
    # what it reruns after reconnecting), so the test clicks once the frontend has reconnected, as a person would.
    with page.expect_websocket(timeout=SLOW):  # the frontend reconnects through nginx, to the survivor
        os.kill(int(cluster[f"REPLICA_{victim}_PID"]), signal.SIGKILL)
    page.wait_for_selector(APP_IDLE, timeout=SLOW)
    go(page, "Trends", "Trends")
    chart = page.locator(".js-plotly-plot").first.locator(".gtitle")
    expect(chart).to_contain_text("Barking and Dagenham", timeout=SLOW)  # drawn by the survivor's new session
    page.wait_for_selector(APP_IDLE, timeout=SLOW)
    choose_measure(page, "Full-time equivalent", "Full-time equivalent staff: Barking and Dagenham")
    expect(
        page.get_by_text(re.compile(r"Council-supplied figures: 4,400 in 2010-11 and 4,090 in 2023-24"))
    ).to_be_visible()
    assert time.monotonic() - started < 120
    go(page, "Upload figures", "Upload council figures")
    expect(page.get_by_text("if the connection to the server is lost before you do")).to_be_visible()
    expect(page.get_by_text(re.compile(r"1 to change"))).to_have_count(0)  # the unconfirmed preview is gone
    survivor_port = cluster[f"REPLICA_{survivor}_URL"].rsplit(":", 1)[1]
    assert page.request.get("/_stcore/health").headers["x-kpi-replica"].endswith(survivor_port)
