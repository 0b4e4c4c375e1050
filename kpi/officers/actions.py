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

from kpi.core.safecsv import to_csv_bytes
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
OPEN_STATUSES = (ALMOST, ONGOING, NOT_STARTED)     # can be overdue; Continuous has no end, N/A no deadline
COLUMNS = ACTION_COLUMNS
# Text cells as long as the database stores them (the table's column lengths), checked before anything is written.
LIMITS = {c.name: c.type.length for c in actions_table.c if c.name in ("ref", "deadline_text", "status_text",
                                                                        "metric_ids")}

HEADERS = {
    "ref": "ref", "reference": "ref", "no": "ref", "number": "ref", "rec_no": "ref", "id": "ref",
    "recommendation": "recommendation", "recommendations": "recommendation",
    "response_and_action": "action", "response_and_actions": "action", "action": "action", "actions": "action",
    "response": "action", "agreed_action": "action", "management_response": "action",
    "deadline": "deadline_text", "due": "deadline_text", "due_date": "deadline_text", "target_date": "deadline_text",
    "timescale": "deadline_text", "timescales": "deadline_text", "by_when": "deadline_text",
    "status": "status_text", "progress": "status_text", "rag_status": "status_text", "current_status": "status_text",
    "metric_ids": "metric_ids", "metrics": "metric_ids", "metric": "metric_ids", "kpis": "metric_ids",
    "kpi": "metric_ids",
}
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
    actions: pd.DataFrame          # COLUMNS plus _excel_row
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems and not self.actions.empty

    def problem_table(self) -> pd.DataFrame:
        return pd.DataFrame([p.as_dict() for p in self.problems], columns=["row", "column", "value", "expected"])


def normalise_plan(frame: pd.DataFrame, *, known_metrics: set[str]) -> ParsedPlan:
    """Raw cells (with _excel_row) -> normalised actions; continuation rows take the Ref and recommendation above."""
    frame = frame.rename(columns={c: HEADERS.get(c, c) for c in frame.columns})
    frame = frame.loc[:, ~frame.columns.duplicated()]
    problems: list[Problem] = []
    needed = ["recommendation", "action", "deadline_text", "status_text"]
    missing = [c for c in needed if c not in frame]
    if missing:
        found = ", ".join(c for c in frame.columns if c != EXCEL_ROW)
        return ParsedPlan(pd.DataFrame(columns=[*COLUMNS, EXCEL_ROW]), [Problem(
            1, c, "(missing column)", "columns like Ref, Recommendation, Response and action, Deadline, Status "
            f"(found: {found})") for c in missing])
    rows, last_ref, last_rec = [], "", ""
    for rec in frame.to_dict("records"):
        row = int(rec[EXCEL_ROW])
        text = {k: str(rec.get(k, "") or "").strip() for k in ("ref", "recommendation", "action", "deadline_text",
                                                                 "status_text", "metric_ids")}
        if text["ref"]:
            last_ref, last_rec = text["ref"], text["recommendation"] or last_rec
        elif not text["recommendation"]:
            if not last_ref and not last_rec:
                problems.append(Problem(row, "ref", "", "a Ref or a recommendation on the first row of the plan"))
        else:
            last_rec = text["recommendation"]
        for column, limit in LIMITS.items():
            if len(text[column]) > limit:
                problems.append(Problem(row, column, text[column][:40] + "…", f"at most {limit} characters"))
                text[column] = text[column][:limit]
        text["ref"] = text["ref"] or last_ref
        text["recommendation"] = text["recommendation"] or last_rec
        status = normalise_status(text["status_text"])
        if status is None:
            problems.append(Problem(row, "status", text["status_text"], "a status such as " + ", ".join(STATUSES)))
        try:
            due = parse_deadline(text["deadline_text"])
        except DeadlineError:
            problems.append(Problem(row, "deadline", text["deadline_text"],
                                    "a month and year (July 2025), a year (2026), a financial year (2025/26), "
                                    "a date (31/07/2025) or N/A"))
            due = None
        metrics = [m.strip().lower() for m in re.split(r"[;,\s]+", text["metric_ids"]) if m.strip()]
        unknown = [m for m in metrics if m not in known_metrics]
        if unknown:
            problems.append(Problem(row, "metric_ids", text["metric_ids"],
                                    "metric ids from Data and methods, separated by ; (unknown: " + ", ".join(unknown) + ")"))
        rows.append({**text, "due_date": due.isoformat() if due else "", "status": status or "",
                     "metric_ids": ";".join(metrics), EXCEL_ROW: row})
    actions = pd.DataFrame(rows, columns=[*COLUMNS, EXCEL_ROW])
    if actions.empty and not problems:
        problems.append(Problem(2, "(all)", "(no rows)", "at least one action"))
    return ParsedPlan(actions, problems)


