"""Productivity-plan and peer-challenge action plans: reading them, normalising deadlines and statuses, views.

Pure: the date a view is "as of" is always passed in, never read from the clock.

Conventions (also in the README and on the page):
* a deadline naming a month ("July 2025", "Sept 2025", "end of March 2026") is due on the **last day of that
  month**; a bare year ("2026") on **31 December** of that year; a financial year ("2025/26", "2025-26") on
  **31 March** at its end; a full date as written. "N/A", "TBC", "Ongoing" and blanks have no due date.
  The original text is always kept beside the date.
* statuses are normalised to Completed, Almost completed, Ongoing, Continuous, Not started or N/A; the
  original wording is kept. A status that fits none of these is reported, and the plan is not imported.
* a row with no Ref of its own continues the recommendation above it (as merged cells in a spreadsheet do).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from kpi.core.schema import Problem
from kpi.data.db import ACTION_COLUMNS
from kpi.data.db import actions as actions_table
from kpi.officers.tabular import EXCEL_ROW, read_table


class ActionStatus(StrEnum):
    COMPLETED = "Completed"
    ALMOST = "Almost completed"
    ONGOING = "Ongoing"
    CONTINUOUS = "Continuous"
    NOT_STARTED = "Not started"
    NA = "N/A"


COMPLETED, ALMOST, ONGOING, CONTINUOUS, NOT_STARTED, NA = tuple(ActionStatus)
STATUSES = tuple(ActionStatus)
OPEN_STATUSES = (ALMOST, ONGOING, NOT_STARTED)  # can be overdue; Continuous has no end, N/A no deadline
COLUMNS = ACTION_COLUMNS
# Text cells as long as the database stores them (the table's column lengths), checked before anything is written.
LIMITS = {
    c.name: c.type.length for c in actions_table.c if c.name in ("ref", "deadline_text", "status_text", "metric_ids")
}

_SPELLINGS = {
    "ref": "ref reference no number rec_no id",
    "recommendation": "recommendation recommendations",
    "action": "response_and_action response_and_actions action actions response agreed_action management_response",
    "deadline_text": "deadline due due_date target_date timescale timescales by_when",
    "status_text": "status progress rag_status current_status",
    "metric_ids": "metric_ids metrics metric kpis kpi",
}
HEADERS = {spelling: column for column, words in _SPELLINGS.items() for spelling in words.split()}
# Checked in this order: the first pattern found in the status text wins.
_STATUS_PATTERNS = [
    (NA, r"^\s*(n/?a|not applicable|none)\s*\.?$"),
    (NOT_STARTED, r"not (yet )?started|not begun|yet to start|planned"),
    (ALMOST, r"almost|nearly|substantially|mostly"),
    (ONGOING, r"not (yet )?complete|incomplete|partially"),
    (COMPLETED, r"complete|done|closed|achieved|delivered|implemented"),
    (CONTINUOUS, r"continu|business as usual|\bbau\b|ongoing and embedded"),
    (ONGOING, r"ongoing|in progress|progress|on track|underway|under way|started|open|amber|green|red"),
]
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_NO_DEADLINE = re.compile(r"^\s*(n/?a|tbc|tbd|to be confirmed|ongoing|continuous|none|-)?\s*\.?$", re.IGNORECASE)


class DeadlineError(ValueError):
    pass


def normalise_status(text: object) -> str | None:
    raw = str(text or "").strip().lower()
    if not raw:
        return NA
    for status, pattern in _STATUS_PATTERNS:
        if re.search(pattern, raw):
            return status
    return None


def _end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline(text: object) -> dt.date | None:
    """A deadline as written -> its due date (see the module docstring); None for no deadline."""
    raw = str(text or "").strip()
    if _NO_DEADLINE.match(raw):
        return None
    low = raw.lower()
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[ t].*)?", low)
    if iso:
        return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
    uk = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", low)
    if uk:
        return dt.date(int(uk.group(3)), int(uk.group(2)), int(uk.group(1)))
    fy = re.fullmatch(r"(?:fy\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})", low)
    if fy and int(fy.group(2)[-2:]) == (int(fy.group(1)) + 1) % 100:
        return dt.date(int(fy.group(1)) + 1, 3, 31)
    month_year = re.search(r"([a-z]+)\.?\s+(\d{4})\b", low)
    if month_year and month_year.group(1) in _MONTHS:
        return _end_of_month(int(month_year.group(2)), _MONTHS[month_year.group(1)])
    year = re.fullmatch(r"(?:end of |by |during )?(\d{4})", low)
    if year:
        return dt.date(int(year.group(1)), 12, 31)
    raise DeadlineError(raw)


@dataclass(frozen=True)
class ParsedPlan:
    actions: pd.DataFrame  # COLUMNS plus _excel_row
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems and not self.actions.empty

    def problem_table(self) -> pd.DataFrame:
        return pd.DataFrame([p.as_dict() for p in self.problems], columns=["row", "column", "value", "expected"])


TEXT_FIELDS = ("ref", "recommendation", "action", "deadline_text", "status_text", "metric_ids")
NEEDED = ["recommendation", "action", "deadline_text", "status_text"]
DEADLINE_FORMS = "a month and year (July 2025), a year (2026), a financial year (2025/26), a date (31/07/2025) or N/A"


def normalise_plan(frame: pd.DataFrame, *, known_metrics: set[str]) -> ParsedPlan:
    """Raw cells (with _excel_row) -> normalised actions; continuation rows take the Ref and recommendation above."""
    frame = frame.rename(columns={c: HEADERS.get(c, c) for c in frame.columns})
    frame = frame.loc[:, ~frame.columns.duplicated()]
    missing = [c for c in NEEDED if c not in frame]
    if missing:
        found = ", ".join(c for c in frame.columns if c != EXCEL_ROW)
        expected = f"columns like Ref, Recommendation, Response and action, Deadline, Status (found: {found})"
        return ParsedPlan(
            pd.DataFrame(columns=[*COLUMNS, EXCEL_ROW]), [Problem(1, c, "(missing column)", expected) for c in missing]
        )
    problems: list[Problem] = []
    rows, last = [], {"ref": "", "recommendation": ""}
    for rec in frame.to_dict("records"):
        row = int(rec[EXCEL_ROW])
        text = {k: str(rec.get(k, "") or "").strip() for k in TEXT_FIELDS}
        _carry(text, last, row, problems)
        rows.append(_action(text, row, known_metrics, problems))
    actions = pd.DataFrame(rows, columns=[*COLUMNS, EXCEL_ROW])
    if actions.empty and not problems:
        problems.append(Problem(2, "(all)", "(no rows)", "at least one action"))
    return ParsedPlan(actions, problems)


def _carry(text: dict, last: dict, row: int, problems: list[Problem]) -> None:
    """A row with no Ref continues the recommendation above it (as merged cells in a spreadsheet do)."""
    if text["ref"]:
        last["ref"], last["recommendation"] = text["ref"], text["recommendation"] or last["recommendation"]
    elif text["recommendation"]:
        last["recommendation"] = text["recommendation"]
    elif not last["ref"] and not last["recommendation"]:
        problems.append(Problem(row, "ref", "", "a Ref or a recommendation on the first row of the plan"))
    for column, limit in LIMITS.items():
        if len(text[column]) > limit:
            problems.append(Problem(row, column, text[column][:40] + "…", f"at most {limit} characters"))
            text[column] = text[column][:limit]
    text["ref"] = text["ref"] or last["ref"]
    text["recommendation"] = text["recommendation"] or last["recommendation"]


def _action(text: dict, row: int, known_metrics: set[str], problems: list[Problem]) -> dict:
    """One action with its status, due date and measures read; problems recorded with the row."""
    status = normalise_status(text["status_text"])
    if status is None:
        problems.append(Problem(row, "status", text["status_text"], "a status such as " + ", ".join(STATUSES)))
    try:
        due = parse_deadline(text["deadline_text"])
    except DeadlineError:
        problems.append(Problem(row, "deadline", text["deadline_text"], DEADLINE_FORMS))
        due = None
    metrics = [m.strip().lower() for m in re.split(r"[;,\s]+", text["metric_ids"]) if m.strip()]
    unknown = [m for m in metrics if m not in known_metrics]
    if unknown:
        expected = f"metric ids from Data and methods, separated by ; (unknown: {', '.join(unknown)})"
        problems.append(Problem(row, "metric_ids", text["metric_ids"], expected))
    return {
        **text,
        "due_date": due.isoformat() if due else "",
        "status": status or "",
        "metric_ids": ";".join(metrics),
        EXCEL_ROW: row,
    }


def parse_plan(data: bytes, filename: str, *, known_metrics: set[str]) -> ParsedPlan:
    return normalise_plan(read_table(data, filename, header_names=set(HEADERS)), known_metrics=known_metrics)


def apply_edits(edited: pd.DataFrame, *, known_metrics: set[str]) -> ParsedPlan:
    """Officers' edits from the table editor, checked as strictly as an import (due dates recomputed from text)."""
    frame = edited.copy()
    # A status chosen in the editor replaces the original wording; an unchanged one keeps it.
    frame["status_text"] = [
        t if s not in STATUSES or normalise_status(t) == s else s for s, t in zip(frame["status"], frame["status_text"])
    ]
    frame[EXCEL_ROW] = range(1, len(frame) + 1)
    frame["ref"] = frame["ref"].fillna("")
    return normalise_plan(
        frame[[c for c in COLUMNS if c not in ("due_date", "status")] + [EXCEL_ROW]], known_metrics=known_metrics
    )
