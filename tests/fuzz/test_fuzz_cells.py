"""The cell parsers never raise anything but their own error, and what they return is always usable."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given
from hypothesis import strategies as st

from kpi.core.formatting import format_count, format_pct, format_value
from kpi.core.periods import PeriodError, is_period
from kpi.officers.figures.cells import parse_number, parse_period
from kpi.officers.plans.cells import FIRST_YEAR, LAST_YEAR, STATUSES, DeadlineError, normalise_status, parse_deadline
from tests.fuzz.strategies import DEADLINES, NUMBERS, PERIODS, STATUS_WORDS

ANYTHING = st.one_of(
    st.text(),
    st.integers(min_value=-(10**500), max_value=10**500),
    st.floats(),
    st.none(),
    st.booleans(),
    st.dates(),
    st.binary(max_size=20),
)


@given(st.one_of(ANYTHING, st.sampled_from(PERIODS)))
def test_parse_period(value):
    try:
        label = parse_period(value)
    except PeriodError:
        return
    assert is_period(label) and 1974 <= int(label[:4]) <= 2098


@given(st.one_of(ANYTHING, st.sampled_from(NUMBERS)))
def test_parse_number(value):
    try:
        number, percent = parse_number(value)
    except ValueError:
        return
    assert math.isfinite(number) and isinstance(percent, bool)


@given(st.one_of(ANYTHING, st.sampled_from(STATUS_WORDS)), st.booleans())
def test_normalise_status(value, yes_no):
    assert normalise_status(value, yes_no=yes_no) in (*STATUSES, None)


@given(st.one_of(ANYTHING, st.sampled_from(DEADLINES)))
def test_parse_deadline(value):
    try:
        due = parse_deadline(value)
    except DeadlineError:
        return
    assert due is None or (isinstance(due, dt.date) and FIRST_YEAR <= due.year <= LAST_YEAR)


@given(
    st.one_of(st.floats(), st.integers(min_value=-(10**400), max_value=10**400), st.none()),
    st.sampled_from(["£", "people", "%", "FTE", "index", "score"]),
)
def test_formatting_never_raises(value, unit):
    assert format_value(value, unit) and format_count(value) and format_pct(value)
