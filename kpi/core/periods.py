"""Financial years as first-class values.

English local government reports on financial years running 1 April to 31 March, labelled "2023-24".
Two conventions map other dates onto them (documented in the README):

* a flow or a mid-year estimate for mid-YYYY belongs to the year *starting* in YYYY
  (mid-2010 population -> "2010-11");
* a stock at 31 March YYYY belongs to the year *ending* then (debt at 31 March 2020 -> "2019-20").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering

_LABEL = re.compile(r"^(\d{4})-(\d{2})$")


class PeriodError(ValueError):
    """A period label that is not a financial year such as "2023-24"."""


@total_ordering
@dataclass(frozen=True)
class FinancialYear:
    start_year: int

    @classmethod
    def parse(cls, label: str) -> FinancialYear:
        match = _LABEL.match(str(label).strip())
        if not match:
            raise PeriodError(f"{label!r} is not a financial year; expected the form 2023-24")
        start = int(match.group(1))
        if (start + 1) % 100 != int(match.group(2)):
            raise PeriodError(f"{label!r} is not a financial year: {start}-{(start + 1) % 100:02d} was expected")
        return cls(start)

    @classmethod
    def starting_in(cls, year: int) -> FinancialYear:
        return cls(int(year))

    @classmethod
    def containing(cls, day: dt.date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.start_year + 1, 3, 31)

    def __add__(self, years: int) -> FinancialYear:
        return FinancialYear(self.start_year + years)

    def __lt__(self, other: FinancialYear) -> bool:
        return self.start_year < other.start_year

    def __str__(self) -> str:
        return self.label


def is_period(label: object) -> bool:
    try:
        FinancialYear.parse(str(label))
    except PeriodError:
        return False
    return True


def fy_label(start_year: int) -> str:
    return FinancialYear(int(start_year)).label


def mid_year_to_period(mid_year: int) -> str:
    """Mid-year estimate for mid-YYYY -> the financial year starting in YYYY."""
    return FinancialYear.starting_in(mid_year).label


def year_end_to_period(day: dt.date | str) -> str:
    """A stock at a date (usually 31 March) -> the financial year containing that date."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return FinancialYear.containing(day).label


def period_range(first: str, last: str) -> list[str]:
    a, b = FinancialYear.parse(first), FinancialYear.parse(last)
    return [fy_label(y) for y in range(a.start_year, b.start_year + 1)]


def start_year(label: str) -> int:
    return FinancialYear.parse(label).start_year


def mid_year_of(label: str) -> int:
    """The calendar year whose mid-year estimate belongs to this financial year."""
    return FinancialYear.parse(label).start_year
