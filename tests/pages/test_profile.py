"""The Council profile (landing page) through AppTest: cards, paragraph, council change, base year, URL."""

import pytest

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
    assert any(c.value.startswith("Latest 2024-25 · change since 2010-11 · people") for c in app.caption)
    text = paragraph(app)
    assert text.startswith("Barking and Dagenham's population grew by 49,909 (27.3%) between mid-2010 and mid-2024")
    assert app.expander[0].label == "Show as table"
    assert len(app.dataframe[0].value) == 7


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
    assert "other councils in London" in paragraph(app)


def test_bad_base_year_in_the_link_falls_back_with_a_notice(app):
    app.query_params.update({"since": "yesterday"})
    app.run()
    assert not app.exception
    assert any("yesterday" in i.value for i in app.info)
    assert metrics(app)["Population"].delta == "+49,909 (+27.3%)"


def test_profile_offers_its_figures_as_csv(app):
    app.run()
    assert [b.proto.label for b in app.get("download_button")] == ["Download data (CSV)"]
