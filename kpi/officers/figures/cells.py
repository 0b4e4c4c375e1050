"""One cell as officers write it: financial years and numbers.

* periods may be written 2023-24, 2023/24, 2023-2024, 2023/2024 or FY2023; **FY2023 means the financial year
  starting on 1 April 2023 (2023-24)**, the way councils label a year by its budget-setting year;
* periods start between 1974 (when today's councils began) and 2098; any other year is refused;
* values may carry "£", thousands separators, a "%" sign (percent measures only) or brackets for negatives;
  only finite numbers are numbers (not "inf", "nan" or a 400-digit number). Whether a number is plausible for its
  unit is kpi.core.schema's rule (`plausible`).
"""

from __future__ import annotations

import math
import re

from kpi.core.periods import FinancialYear, PeriodError

_YEAR_PAIR = re.compile(r"^(?:fy\s*)?(\d{4})\s*(?:-|/|–|to)\s*(\d{2}|\d{4})$", re.IGNORECASE)
_FY_SINGLE = re.compile(r"^fy\s*(\d{4})$", re.IGNORECASE)
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
FIRST_YEAR, LAST_YEAR = 1974, 2098  # financial years 1974-75 to 2098-99


def _year(start: int, raw: str) -> str:
    if not FIRST_YEAR <= start <= LAST_YEAR:
        raise PeriodError(f"{raw!r}: a financial year from {FIRST_YEAR}-{FIRST_YEAR % 100 + 1:02d} to {LAST_YEAR}-99")
    return FinancialYear(start).label


def parse_period(text: object) -> str:
    """'2023-24', '2023/24', '2023-2024', 'FY2023' (= 2023-24) -> '2023-24'; PeriodError otherwise."""
    raw = str(text).strip()
    match = _YEAR_PAIR.match(raw)
    if match:
        start, end = int(match.group(1)), match.group(2)
        if (len(end) == 2 and int(end) != (start + 1) % 100) or (len(end) == 4 and int(end) != start + 1):
            raise PeriodError(f"{raw!r}: the second year must follow the first")
        return _year(start, raw)
    match = _FY_SINGLE.match(raw)
    if match:
        return _year(int(match.group(1)), raw)
    raise PeriodError(f"{raw!r} is not a financial year")


def parse_number(value: object) -> tuple[float, bool]:
    """A cell -> (number, had a % sign). Accepts £, thousands commas, spaces, brackets for negatives; ValueError for
    anything else, including numbers that are not finite or too large for a float."""
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, (int, float)):
        return _finite(value), False
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()")
    percent = text.endswith("%")
    text = text.rstrip("%").replace("£", "")
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        raise ValueError("not a number")
    number = _finite(text)
    return (-number if negative else number), percent


def _finite(value: object) -> float:
    try:
        number = float(value)
    except OverflowError:
        raise ValueError("not a finite number") from None
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number
