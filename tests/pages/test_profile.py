"""The Council profile (landing page) through AppTest: cards, paragraph, council change, base year, URL."""

import pytest

from kpi.core.defaults import EARLIEST_BASE_YEAR
from kpi.views.narrative import NOTE
from tests.pages.helpers import cards as metrics
from tests.pages.helpers import show_tables

pytestmark = pytest.mark.filterwarnings("ignore")


def delta(app):
    return metrics(app)["Population"]["change"].removeprefix("▲ up, ")


def paragraph(app):
    return next(m.value for m in app.markdown if "population" in m.value)


def test_landing_page_is_the_profile_with_cards_and_paragraph(app):
    app.run()
    assert not app.exception
    assert app.title[0].value == "Council profile: Barking and Dagenham"
    cards = metrics(app)
    assert list(cards)[:3] == ["Population", "Spending power, cash", "Spending power, real terms"]
    assert cards["Population"]["value"] == "232,747"
    assert cards["Population"]["change"] == "▲ up, +49,909 (+27.3%)"  # a context measure: neither better nor worse
    assert cards["Spending power per head, real terms"]["value"] == "£893"
    assert cards["Band D council tax"]["value"] == "£1,459"
    assert "Staff (full-time equivalent)" not in cards  # no FTE figures bundled
    assert cards["Population"]["notes"][0].startswith(
        "Latest 2024-25 (ONS mid-year estimates, mid-2024 (2021 Census-based)) · change from 2010-11"
    )
    assert cards["Population"]["about"].startswith("Population (people). ONS mid-year estimate")
    assert cards["Population"]["line"].startswith("Trend of population, 2001-02 to 2024-25")
    assert not app.metric and len(app.main.caption) == 1  # the cards are one block, not thirty-odd elements
    text = paragraph(app)
    assert text.startswith("Barking and Dagenham's population grew by 49,909 (27.3%) between mid-2010 and mid-2024")
    # The cards' table is drawn only when asked for: nothing is sent for it until its switch is on.
    assert [t.label for t in app.toggle] == ["Show as table"] and not app.toggle[0].value and not app.dataframe
    assert len(show_tables(app).dataframe[0].value) == 7
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
    assert delta(app) == "+29,646 (+14.6%)"  # 232,747 - 203,101
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
    assert delta(app) == "+49,909 (+27.3%)"


def test_profile_offers_its_figures_as_csv(app):
    app.run()
    assert [b.proto.label for b in app.get("download_button")] == ["Download data (CSV)"]


def test_end_year_reproduces_the_plans_statement_and_goes_in_the_url(app):
    app.run()
    app.selectbox(key="to").set_value("2023-24").run()
    assert not app.exception
    assert delta(app) == "+39,470 (+21.6%)"  # mid-2010 182,838 to mid-2023 222,308
    assert paragraph(app).startswith(
        "Barking and Dagenham's population grew by 39,470 (21.6%) between mid-2010 and mid-2023"
    )
    assert "change from 2010-11 to 2023-24" in metrics(app)["Population"]["notes"][0]
    assert app.query_params["to"] == "2023-24"


def test_end_year_from_a_link(app):
    app.query_params.update({"since": "2015-16", "to": "2019-20"})
    app.run()
    assert delta(app) == "+9,805 (+4.8%)"  # mid-2015 203,101 to mid-2019 212,906
    assert app.selectbox(key="to").value == "2019-20"


def test_old_cards_are_flagged_with_their_latest_year(app):
    app.run()
    found = metrics(app)
    flags = [n for card in found.values() for n in card["notes"] if n.startswith("Older figures:")]
    # spending power (three cards, 2020-21) and debt (2019-20) are more than two years behind 2024-25
    assert len(flags) == 4
    assert "2020-21, is 4 years behind the newest figures in the dashboard (2024-25)" in flags[0]
    assert "(Flagged when a card's latest year is more than two years behind the newest figures" in flags[0]
    assert "final local government finance settlement 2020-21" in found["Spending power, cash"]["notes"][0]
    assert found["Debt, % of spending power"]["change"].endswith("percentage points, worse")  # lower is better


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
    import charts.cards
    import ui.views

    calls = []
    draw = charts.cards.sparkline_img
    monkeypatch.setattr(charts.cards, "sparkline_img", lambda *a, **k: calls.append(1) or draw(*a, **k))
    ui.views._cached_profile.clear()
    app.run()
    assert not app.exception
    lines = [card["line"] for card in metrics(app).values()]
    assert len(calls) == 7 and len(lines) == 7 and lines[0].startswith("Trend of population, 2001-02 to 2024-25")
    drawn = len(calls)
    app.run()
    assert len(calls) == drawn  # the second run reads them from the cache
