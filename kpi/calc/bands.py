"""Where a value sits against comparators' median, in words: the benchmark band; and the comparators' band by year
(median and quartiles), drawn behind a trend.

The band compares a council with the comparators' median in units of their median absolute deviation (MAD):
within 0.5 MADs "broadly similar", 0.5 to 1.5 "slightly better/worse", 1.5 to 3 "better/worse", over 3
"much better/worse". Measures without a direction are "context only"; a measure that does not apply to the
council's type (adult social care for a district) is "not applicable". There is no rank and no league table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpi.core import schema as S
from kpi.core.catalogue import Polarity

BROADLY_SIMILAR = "broadly similar"
CONTEXT_ONLY = "context only"
NOT_APPLICABLE = "not applicable"
NO_DATA = "no data"
HIGHER_BETTER, LOWER_BETTER = Polarity.HIGHER_BETTER, Polarity.LOWER_BETTER


def judgement(difference: float, polarity: str) -> str:
    """ "better" or "worse" for a difference (positive: higher) on a measure with a better direction; "" for a
    measure without one, or no difference."""
    if polarity not in (HIGHER_BETTER, LOWER_BETTER) or not difference or math.isnan(difference):
        return ""
    return "better" if (difference > 0) == (polarity == HIGHER_BETTER) else "worse"


def band_word(value: float, *, median: float, mad: float, polarity: str) -> str:
    """The polarity-aware band in words; boundaries belong to the nearer band (exactly 0.5 MAD is similar)."""
    if polarity not in (HIGHER_BETTER, LOWER_BETTER):
        return CONTEXT_ONLY
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in (value, median, mad)):
        return NO_DATA
    diff = value - median
    if diff == 0:
        return BROADLY_SIMILAR
    distance = math.inf if mad == 0 else abs(diff) / mad
    if distance <= 0.5:
        return BROADLY_SIMILAR
    word = judgement(diff, polarity)
    if distance <= 1.5:
        return f"slightly {word}"
    if distance <= 3:
        return word
    return f"much {word}"


@dataclass(frozen=True)
class ComparatorStats:
    median: float
    q1: float
    q3: float
    mad: float  # median absolute deviation from the median
    n: int


def comparator_stats(values) -> ComparatorStats:
    """Median, quartiles and MAD of the comparators' values, any sequence of numbers (NaN for each when there are
    none)."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if v.size == 0:
        nan = float("nan")
        return ComparatorStats(nan, nan, nan, nan, 0)
    # numpy's median and linear percentiles: what pandas' Series.median and quantile call, without a Series each
    median = float(np.median(v))
    q1, q3 = (float(q) for q in np.percentile(v, [25, 75]))
    return ComparatorStats(median, q1, q3, median_absolute_deviation(v), int(v.size))


def median_absolute_deviation(values) -> float:
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if v.size == 0:
        return float("nan")
    return float(np.median(np.abs(v - np.median(v))))


def band(values: pd.DataFrame) -> pd.DataFrame:
    """Median, quartiles and count of comparator values for each period: pandas' grouped median and linear
    quantiles, worked out in one pass over the few values a council's comparators have."""
    return band_of(zip(values[S.PERIOD].tolist(), values[S.VALUE].tolist()), values[S.PERIOD].dtype)


def band_of(rows, period_dtype) -> pd.DataFrame:
    """`band` of (period, value) pairs, the period column of the result in `period_dtype`."""
    by_period: dict[str, list[float]] = {}
    for period, value in rows:
        if value == value:  # not NaN
            by_period.setdefault(period, []).append(value)
    if not by_period:
        return pd.DataFrame(columns=[S.PERIOD, "median", "q1", "q3", "n"])
    periods = sorted(by_period)
    ranked = [sorted(by_period[p]) for p in periods]
    return pd.DataFrame(
        {
            S.PERIOD: pd.array(periods, dtype=period_dtype),
            "median": np.array([_quantile(v, 0.5) for v in ranked], dtype="float64"),
            "q1": np.array([_quantile(v, 0.25) for v in ranked], dtype="float64"),
            "q3": np.array([_quantile(v, 0.75) for v in ranked], dtype="float64"),
            "n": np.array([len(v) for v in ranked], dtype="int64"),
        }
    )


def _quantile(ranked: list[float], q: float) -> float:
    """As pandas' grouped median and quantile (linear) work it out, to the last digit: the middle value, or the
    mean of the two middle values; between two values, the lower plus the fraction of the gap."""
    n = len(ranked)
    if q == 0.5:
        return ranked[n // 2] if n % 2 else (ranked[n // 2 - 1] + ranked[n // 2]) / 2
    at = q * (n - 1)
    low = int(at)
    frac = at - low
    return ranked[low] if frac == 0 or low + 1 >= n else ranked[low] + (ranked[low + 1] - ranked[low]) * frac
