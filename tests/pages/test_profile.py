"""The Council profile (landing page) through AppTest: cards, paragraph, council change, base year, URL."""

import pytest

from kpi.core.defaults import EARLIEST_BASE_YEAR
from kpi.views.narrative import NOTE

pytestmark = pytest.mark.filterwarnings("ignore")


def metrics(app):
    return {m.label: m for m in app.metric}


def paragraph(app):
    return next(m.value for m in app.markdown if "population" in m.value)


def test_landing_page_is_the_profile_with_cards_and_paragraph(app):
    app.run()
    assert not app.exception
    assert app.title[0].value == "Council profile: Barking and Dagenham"
    cards = metrics(app)
    assert cards["Population"].value == "232,747"
    assert cards["Population"].delta == "+49,909 (+27.3%)"
    assert cards["Spending power per head, real terms"].value == "£893"
    assert cards["Band D council tax"].value == "£1,459"
    assert "Staff (full-time equivalent)" not in cards  # no FTE figures bundled
    assert any(
        c.value.startswith(
            "Latest 2024-25 (ONS mid-year estimates, mid-2024 (2021 Census-based)) · change from 2010-11"
        )
        for c in app.caption
    )
    text = paragraph(app)
    assert text.startswith("Barking and Dagenham's population grew by 49,909 (27.3%) between mid-2010 and mid-2024")
    assert app.expander[0].label == "Show as table"
    assert len(app.dataframe[0].value) == 7
    assert any(c.value.startswith(NOTE) for c in app.caption)  # the pack's note under the paragraph too


def test_council_change_updates_cards_paragraph_and_url(app):
    app.run()
    app.selectbox(key="area").set_value("E09000004").run()
    assert app.title[0].value == "Council profile: Bexley"
    assert paragraph(app).startswith("Bexley's population")
    assert app.query_params["area"] == "E09000004"


def test_base_year_changes_the_change_and_goes_in_the_url(app):
    app.run()
    app.selectbox(key="since").set_value("2015-16").run()
    assert metrics(app)["Population"].delta == "+29,646 (+14.6%)"  # 232,747 - 203,101
    assert app.query_params["since"] == "2015-16"


def test_comparator_choice_changes_the_paragraph(app):
    app.run()
    app.selectbox(key="cmp").set_value("region").run()
    assert "other single-tier councils in London" in paragraph(app)  # never the City of London


def test_bad_base_year_in_the_link_falls_back_with_a_notice(app):
    app.query_params.update({"since": "yesterday"})
    app.run()
    assert not app.exception
    assert any("yesterday" in i.value for i in app.info)
    assert metrics(app)["Population"].delta == "+49,909 (+27.3%)"


def test_profile_offers_its_figures_as_csv(app):
    app.run()
    assert [b.proto.label for b in app.get("download_button")] == ["Download data (CSV)"]


def test_end_year_reproduces_the_plans_statement_and_goes_in_the_url(app):
    app.run()
    app.selectbox(key="to").set_value("2023-24").run()
    assert not app.exception
    assert metrics(app)["Population"].delta == "+39,470 (+21.6%)"  # mid-2010 182,838 to mid-2023 222,308
    assert paragraph(app).startswith(
        "Barking and Dagenham's population grew by 39,470 (21.6%) between mid-2010 and mid-2023"
    )
    assert any("change from 2010-11 to 2023-24" in c.value for c in app.caption)
    assert app.query_params["to"] == "2023-24"


def test_end_year_from_a_link(app):
    app.query_params.update({"since": "2015-16", "to": "2019-20"})
    app.run()
    assert metrics(app)["Population"].delta == "+9,805 (+4.8%)"  # mid-2015 203,101 to mid-2019 212,906
    assert app.selectbox(key="to").value == "2019-20"


def test_old_cards_are_flagged_with_their_latest_year(app):
    app.run()
    flags = [c.value for c in app.caption if c.value.startswith("**Older figures:**")]
    # spending power (three cards, 2020-21) and debt (2019-20) are more than two years behind 2024-25
    assert len(flags) == 4
    assert "2020-21, is 4 years behind the newest figures in the dashboard (2024-25)" in flags[0]
    assert any("final local government finance settlement 2020-21" in c.value for c in app.caption)


def test_sidebar_says_which_comparators_and_model(app):
    app.run()
    assert any(
        c.value == "Comparators: 15 nearest neighbours of the same class (ONS 2025 upper-tier model)."
        for c in app.sidebar.caption
    )
    app.selectbox(key="area").set_value("E09000001").run()
    assert any("no other council with the same functions" in c.value for c in app.sidebar.caption)
    assert "neighbours" not in paragraph(app)


def test_the_base_years_offered_start_at_the_earliest(app):
    app.run()
    assert app.selectbox(key="since").options[1] == EARLIEST_BASE_YEAR  # the data go back further


def test_the_cards_trend_lines_are_drawn_once_not_on_every_rerun(app, monkeypatch):
    import ui.views

    calls = []
    draw = ui.views.sparkline_svg
    monkeypatch.setattr(ui.views, "sparkline_svg", lambda *a, **k: calls.append(1) or draw(*a, **k))
    ui.views._sparklines.clear()
    app.run()
    assert not app.exception
    lines = [e.proto.body for e in app.get("html") if e.proto.body.startswith("<svg")]
    assert len(lines) == 7 and 'aria-label="Trend of population, 2001-02 to 2024-25' in lines[0]
    drawn = len(calls)
    app.run()
    assert len(calls) == drawn  # the second run reads them from the cache
