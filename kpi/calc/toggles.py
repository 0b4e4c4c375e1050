"""Which toggles a measure can take: the one rule the controls, a link, small multiples and the measures share.

Real terms only for an amount of money; per head only where the measure's catalogue row allows it (not a
percentage, a ratio or a score). Every measure can be indexed to a year it has a figure for.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kpi.core.catalogue import Metric


class Prices(StrEnum):
    CASH = "cash"  # as published
    REAL = "real"  # in the prices of a base year, with the GDP deflator


CASH, REAL = Prices.CASH, Prices.REAL


@dataclass(frozen=True)
class Toggles:
    """The toggles one measure can take."""

    real_terms: bool
    per_head: bool

    @classmethod
    def of(cls, metric: Metric) -> Toggles:
        return cls(real_terms=metric.money, per_head=metric.per_head)

    def fit(self, prices: str, per_head: bool) -> tuple[str, bool]:
        """The prices and per head asked for, less what the measure cannot take (cash and totals instead)."""
        return (prices if self.real_terms else CASH), per_head and self.per_head
