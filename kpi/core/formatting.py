"""Number formatting shared by charts, tables and narrative text, and the names of downloaded files.

None of these raises on any float: a missing value reads "no data", an infinite one "not a finite number", and a
huge one is written out in full (uploads refuse such figures, but a page must never break on one).
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Context, Decimal

NOT_FINITE = "not a finite number"


def _number(value: object) -> float | None:
    """A float, or None when there is no number (None, NaN, pandas' NA); an int too large for a float is inf."""
    if value is None:
        return None
    try:
        number = float(value)
    except OverflowError:
        return math.inf
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _special(number: float | None) -> str | None:
    if number is None:
        return "no data"
    return None if math.isfinite(number) else NOT_FINITE


def format_value(value: float | None, unit_label: str, *, digits: int | None = None) -> str:
    """£1,234,567 -> "£1.2m"; people -> "182,838"; percent -> "41.8%"; index -> "91.7"."""
    value = _number(value)
    if (text := _special(value)) is not None:
        return text
    label = unit_label.lower()
    if label.startswith("index"):
        return f"{value:,.{1 if digits is None else digits}f}"
    if label.startswith("£"):
        size = abs(value)
        sign = "-" if value < 0 else ""
        if size >= 1e9:
            return f"{sign}£{size / 1e9:,.{2 if digits is None else digits}f}bn"
        if size >= 1e6:
            return f"{sign}£{size / 1e6:,.{1 if digits is None else digits}f}m"
        if size >= 100:
            return f"{sign}£{size:,.0f}"
        return f"{sign}£{size:,.2f}"
    if label.startswith("%"):
        return f"{value:,.{1 if digits is None else digits}f}%"
    if label.startswith(("people", "fte")):
        return f"{value:,.0f}" if abs(value) >= 100 or float(value).is_integer() else f"{value:,.2f}"
    return f"{value:,.{2 if digits is None else digits}f}"


def round_half_up(value: float, digits: int = 0) -> float:
    """Round as people do on paper (21.55 -> 21.6), not to even, working from the decimal text of the float.
    A value that is not finite comes back as it is."""
    value = float(value)
    if not math.isfinite(value):
        return value
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP, context=_WIDE))


_WIDE = Context(prec=400)  # room for every digit of the largest float


def format_count(value: float) -> str:
    """A whole number of people or staff: 39,470."""
    value = _number(value)
    if (text := _special(value)) is not None:
        return text
    return f"{round_half_up(abs(value)):,.0f}"


def format_pct(value: float, digits: int = 1) -> str:
    """A percentage magnitude with one decimal: 21.6%."""
    value = _number(value)
    if (text := _special(value)) is not None:
        return text
    return f"{round_half_up(abs(value), digits):,.{digits}f}%"


_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def in_words(number: int) -> str:
    """A small whole number as a sentence writes it (5 -> "five"); from 11 on, in figures."""
    return _WORDS[number] if 0 <= number < len(_WORDS) else f"{number:,}"


def file_slug(text: str, *, most: int = 90, empty: str = "chart") -> str:
    """A downloaded file's name from a title or a council's name: lower case, each run of other characters one
    hyphen, at most `most` characters ("Barking and Dagenham" -> "barking-and-dagenham"), `empty` if none is left."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:most] or empty
