"""Headline cards: latest value, change since the base year (stated), trend points."""

import pytest

from kpi.views.profile import profile


def cards(store, area="E09000002", since="2010-11"):
    return {c.spec.key: c for c in profile(store, area, since=since).cards}


def test_population_card(store):
    card = cards(store)["population"]
    assert card.latest_period == "2024-25" and card.latest_value == 232_747
    assert card.base_period == "2010-11" and card.base_value == 182_838
    assert card.change_text == "+49,909 (+27.3%) since 2010-11"
    assert card.series_break  # 2011-based to 2021-based estimates
    assert len(card.trend) == 24


def test_spending_power_cards_state_the_first_year_with_data(store):
    c = cards(store)
    assert c["csp_cash"].base_note == "since 2011-12 (first year with data)"
    assert c["csp_cash"].value_text == "£163.0m"
    assert c["csp_real"].unit_label == "£, 2024-25 prices"
    assert c["csp_per_head"].latest_value == pytest.approx(163_020_000 / 214_107 * 112.375 / 95.825, rel=1e-3)


def test_percent_cards_change_in_percentage_points(store):
    card = cards(store)["debt"]
    assert card.points and card.change_text.endswith("percentage points since 2011-12 (first year with data)")


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
