"""One cell of an action plan as councils write it: a status, a deadline.

* statuses are normalised to Completed, Almost completed, Ongoing, Continuous, Not started or N/A, matching whole
  words only ("red" is a RAG rating, not the end of "deferred") and reading negation ("not delivered",
  "undelivered" and "incomplete" are not completed, so they can be overdue). A column headed like a question
  ("Completed", "Done") may answer Yes or No. A percentage is progress: 100% completed, 0% not started. Wording
  that fits none of these is None, and the caller reports it.
* a deadline naming a month ("July 2025", "Sept 2025", "end of March 2026") is due on the **last day of that
  month**; a bare year ("2026") on **31 December** of that year; a financial year ("2025/26", "2025-26") on
  **31 March** at its end; a full date as written. "N/A", "TBC", "Ongoing" and blanks have no due date. A date
  that does not exist (31/02/2025) or a year outside FIRST_YEAR..LAST_YEAR is a DeadlineError.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from enum import StrEnum


class ActionStatus(StrEnum):
    COMPLETED = "Completed"
    ALMOST = "Almost completed"
    ONGOING = "Ongoing"
    CONTINUOUS = "Continuous"
    NOT_STARTED = "Not started"
    NA = "N/A"


COMPLETED, ALMOST, ONGOING, CONTINUOUS, NOT_STARTED, NA = tuple(ActionStatus)
STATUSES = tuple(ActionStatus)
FIRST_YEAR, LAST_YEAR = 1990, 2100  # deadlines outside these years are typing slips

_DONE = r"complete|completed|done|closed|achieved|delivered|implemented|finished|met"
# Checked in this order, on whole words: the first pattern found in the status text wins.
_STATUS_PATTERNS = [
    (NA, r"^(n/?a|not applicable|none)\.?$|\b(not|no longer) (required|applicable|needed)\b|\bsuperseded\b"),
    (NOT_STARTED, r"\b(not (yet )?started|not begun|yet to (start|begin)|planned|deferred|postponed|on hold)\b"),
    (ALMOST, r"\b(almost|nearly|substantially|mostly)\b"),
    (
        ONGOING,
        rf"\b(not|never) (yet )?(fully )?({_DONE})\b|\b(incomplete|undelivered|unfinished|unachieved|unmet)\b"
        r"|\bpartial(ly)?\b|\bpart(ly)? (complete|completed|done|delivered|implemented)\b",
    ),
    (COMPLETED, rf"\b({_DONE})\b"),
    (CONTINUOUS, r"\bcontinu\w*|\bbusiness as usual\b|\bbau\b|\bembedded\b"),
    (
        ONGOING,
        r"\b(ongoing|on-going|in progress|progress(ing)?|on track|off track|underway|under way|started|open|"
        r"amber|green|red|delayed|behind|at risk)\b",
    ),
]
_COMPILED = [(status, re.compile(pattern)) for status, pattern in _STATUS_PATTERNS]
_YES, _NO = {"yes", "y"}, {"no", "n"}
_PERCENT = re.compile(r"^(\d{1,3}(?:\.\d+)?)\s*%$")

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_NO_DEADLINE = re.compile(r"^\s*(n/?a|tbc|tbd|to be confirmed|ongoing|continuous|none|-)?\s*\.?$", re.IGNORECASE)


class DeadlineError(ValueError):
    pass


def normalise_status(text: object, *, yes_no: bool = False) -> str | None:
    """The status a plan's wording means, or None when it fits none. `yes_no`: the column asks "completed?"."""
    raw = re.sub(r"\s+", " ", str(text or "").strip().lower()).strip(" .!;:")
    if not raw:
        return NA
    if yes_no and raw in _YES | _NO:
        return COMPLETED if raw in _YES else ONGOING
    percent = _PERCENT.match(raw)
    if percent:
        share = float(percent.group(1))
        return None if share > 100 else COMPLETED if share == 100 else NOT_STARTED if share == 0 else ONGOING
    for status, pattern in _COMPILED:
        if pattern.search(raw):
            return status
    return None


def _date(year: int, month: int, day: int | None = None) -> dt.date:
    """A real date in the years plans are written for (the last day of the month when no day is given)."""
    if not FIRST_YEAR <= year <= LAST_YEAR or not 1 <= month <= 12:
        raise DeadlineError(f"{year}-{month}")
    last = calendar.monthrange(year, month)[1]
    if day is not None and not 1 <= day <= last:
        raise DeadlineError(f"{year}-{month}-{day}")
    return dt.date(year, month, last if day is None else day)


def parse_deadline(text: object) -> dt.date | None:
    """A deadline as written -> its due date (see the module docstring); None for no deadline."""
    raw = str(text or "").strip()
    if _NO_DEADLINE.match(raw):
        return None
    low = raw.lower()
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[ t].*)?", low)
    if iso:
        return _date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    uk = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", low)
    if uk:
        return _date(int(uk.group(3)), int(uk.group(2)), int(uk.group(1)))
    fy = re.fullmatch(r"(?:fy\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})", low)
    if fy and int(fy.group(2)[-2:]) == (int(fy.group(1)) + 1) % 100:
        return _date(int(fy.group(1)) + 1, 3, 31)
    month_year = re.search(r"([a-z]+)\.?\s+(\d{4})\b", low)
    if month_year and month_year.group(1) in _MONTHS:
        return _date(int(month_year.group(2)), _MONTHS[month_year.group(1)])
    year = re.fullmatch(r"(?:end of |by |during )?(\d{4})", low)
    if year:
        return _date(int(year.group(1)), 12, 31)
    raise DeadlineError(raw)
