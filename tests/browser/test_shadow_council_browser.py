"""A shadow council's profile in the real app, as a new user opens it from a link: East Surrey with its provisional
code, labelled until vesting day, its history formed from its predecessors, and axe-core finding nothing serious or
critical on the page."""

from playwright.sync_api import expect

from tests.browser.test_accessibility import APP_IDLE, AXE, TAGS, excused

SHADOW = "shadow council, takes over on 1 April 2027"


def test_a_shadow_councils_profile_opens_labelled_and_passes_axe(page, server):
    page.goto(server + "/?area=E06X00001")
    expect(page.get_by_role("heading", name="Council profile: East Surrey")).to_be_visible(timeout=60_000)
    page.wait_for_selector(APP_IDLE, timeout=60_000)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(f"Unitary authority · South East · {SHADOW}")).to_be_visible()
    expect(sidebar.get_by_text("63 other unitary authorities", exact=False)).to_be_visible()
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text(f"East Surrey is a {SHADOW}", exact=False)).to_be_visible()
    expect(main.get_by_text("Its code E06X00001 is provisional", exact=False)).to_be_visible()
    expect(main.get_by_text("East Surrey's population grew by", exact=False)).to_be_visible()
    assert "area=E06X00001" in page.url  # the link keeps the council
    page.wait_for_function("() => [...document.querySelectorAll('style')].some(s => s.textContent.includes('FFDD00'))")
    page.wait_for_timeout(500)
    page.add_script_tag(content=AXE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    problems = [
        f"{v['id']} ({v['impact']}): {' '.join(map(str, node['target']))}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
        if not excused(v["id"], " ".join(map(str, node["target"])))
    ]
    assert not problems, "\n".join(problems)
