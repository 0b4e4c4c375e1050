"""The value column of an officer's figures, parsed at once where the cells are plain numbers.

A cell that is a plain number (text such as `3090` or `-12.5`, or a number from a workbook) is read for the whole
column at once and checked against its unit's plausible range; only the other cells (`£1,234`, `12%`, `(5)`, text,
blanks, numbers out of range) go through kpi.officers.figures.rows' own rule, once per distinct cell and unit, so every
figure and every message is what that rule gives.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.core import schema as S
from kpi.officers.figures.rows import Found, RowRules

# Text read at once: digits, a point and digits, a minus; short enough to be exact as a float (fast_float and
# Python both round correctly) and never to overflow. Anything else is left to kpi.officers.figures.cells.parse_number.
_PLAIN = r"^-?[0-9]{1,20}(\.[0-9]{1,20})?$"


def parse_values(rules: RowRules, cells: list, units: np.ndarray) -> tuple[np.ndarray, list[tuple[int, list[Found]]]]:
    """Each row's figure (NaN where it is not a number) and the rows with problems, as (row index, problems)."""
    values, quick = _plain(cells)
    quick &= _plausible(values, units)
    judged: dict[tuple, tuple[float, list[Found]]] = {}
    bad: list[tuple[int, list[Found]]] = []
    for i in np.flatnonzero(~quick):
        cell, unit = cells[i], units[i]
        key = (cell.__class__, cell, unit)
        if key not in judged:
            judged[key] = rules.value(cell, unit)
        values[i], found = judged[key]
        if found:
            bad.append((int(i), found))
    return values, bad


def _plain(cells: list) -> tuple[np.ndarray, np.ndarray]:
    """The figures of the plain cells, and which cells those are."""
    n = len(cells)
    values, quick = np.full(n, np.nan), np.zeros(n, dtype=bool)
    kinds = set(map(type, cells))
    if kinds == {str}:  # every CSV: the whole column at once
        found, numbers = _plain_text(cells)
        values[found], quick[found] = numbers, True
        return values, quick
    if kinds <= {int, float}:  # a workbook's column of numbers
        return _plain_numbers(cells, values, quick)
    kinds = [c.__class__ for c in cells]
    text = [i for i, k in enumerate(kinds) if k is str]
    if text:
        found, numbers = _plain_text([cells[i] for i in text])
        rows = np.asarray(text)[found]
        values[rows], quick[rows] = numbers, True
    numeric = [i for i, k in enumerate(kinds) if k is int or k is float]
    if numeric:
        values[numeric], quick[numeric] = _plain_numbers([cells[i] for i in numeric], values[numeric], quick[numeric])
    return values, quick


def _plain_numbers(numbers: list, values: np.ndarray, quick: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Numbers from a workbook as floats; not quick where not finite (or all, for an integer too large for a
    float: the rule says so, cell by cell)."""
    try:
        floats = np.array(numbers, dtype=float)
    except OverflowError:
        return values, quick
    return floats, np.isfinite(floats)


def _plain_text(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(texts, type=pa.string())
    found = pc.match_substring_regex(array, _PLAIN)
    numbers = pc.cast(array.filter(found), pa.float64()).to_numpy()
    return found.to_numpy(zero_copy_only=False), numbers


def _plausible(values: np.ndarray, units: np.ndarray) -> np.ndarray:
    """Finite and within the unit's plausible range (any finite figure where the unit is unknown)."""
    codes, kinds = pd.factorize(units, use_na_sentinel=True)
    ranges = np.array([S.plausible_range(unit) for unit in kinds] or [(0.0, 0.0)], dtype=float)
    low, high = ranges[codes.clip(0), 0], ranges[codes.clip(0), 1]
    with np.errstate(invalid="ignore"):
        inside = (low <= values) & (values <= high)
    return np.isfinite(values) & ((codes < 0) | inside)
