"""The Reorganisation page in a real browser: opened from a link holding the EXAMPLE options, it draws its charts,
offers the table of every figure for download, and axe-core finds no serious or critical violation."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import expect

from tests.browser.test_accessibility import APP_IDLE, AXE, TAGS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "examples" / "EXAMPLE_reorganisation_options.csv"


def test_reorganisation_page_from_a_link_is_accessible(page, server, store):
    from kpi.views.options.files import read_options
    from kpi.views.options.link import to_params

    params = to_params(read_options(store.catalogue, EXAMPLE.read_bytes(), EXAMPLE.name))
    page.goto(f"{server}/reorganisation?{urlencode(params, doseq=True)}")
    expect(page.get_by_role("heading", name="Reorganisation options")).to_be_visible(timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    expect(page.locator(".js-plotly-plot .gtitle").first).to_contain_text(
        "Population of the proposed councils, mid-2024", timeout=30_000
    )
    expect(page.locator(".js-plotly-plot")).to_have_count(2, timeout=30_000)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download every figure (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert (
        text.splitlines()[0].startswith('"Title: Reorganisation options: EXAMPLE one council')
        and "EXAMPLE North" in text
    )
    page.wait_for_function("() => [...document.querySelectorAll('style')].some(s => s.textContent.includes('FFDD00'))")
    page.wait_for_timeout(500)
    page.add_script_tag(content=AXE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    problems = [
        f"{v['id']} ({v['impact']}): {' '.join(map(str, node['target']))}\n  {node['failureSummary']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]
    assert not problems, "\n".join(problems)