def parse_plan(data: bytes, filename: str, *, known_metrics: set[str]) -> ParsedPlan:
    return normalise_plan(read_table(data, filename, header_names=set(HEADERS)), known_metrics=known_metrics)


def apply_edits(edited: pd.DataFrame, *, known_metrics: set[str]) -> ParsedPlan:
    """Officers' edits from the table editor, checked as strictly as an import (due dates recomputed from text)."""
    frame = edited.copy()
    # A status chosen in the editor replaces the original wording; an unchanged one keeps it.
    frame["status_text"] = [t if s not in STATUSES or normalise_status(t) == s else s
                            for s, t in zip(frame["status"], frame["status_text"])]
    frame[EXCEL_ROW] = range(1, len(frame) + 1)
    frame["ref"] = frame["ref"].fillna("")
    return normalise_plan(frame[[c for c in COLUMNS if c not in ("due_date", "status")] + [EXCEL_ROW]],
                          known_metrics=known_metrics)


# --------------------------------------------------------------------------- views
def by_status(actions: pd.DataFrame) -> pd.DataFrame:
    counts = actions["status"].value_counts()
    return pd.DataFrame({"status": STATUSES, "actions": [int(counts.get(s, 0)) for s in STATUSES]})


def overdue(actions: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Open actions (not completed, continuous or N/A) whose due date is before `as_of`, oldest first."""
    due = pd.to_datetime(actions["due_date"].fillna("").astype(str), format="%Y-%m-%d", errors="coerce").dt.date
    mask = due.notna() & (due < as_of) & actions["status"].isin(OPEN_STATUSES)
    out = actions[mask].assign(days_overdue=[(as_of - d).days for d in due[mask]])
    return out.sort_values(["due_date", "ref"]).reset_index(drop=True)


def timeline(actions: pd.DataFrame) -> pd.DataFrame:
    """Actions with a due date, in date order, labelled for a chart."""
    due = actions["due_date"].fillna("").astype(str)
    out = actions[due.str.match(r"^\d{4}-\d{2}-\d{2}$")].copy()
    out["label"] = [f"{r} {a[:45] + '…' if len(a) > 45 else a}".strip() for r, a in zip(out["ref"], out["action"])]
    return out.sort_values(["due_date", "ref"]).reset_index(drop=True)


def progress(history: pd.DataFrame) -> pd.DataFrame:
    """Status counts per saved version (one column per status), dated: progress over time."""
    if history.empty:
        return pd.DataFrame(columns=["version_id", "date", *STATUSES])
    table = history.pivot_table(index=["version_id", "created_at"], columns="status", values="actions",
                                aggfunc="sum", fill_value=0).reset_index()
    for status in STATUSES:
        if status not in table:
            table[status] = 0
    table["date"] = table["created_at"].str[:10]
    return table[["version_id", "date", *STATUSES]]


def plan_csv(actions: pd.DataFrame) -> bytes:
    """The plan as a CSV file a spreadsheet opens safely (cells that would run as formulas are neutralised)."""
    return to_csv_bytes(actions)
