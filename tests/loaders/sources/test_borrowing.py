"""Borrowing and investment live table: total borrowing at 31 March from the real Q4 2019-20 workbook."""

from __future__ import annotations

import pytest

from loaders.errors import LayoutChanged
from loaders.sources import borrowing
from tests.loaders.helpers import areas, raw, value, xlsx


@pytest.fixture(scope="module")
def tidy():
    parsed = borrowing.parse(raw("Borrowing_and_Investment_Live_Table_Q4_2019_20.xlsx"))
    return parsed, borrowing.normalise(parsed, areas())


def test_year_end_sheets_only(tidy):
    parsed, _ = tidy
    sheets = parsed.meta["sheets"]
    assert sheets["LA Borrowing 19-20 Q4"] == "2019-20"
    assert sheets["LA Borrowing 15-16"] == "2015-16"
    assert not any("Q3" in s or "Q2" in s or "Q1" in s for s in sheets)


def test_total_borrowing_is_the_sum_of_categories(tidy):
    _, frame = tidy
    assert value(frame, "E09000002", "total_debt", "2019-20") == 981_686_000  # £981.7m at 31 March 2020
    assert value(frame, "E09000002", "total_debt", "2015-16") == 451_912_000
    assert value(frame, "E08000025", "total_debt", "2019-20") == 3_244_913_000
    assert value(frame, "E10000016", "total_debt", "2019-20") == 883_823_000
    row = frame[(frame["area_code"] == "E09000002") & (frame["period"] == "2019-20")].iloc[0]
    assert row["notes"] == "outstanding at 2020-03-31"


def test_matches_the_committed_snapshot(tidy, store):
    _, frame = tidy
    obs = store.observations
    committed = obs[(obs["source_id"] == "mhclg_borrowing_investment") & obs["period"].isin(set(frame["period"]))]
    merged = committed.merge(frame, on=["area_code", "metric_id", "period"], suffixes=("_c", "_n"))
    assert len(merged) == len(committed) == len(frame)
    assert (merged["value_c"] == merged["value_n"].round(4)).all()


def test_no_year_end_sheet_is_layout_changed():
    content = xlsx({"LA Borrowing 19-20 Q3": [["LGF code", "Local authority name", "Loans"], ["E5030", "B&D", 1]]})
    with pytest.raises(LayoutChanged, match="LA Borrowing 19-20 Q4"):
        borrowing.parse(content)
