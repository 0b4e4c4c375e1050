import datetime as dt

import pytest

from kpi.core.periods import FinancialYear, PeriodError, is_period, mid_year_to_period, period_range, year_end_to_period


def test_mid_year_estimate_belongs_to_the_year_starting_then():
    assert mid_year_to_period(2010) == "2010-11"


def test_stock_at_31_march_belongs_to_the_year_ending_then():
    assert year_end_to_period("2020-03-31") == "2019-20"
    assert year_end_to_period(dt.date(2020, 4, 1)) == "2020-21"


def test_financial_year_bounds_and_order():
    fy = FinancialYear.parse("2023-24")
    assert fy.start == dt.date(2023, 4, 1) and fy.end == dt.date(2024, 3, 31)
    assert FinancialYear.parse("1999-00") + 1 == FinancialYear.parse("2000-01")
    assert sorted([FinancialYear.parse("2011-12"), FinancialYear.parse("2009-10")])[0].label == "2009-10"


@pytest.mark.parametrize("bad", ["2023/24", "2023-25", "FY2023", "23-24", "", "2023-2024"])
def test_malformed_labels_are_rejected(bad):
    assert not is_period(bad)
    with pytest.raises(PeriodError):
        FinancialYear.parse(bad)


def test_period_range_is_inclusive():
    assert period_range("2018-19", "2020-21") == ["2018-19", "2019-20", "2020-21"]
