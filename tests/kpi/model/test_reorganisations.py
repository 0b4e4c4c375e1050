"""Reorganised councils' history before vesting day, checked against the source files' own figures."""

import pandas as pd
import pytest

from kpi.core import schema as S
from kpi.model import reorganisations as R

SOMERSET, SWT, NORTH_NORTHANTS, DORSET = "E06000066", "E07000246", "E06000061", "E06000059"
SOMERSET_PARTS = ("E10000027", "E07000187", "E07000188", "E07000189", "E07000190", "E07000191")


def row(store, metric, area, period):
    obs = store.best
    rows = obs[(obs[S.METRIC_ID] == metric) & (obs[S.AREA_CODE] == area) & (obs[S.PERIOD] == period)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_plans_find_every_reorganisation_and_tell_unions_from_splits(store):
    plans = {p.successor: p for p in R.plans(store.catalogue.areas.reset_index(drop=True))}
    somerset = plans[SOMERSET]
    assert somerset.vesting == "2023-04-01" and somerset.first_period == "2023-24"
    assert set(somerset.councils) == {"E10000027", "E07000187", "E07000188", "E07000189", SWT}
    assert "E10000027" not in somerset.areas  # the county's area is its districts': counted once
    assert somerset.splits == ()
    assert set(plans[SWT].councils) == {"E07000190", "E07000191"}
    assert [s.county for s in plans[NORTH_NORTHANTS].splits] == ["E10000021"]
    # Christchurch went to Bournemouth, Christchurch and Poole, so Dorset County was split too.
    assert [s.county for s in plans["E06000058"].splits] == ["E10000009"]
    assert [s.county for s in plans[DORSET].splits] == ["E10000009"]
    assert plans["E07000244"].splits == () and plans["E06000065"].splits == ()


def test_somerset_has_spending_power_from_2011_12_as_its_predecessors_combined(store):
    series = store.series("core_spending_power", [SOMERSET]).set_index(S.PERIOD)
    assert series.index[0] == "2011-12"
    first = series.loc["2011-12"]
    # SpendingMillions.csv, column 2012 (= 2011-12), £m: Somerset CC 359.93, Mendip 13.35, Sedgemoor 14.09,
    # South Somerset 18.22, Taunton Deane 12.55, West Somerset 4.98 (the last two formed Somerset West and Taunton).
    assert first[S.VALUE] == pytest.approx((359.93 + 13.35 + 14.09 + 18.22 + 12.55 + 4.98) * 1e6)
    assert first[S.SOURCE_ID] == "combined:mhclg_revenue_spending_power" and first[S.STATUS] == ""
    assert first[S.NOTES].startswith("predecessor councils combined: ")
    for name in ("Somerset County Council", "Mendip District Council", "Taunton Deane Borough Council"):
        assert name in first[S.NOTES]
    # The same as adding the predecessors' own rows in the snapshot, year by year.
    best = store.best[store.best[S.METRIC_ID] == "core_spending_power"]
    parts = best[best[S.AREA_CODE].isin(SOMERSET_PARTS)].groupby(S.PERIOD)[S.VALUE].sum()
    for period in ("2011-12", "2015-16", "2016-17", "2018-19"):
        assert series.at[period, S.VALUE] == pytest.approx(parts[period])
    assert bool(series.at["2016-17", "break_before"])  # Revenue to Core Spending Power, as for every council


def test_somerset_west_and_taunton_is_its_two_predecessors_before_2019(store):
    swt = row(store, "core_spending_power", SWT, "2011-12")
    assert swt[S.VALUE] == pytest.approx((12.55 + 4.98) * 1e6)
    assert "Taunton Deane Borough Council, West Somerset District Council" in swt[S.NOTES]


def test_a_missing_predecessor_leaves_a_gap_with_its_reason(store):
    periods = set(store.series("core_spending_power", [SOMERSET])[S.PERIOD])
    assert {"2019-20", "2020-21"}.isdisjoint(periods)  # the file has no Somerset West and Taunton column
    gaps = R.gaps(store.observations, store.catalogue).set_index([S.AREA_CODE, S.METRIC_ID, S.PERIOD])
    reason = gaps.at[(SOMERSET, "core_spending_power", "2019-20"), R.REASON]
    assert "Somerset Council was formed on 1 April 2023" in reason
    assert "no figure for Somerset West and Taunton Council for 2019-20" in reason


def test_official_figures_for_the_successor_always_win(store):
    # ONS publishes Somerset's own mid-2011 and mid-2022 estimates: nothing is combined for those years.
    for period in ("2011-12", "2022-23"):
        assert row(store, "population", SOMERSET, period)[S.SOURCE_ID] == "ons_mye_2021_based"
    obs = store.observations
    mine = obs[(obs[S.AREA_CODE] == SOMERSET) & (obs[S.METRIC_ID] == "population")]
    assert not mine[mine[S.PERIOD].isin(["2011-12", "2022-23"])][S.SOURCE_ID].str.startswith("combined").any()


def test_an_area_count_adds_the_districts_and_leaves_the_county_out(store):
    pop = row(store, "population", SOMERSET, "2015-16")
    districts = [row(store, "population", c, "2015-16")[S.VALUE] for c in ("E07000187", "E07000188", "E07000189")]
    districts.append(row(store, "population", SWT, "2015-16")[S.VALUE])
    assert pop[S.VALUE] == sum(districts)
    assert pop[S.VALUE] == row(store, "population", "E10000027", "2015-16")[S.VALUE]  # ONS's own county total


def test_a_series_break_marks_vesting_day(store):
    series = store.series("council_tax_requirement", [SOMERSET]).set_index(S.PERIOD)
    assert series.at["2022-23", S.SOURCE_ID] == "combined:mhclg_council_tax_ctr"
    assert series.at["2022-23", S.STATUS] == S.BUDGET  # the parts' status travels
    assert series.at["2023-24", S.SOURCE_ID] == "mhclg_council_tax_ctr"
    assert bool(series.at["2023-24", "break_before"])


def test_a_ratio_for_a_combined_year_is_the_ratio_of_the_combined_parts(store):
    debt = row(store, "total_debt", SOMERSET, "2011-12")[S.VALUE]
    power = row(store, "core_spending_power", SOMERSET, "2011-12")[S.VALUE]
    ratio = row(store, "debt_pct_csp", SOMERSET, "2011-12")
    assert ratio[S.VALUE] == pytest.approx(debt / power * 100, abs=1e-4)
    assert ratio[S.SOURCE_ID] == "derived:combined:mhclg_borrowing_investment+combined:mhclg_revenue_spending_power"
    assert ratio[S.NOTES].endswith("; predecessor councils combined")
    own = [row(store, "debt_pct_csp", c, "2011-12")[S.VALUE] for c in SOMERSET_PARTS]
    assert abs(ratio[S.VALUE] - sum(own) / len(own)) > 10  # never the average of the predecessors' ratios


def test_a_split_county_is_apportioned_by_population_and_labelled_estimated(store):
    north = row(store, "core_spending_power", NORTH_NORTHANTS, "2011-12")
    # SpendingMillions.csv 2011-12, £m: Corby 8.59, East Northamptonshire 9.74, Kettering 12.7, Wellingborough 9.57,
    # Northamptonshire CC 458.76; ONS mid-2011: North Northamptonshire 317,959, West Northamptonshire 376,008.
    share = 317_959 / (317_959 + 376_008)
    assert north[S.VALUE] == pytest.approx((8.59 + 9.74 + 12.7 + 9.57 + 458.76 * share) * 1e6)
    assert north[S.STATUS] == S.ESTIMATED
    assert "county share apportioned by population: Northamptonshire County Council x 45.8%" in north[S.NOTES]
    west = row(store, "core_spending_power", "E06000062", "2011-12")
    assert "Northamptonshire County Council x 54.2%" in west[S.NOTES]  # the whole county, once


def test_a_split_county_balance_is_not_apportioned_and_says_why(store):
    assert store.series("total_debt", [NORTH_NORTHANTS]).empty
    gaps = R.gaps(store.observations, store.catalogue)
    mine = gaps[(gaps[S.AREA_CODE] == NORTH_NORTHANTS) & (gaps[S.METRIC_ID] == "total_debt")]
    assert len(mine) and mine[R.REASON].str.contains("divided between them by agreement, not by population").all()


def test_dorset_shows_nothing_where_the_population_share_is_unknown(store):
    # The bundled estimates use 2021 boundaries, so Christchurch (abolished 2019) has none: no share, no figure.
    assert store.series("core_spending_power", [DORSET]).empty
    gaps = R.gaps(store.observations, store.catalogue)
    mine = gaps[(gaps[S.AREA_CODE] == DORSET) & (gaps[S.METRIC_ID] == "core_spending_power")]
    assert "no population figure for Christchurch Borough Council" in mine[R.REASON].iloc[0]


def test_social_care_spend_takes_only_the_councils_with_the_duty(store):
    somerset = row(store, "adult_social_care_spend", SOMERSET, "2017-18")
    # RS 2017-18 line 360, £000: Somerset CC 157,492 (its districts have no social care duties).
    assert somerset[S.VALUE] == 157_492_000
    assert somerset[S.NOTES] == "predecessor councils combined: Somerset County Council"
    assert store.series("adult_social_care_spend", ["E07000244"]).empty  # East Suffolk: a district


def test_combining_is_pure_and_repeatable(store):
    official = store.observations[~store.observations[S.SOURCE_ID].str.contains("combined|derived", regex=True)]
    rows, gaps = R.combine(official, store.catalogue)
    stored = store.observations[store.observations[S.SOURCE_ID].str.startswith("combined")]
    key = [S.AREA_CODE, S.METRIC_ID, S.PERIOD]
    got = rows.sort_values(key).reset_index(drop=True)
    want = stored.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(got[key], want[key])
    assert got[S.VALUE].to_numpy() == pytest.approx(want[S.VALUE].to_numpy())
    assert list(gaps.columns) == R.GAP_COLUMNS


def test_end_dates_as_vesting_day_or_as_the_day_before_form_the_same_plans(store):
    """mySociety gave the 2021 and 2023 abolitions vesting day as their end date; the catalogue now gives the last
    day they existed. The reorganisation machinery forms the same plans from either."""
    areas = store.catalogue.areas.reset_index(drop=True)
    on_vesting_day = areas.copy()
    ended = on_vesting_day["end_date"].isin(["2021-03-31", "2023-03-31"])
    on_vesting_day.loc[ended, "end_date"] = on_vesting_day.loc[ended, "end_date"].str[:4] + "-04-01"
    assert ended.sum() == 28
    assert R.plans(on_vesting_day) == R.plans(areas)
