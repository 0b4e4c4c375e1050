"""Where a value sits against comparators' median, in words: the benchmark band.

The band compares a council with the comparators' median in units of their median absolute deviation (MAD):
within 0.5 MADs "broadly similar", 0.5 to 1.5 "slightly better/worse", 1.5 to 3 "better/worse", over 3
"much better/worse". Measures without a direction are "context only"; a measure that does not apply to the
council's type (adult social care for a district) is "not applicable". There is no rank and no league table.
"""
from __future__ import annotations

import math

from kpi.core.catalogue import Polarity

BROADLY_SIMILAR = "broadly similar"
CONTEXT_ONLY = "context only"
NOT_APPLICABLE = "not applicable"
NO_DATA = "no data"
HIGHER_BETTER, LOWER_BETTER = Polarity.HIGHER_BETTER, Polarity.LOWER_BETTER


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
    good = (diff > 0) == (polarity == HIGHER_BETTER)
    word = "better" if good else "worse"
    if distance <= 1.5:
        return f"slightly {word}"
    if distance <= 3:
        return word
    return f"much {word}"
