"""One cell as officers write it: financial years and numbers.

* periods may be written 2023-24, 2023/24, 2023-2024, 2023/2024 or FY2023; **FY2023 means the financial year
  starting on 1 April 2023 (2023-24)**, the way councils label a year by its budget-setting year;
* values may carry "£", thousands separators, a "%" sign (percent measures only) or brackets for negatives.
"""

from __future__ import annotations

import re

import pandas as pd

from kpi.core.periods import FinancialYear, PeriodError

_YEAR_PAIR = re.compile(r"^(?:fy\s*)?(\d{4})\s*(?:-|/|–|to)\s*(\d{2}|\d{4})$", re.IGNORECASE)
_FY_SINGLE = re.compile(r"^fy\s*(\d{4})$", re.IGNORECASE)
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def parse_period(text: object) -> str:
    """'2023-24', '2023/24', '2023-2024', 'FY2023' (= 2023-24) -> '2023-24'; PeriodError otherwise."""
    raw = str(text).strip()
    match = _YEAR_PAIR.match(raw)
    if match:
        start, end = int(match.group(1)), match.group(2)
        if (len(end) == 2 and int(end) != (start + 1) % 100) or (len(end) == 4 and int(end) != start + 1):
            raise PeriodError(f"{raw!r}: the second year must follow the first")
        return FinancialYear(start).label
    match = _FY_SINGLE.match(raw)
    if match:
        return FinancialYear(int(match.group(1))).label
    raise PeriodError(f"{raw!r} is not a financial year")


def parse_number(value: object) -> tuple[float, bool]:
    """A cell -> (number, had a % sign). Accepts £, thousands commas, spaces, brackets for negatives."""
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, (int, float)) and not pd.isna(value):
        return float(value), False
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()")
    percent = text.endswith("%")
    text = text.rstrip("%").replace("£", "")
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        raise ValueError("not a number")
    number = float(text)
    return (-number if negative else number), percent
