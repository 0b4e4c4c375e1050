"""Headline cards: latest value, change since the base year (stated), trend points."""

import pytest

from kpi.views.profile import card_caption, profile


def cards(store, area="E09000002", since="2010-11", to=""):
    return {c.spec.key: c for c in profile(store, area, since=since, to=to).cards}


def test_population_card(store):
    card = cards(store)["population"]
    assert card.latest_period == "2024-25" and card.latest_value == 232_747
    assert card.base_period == "2010-11" and card.base_value == 182_838
    assert (card.change_amount, card.base_note) == ("+49,909 (+27.3%)", "from 2010-11 to 2024-25")
    assert card.series_break  # 2011-based to 2021-based estimates
    assert len(card.trend) == 24


def test_spending_power_cards_state_the_first_year_with_data(store):
    c = cards(store)
    assert c["csp_cash"].base_note == "from 2011-12 (first year with data) to 2020-21"
    assert c["csp_cash"].value_text == "£163.0m"
    assert c["csp_real"].unit_label == "£, 2024-25 prices"
    assert c["csp_per_head"].latest_value == pytest.approx(163_020_000 / 214_107 * 112.375 / 95.825, rel=1e-3)


def test_percent_cards_change_in_percentage_points(store):
    card = cards(store)["debt"]
    assert card.points
    assert card.change_amount.endswith("percentage points")
    assert card.base_note == "from 2011-12 (first year with data) to 2019-20"


def test_band_d_is_budget_status(store):
    card = cards(store)["band_d"]
    assert card.latest_status == "budget" and card.latest_value == pytest.approx(1458.57)


def test_fte_card_only_when_the_council_has_figures(store):
    assert "fte" not in cards(store)


def test_base_year_can_move(store):
    card = cards(store, since="2015-16")["population"]
    assert card.base_period == "2015-16" and card.base_value == 203_101


def test_table_has_one_row_per_card(store):
    prof = profile(store, "E09000002")
    assert len(prof.table()) == len(prof.cards) == 7


def test_end_year_reproduces_the_plans_statement(store):
    card = cards(store, to="2023-24")["population"]
    assert (card.base_value, card.latest_value) == (182_838, 222_308)  # mid-2010 and mid-2023 (ONS MYE)
    assert (card.change_amount, card.base_note) == ("+39,470 (+21.6%)", "from 2010-11 to 2023-24")
    assert card.trend[-1] == ("2023-24", 222_308)


def test_an_end_year_past_a_measures_figures_uses_its_latest_year_and_says_so(store):
    card = cards(store, to="2023-24")["csp_cash"]
    assert card.latest_period == "2020-21" and card.base_note.endswith("to 2020-21")
    assert card.latest_release == "final local government finance settlement 2020-21"
    assert card.source_note.startswith("Latest figures 2020-21 (final local government finance settlement 2020-21).")
    assert card.source_note.endswith("Retrieved 2026-11-21.")


def test_cards_more_than_two_years_behind_the_newest_figures_are_flagged(store):
    c = cards(store)
    assert c["population"].newest == "2024-25"  # the newest year any measure has
    assert c["csp_cash"].behind and c["csp_cash"].years_behind == 4  # 2020-21
    assert c["debt"].behind and c["debt"].years_behind == 5  # 2019-20
    assert not c["reserves"].behind and not c["band_d"].behind and not c["population"].behind  # 2023-24, 2024-25
    table = profile(store, "E09000002").table().set_index("metric_id")
    assert table.at["debt_pct_csp", "years_behind_newest"] == 5


def test_per_head_real_terms_card_names_its_population_and_prices(store):
    card = cards(store)["csp_per_head"]
    assert card.basis == (
        "per head of the mid-2011 and mid-2020 population estimates (same year as each figure); "
        "in 2024-25 prices (ONS GDP deflator)"
    )
    assert "Latest 2020-21 (final local government finance settlement 2020-21)" in card_caption(card)


def test_council_supplied_years_are_named_on_the_card(store, tmp_path):
    from kpi.model.store import merged_store
    from kpi.officers.figures.read import parse_upload
    from kpi.storage.figures import FigureStore

    db = FigureStore.open(f"sqlite:///{tmp_path / 'kpi.sqlite'}")
    text = "area_code,metric_id,period,value\nE09000002,core_spending_power,2010-11,190000000\n"
    db.write_upload(parse_upload(text.encode(), "x.csv", store.catalogue).rows, who="o", file_name="x.csv", sha256="x")
    card = cards(merged_store(store, db))["csp_cash"]
    db.dispose()
    assert card.council_supplied and card.council_years == ("2010-11",)
    assert card.base_note == "from 2010-11 to 2020-21"
    assert "council-supplied figures for 2010-11 (not official statistics)" in card_caption(card)
