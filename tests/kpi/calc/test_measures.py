"""Measures against figures in the source files (see each data folder's PROVENANCE.md)."""

import math

import pandas as pd
import pytest

from kpi.calc.measures import MeasureError, MeasureSpec, change_since, index_to, measure, per_head, real_terms
from kpi.core import schema as S

BD = "E09000002"  # Barking and Dagenham


def test_population_2010_11_is_the_mid_2010_estimate(store):
    pop = store.series("population", [BD]).set_index(S.PERIOD)[S.VALUE]
    assert pop["2010-11"] == 182_838
    assert pop["2022-23"] == 219_992
    assert pop["2023-24"] == 222_308


def test_population_change_since_2010_matches_the_plan_check(store):
    """'population +21% since 2010': mid-2010 182,838 -> mid-2023 222,308 is +39,470 (+21.6%)."""
    frame = store.series("population", [BD])
    change = change_since(frame, "2010-11", "2023-24").iloc[0]
    assert change["change"] == 39_470
    assert round(change["pct_change"], 1) == 21.6


def test_per_head_uses_same_year_population(store):
    result = measure(store, MeasureSpec("core_spending_power", (BD,), per_head=True))
    row = result.frame.set_index(S.PERIOD).loc["2020-21"]
    assert row[S.VALUE] == pytest.approx(163_020_000 / 214_107)
    assert result.unit_label == "£ per head, cash"


def test_real_terms_uses_the_gdp_deflator_ratio(store):
    result = measure(store, MeasureSpec("core_spending_power", (BD,), prices="real", base_year="2024-25"))
    frame = result.frame.set_index(S.PERIOD)
    # PROVENANCE (gdp-deflators): multiplier to 2024-25 prices for 2020-21 is 1.1727
    assert frame.at["2020-21", S.VALUE] == pytest.approx(163_020_000 * 1.1727, rel=1e-4)
    assert result.unit_label == "£, 2024-25 prices"


def test_real_terms_default_base_is_the_latest_deflator_year(store):
    result = measure(store, MeasureSpec("total_debt", (BD,), prices="real"))
    assert result.base_year == store.latest_deflator_period() == "2024-25"


def test_real_terms_per_head_label_and_value(store):
    result = measure(store, MeasureSpec("core_spending_power", (BD,), prices="real", per_head=True))
    assert result.unit_label == "£ per head, 2024-25 prices"
    value = result.frame.set_index(S.PERIOD).at["2011-12", S.VALUE]
    deflate = store.deflator("2024-25") / store.deflator("2011-12")
    assert value == pytest.approx(182_340_000 / 187_029 * deflate)


def test_index_to_base_year_is_100_there(store):
    result = measure(store, MeasureSpec("population", (BD,), index_to="2010-11"))
    frame = result.frame.set_index(S.PERIOD)
    assert frame.at["2010-11", S.VALUE] == 100
    assert frame.at["2023-24", S.VALUE] == pytest.approx(222_308 / 182_838 * 100)
    assert result.unit_label == "index, 2010-11 = 100 (people)"


def test_index_without_a_base_value_is_missing_with_reason(store):
    result = measure(store, MeasureSpec("core_spending_power", (BD,), index_to="2010-11"))
    assert result.frame[S.VALUE].isna().all()
    assert set(result.frame["reason"]) == {"no value for the base year 2010-11"}


def test_missing_population_gives_missing_value_with_reason():
    values = pd.DataFrame({S.AREA_CODE: ["X"], S.PERIOD: ["2030-31"], S.VALUE: [10.0]})
    out = per_head(values, pd.DataFrame({S.AREA_CODE: ["X"], S.PERIOD: ["2029-30"], S.VALUE: [5.0]}))
    assert math.isnan(out[S.VALUE].iloc[0])
    assert out["reason"].iloc[0] == "no population estimate for 2030-31"


def test_missing_deflator_gives_missing_value_with_reason():
    values = pd.DataFrame({S.AREA_CODE: ["X", "X"], S.PERIOD: ["2023-24", "2030-31"], S.VALUE: [10.0, 10.0]})
    out = real_terms(values, {"2023-24": 100.0, "2024-25": 110.0}, "2024-25")
    assert out[S.VALUE].iloc[0] == pytest.approx(11.0)
    assert math.isnan(out[S.VALUE].iloc[1]) and out["reason"].iloc[1] == "no GDP deflator for 2030-31"


def test_index_to_zero_base_is_missing():
    values = pd.DataFrame({S.AREA_CODE: ["X", "X"], S.PERIOD: ["2010-11", "2011-12"], S.VALUE: [0.0, 5.0]})
    assert index_to(values, "2010-11")[S.VALUE].isna().all()


def test_per_head_of_a_percentage_is_refused(store):
    with pytest.raises(MeasureError, match="cannot be shown per head"):
        measure(store, MeasureSpec("reserves_pct_nre", (BD,), per_head=True))


def test_real_terms_of_a_score_is_refused(store):
    with pytest.raises(MeasureError, match="not an amount of money"):
        measure(store, MeasureSpec("asc_quality_of_life", (BD,), prices="real"))
