"""The one long schema every observation uses, official or uploaded, and its validator."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from kpi.core.periods import is_period
from kpi.core.terms import UNIT_NAMES

AREA_CODE = "area_code"
METRIC_ID = "metric_id"
PERIOD = "period"
VALUE = "value"
UNIT = "unit"
SOURCE_ID = "source_id"
STATUS = "status"
NOTES = "notes"

COLUMNS = [AREA_CODE, METRIC_ID, PERIOD, VALUE, UNIT, SOURCE_ID, STATUS, NOTES]
KEY = [AREA_CODE, METRIC_ID, PERIOD, SOURCE_ID]


class Status(StrEnum):
    """Status of one observation."""

    FINAL = ""  # a final published figure
    ESTIMATED = "estimated"  # the publisher labels it an estimate (e.g. reserves on RS forms 2015-16 on)
    FORECAST = "forecast"  # made before the year ended
    BUDGET = "budget"  # set at budget time (council tax requirement, Band D, RA)
    PROVISIONAL = "provisional"


FINAL, ESTIMATED, FORECAST, BUDGET, PROVISIONAL = (
    Status.FINAL,
    Status.ESTIMATED,
    Status.FORECAST,
    Status.BUDGET,
    Status.PROVISIONAL,
)
STATUSES = tuple(Status)
# Figures that are not final outturn: drawn with open markers and dotted segments wherever they are charted.
DASHED_STATUSES = (ESTIMATED, FORECAST, BUDGET, PROVISIONAL)


def least_final(statuses) -> Status:
    """The status of a figure calculated from others: the least final of theirs."""
    for status in (FORECAST, BUDGET, PROVISIONAL, ESTIMATED):
        if status in statuses:
            return status
    return FINAL


# Base units: values are always stored in these, never in thousands or millions.
# The same set as the units' names in words (kpi.core.terms), except that a count is stored as a count.
UNITS = {**UNIT_NAMES, "count": "count"}

# The plausible range of one council's figure, per unit: wide enough for any English council (Birmingham spends
# a few £bn; Kent employs some tens of thousands; one council's debt passed 10,000% of its spending power), narrow
# enough to catch a slip of units or a broken cell. A council-supplied figure outside it is refused with its row
# and column (kpi.officers); the official snapshot lies well inside it.
PLAUSIBLE = {
    "gbp": (-1e12, 1e12),
    "people": (0, 20e6),
    "percent": (-100_000, 100_000),
    "score": (-1e6, 1e6),
    "rate": (-1e6, 1e6),
    "fte": (0, 200_000),
    "count": (0, 1e9),
    "dwellings": (0, 20e6),
}


def plausible_range(unit: str) -> tuple[float, float]:
    return PLAUSIBLE.get(unit, (-1e15, 1e15))


def plausible(value: float, unit: str) -> bool:
    """A finite number inside its unit's plausible range (PLAUSIBLE)."""
    low, high = plausible_range(unit)
    return math.isfinite(value) and low <= value <= high


class SchemaError(ValueError):
    """Observations that break the schema. `problems` lists row-level findings."""

    def __init__(self, message: str, problems: list[dict] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str
    value: object
    expected: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "expected": self.expected}


def empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="float64" if c == VALUE else "string") for c in COLUMNS})


def with_values(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows that have a figure (not a gap): `dropna(subset=[VALUE])` at a fraction of its cost on small frames.
    A frame without gaps comes back as a new frame over the same data (copy on write: changing either leaves the
    other as it was), without filtering it."""
    present = frame[VALUE].notna()
    return frame.copy(deep=False) if present.all() else frame[present]


def coerce(frame: pd.DataFrame) -> pd.DataFrame:
    """Column order and dtypes of the schema; missing optional text columns become ""."""
    out = frame.copy()
    for col in (STATUS, NOTES):
        if col not in out:
            out[col] = ""
    missing = [c for c in COLUMNS if c not in out]
    if missing:
        raise SchemaError(f"observations lack the column(s) {', '.join(missing)}")
    out = out[COLUMNS]
    for col in COLUMNS:
        if col == VALUE:
            out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
        else:
            out[col] = out[col].fillna("").astype("string")
    return out.reset_index(drop=True)


def problems(
    frame: pd.DataFrame,
    *,
    area_codes: set[str] | None = None,
    metric_units: dict[str, str] | None = None,
    source_ids: set[str] | None = None,
) -> list[Problem]:
    """Every way the frame breaks the schema; rows are numbered from 1 as a person counts them."""
    found: list[Problem] = []
    for i, rec in enumerate(frame.to_dict("records"), start=1):
        if area_codes is not None and rec[AREA_CODE] not in area_codes:
            found.append(Problem(i, AREA_CODE, rec[AREA_CODE], "an ONS GSS code of an English council"))
        if metric_units is not None:
            if rec[METRIC_ID] not in metric_units:
                found.append(Problem(i, METRIC_ID, rec[METRIC_ID], "a metric id from the metric catalogue"))
            elif rec[UNIT] != metric_units[rec[METRIC_ID]]:
                found.append(Problem(i, UNIT, rec[UNIT], f"the metric's unit {metric_units[rec[METRIC_ID]]!r}"))
        if not is_period(rec[PERIOD]):
            found.append(Problem(i, PERIOD, rec[PERIOD], "a financial year such as 2023-24"))
        if pd.isna(rec[VALUE]):
            found.append(Problem(i, VALUE, rec[VALUE], "a number"))
        if rec[STATUS] not in STATUSES:
            found.append(Problem(i, STATUS, rec[STATUS], "one of: " + ", ".join(s or "(blank)" for s in STATUSES)))
        if source_ids is not None and rec[SOURCE_ID] not in source_ids:
            found.append(Problem(i, SOURCE_ID, rec[SOURCE_ID], "a source id from the source catalogue"))
    dupes = frame.duplicated(KEY, keep="first")
    for i in dupes[dupes].index + 1:
        rec = frame.iloc[i - 1]
        found.append(
            Problem(
                int(i), "/".join(KEY), "/".join(str(rec[k]) for k in KEY), "one row per area, metric, period and source"
            )
        )
    return found


def validate(frame: pd.DataFrame, **catalogues) -> pd.DataFrame:
    """Coerce and check; raise SchemaError listing every problem, or return the clean frame."""
    out = coerce(frame)
    found = problems(out, **catalogues)
    if found:
        first = found[0]
        raise SchemaError(
            f"{len(found)} problem(s) in observations; first: row {first.row}, column {first.column}: "
            f"{first.value!r} is not {first.expected}",
            [p.as_dict() for p in found],
        )
    return out
