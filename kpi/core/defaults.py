"""The view a first visit, the command line and the examples start from: one definition each."""

from __future__ import annotations

DEFAULT_AREA = "E09000002"  # Barking and Dagenham: the README's worked example
DEFAULT_METRIC = "core_spending_power"
DEFAULT_BASE_YEAR = "2010-11"  # "since 2010": the base year productivity plans report against
EARLIEST_BASE_YEAR = "2008-09"  # the earliest base year a "change since" can be chosen from
