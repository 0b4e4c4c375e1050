"""A reorganised council's trend before vesting day: its predecessors combined, said in the chart's text."""

from kpi.core import schema as S
from kpi.views.trend import TrendRequest, trend_view


def test_somerset_trend_starts_in_2011_12_and_says_how_it_was_formed(store):
    view = trend_view(store, TrendRequest("E06000066", "core_spending_power"))
    line = view.lines[0][2].dropna(subset=[S.VALUE])
    assert line[S.PERIOD].iloc[0] == "2011-12"
    assert line[S.SOURCE_ID].str.startswith("combined:").all()
    assert "Somerset was formed on 1 April 2023" in view.caveats
    assert "predecessor councils' figures combined" in view.caveats
    assert "predecessor councils' figures combined by this dashboard" in view.source_note
    assert "DCLG Revenue Spending Power" in view.source_note  # the inputs' own sources are named


def test_a_split_successor_says_its_county_share_is_estimated(store):
    view = trend_view(store, TrendRequest("E06000061", "core_spending_power"))
    assert set(view.lines[0][2].dropna(subset=[S.VALUE])[S.STATUS]) == {S.ESTIMATED}
    assert "shared by population (estimated)" in view.caveats


def test_councils_without_a_reorganisation_carry_no_history_note(store):
    view = trend_view(store, TrendRequest("E09000002", "core_spending_power"))
    assert "was formed on" not in view.caveats
    assert "combined" not in view.source_note
