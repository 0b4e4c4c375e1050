"""What an action plan shows: counts by status, what is overdue as of a date, a timeline, progress over versions.

Pure: the date a view is "as of" is always passed in, never read from the clock.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd

from kpi.core.safecsv import to_csv_bytes
from kpi.officers.plans.read import OPEN_STATUSES, STATUSES

# The headings a plan's columns carry wherever members see them: the page's tables and editor, and the pack.
HEADINGS = {
    "ref": "Ref",
    "recommendation": "Recommendation",
    "action": "Action",
    "deadline_text": "Deadline",
    "due_date": "Due",
    "status": "Status",
    "status_text": "Status (as written)",
    "metric_ids": "Measures (ids, ; between)",
    "days_overdue": "Days overdue",
    "actions": "Actions",
    "version_id": "Version",
    "date": "Saved on",
}
NO_DUE_DATES = "no due dates"
NO_HISTORY = pd.DataFrame(columns=["version_id", "created_at", "status", "actions"])  # no saved version


# What the overdue table and the timeline hold, in order (the timeline adds its label).
OVERDUE_COLUMNS = ["ref", "action", "deadline_text", "due_date", "status", "status_text", "days_overdue"]
TIMELINE_COLUMNS = ["ref", "action", "deadline_text", "due_date", "status", "status_text"]

Columns = dict[str, list]  # a plan's columns as lists (columns(actions)): what the views below read


def columns(actions: pd.DataFrame | Columns) -> Columns:
    """A plan's columns as lists, each converted once: the views below take these or the plan itself (a plan is a
    few dozen rows, for which a list is quicker to read than a column)."""
    return actions if isinstance(actions, dict) else {c: actions[c].tolist() for c in actions.columns}


def by_status(actions: pd.DataFrame | Columns) -> pd.DataFrame:
    counts = Counter(columns(actions)["status"])
    return pd.DataFrame({"status": STATUSES, "actions": [int(counts.get(s, 0)) for s in STATUSES]})


def due_dates(actions: pd.DataFrame | Columns) -> list[dt.date | None]:
    """Each action's due date, or None where it has none: one type whatever the rows hold (a plan whose every
    deadline is N/A, TBC or blank included). A due date is kept as ISO text, as the store keeps it."""
    return [dt.date.fromisoformat(d) if isinstance(d, str) and d else None for d in columns(actions)["due_date"]]


def dated(actions: pd.DataFrame | Columns, due: list[dt.date | None] | None = None) -> int:
    """How many actions have a due date: with none, nothing can be overdue and the plan says so (`due`: the
    actions' due dates, if worked out already)."""
    return sum(d is not None for d in (due_dates(actions) if due is None else due))


def overdue(actions: pd.DataFrame | Columns, as_of: dt.date, due: list[dt.date | None] | None = None) -> pd.DataFrame:
    """Open actions (not completed, continuous or N/A) whose due date is before `as_of`, oldest first
    (OVERDUE_COLUMNS)."""
    cols = columns(actions)
    due = due_dates(cols) if due is None else due
    status = cols["status"]
    order = _by_date_and_ref(cols, [i for i, d in enumerate(due) if d and d < as_of and status[i] in OPEN_STATUSES])
    out = _rows(cols, order, OVERDUE_COLUMNS[:-1])
    out["days_overdue"] = [(as_of - due[i]).days for i in order]
    return pd.DataFrame(out, columns=OVERDUE_COLUMNS)


def timeline(actions: pd.DataFrame | Columns, due: list[dt.date | None] | None = None) -> pd.DataFrame:
    """Actions with a due date, in date order, labelled for a chart (TIMELINE_COLUMNS and label)."""
    cols = columns(actions)
    due = due_dates(cols) if due is None else due
    out = _rows(cols, _by_date_and_ref(cols, [i for i, d in enumerate(due) if d is not None]), TIMELINE_COLUMNS)
    out["label"] = [f"{r} {a[:45] + '…' if len(a) > 45 else a}".strip() for r, a in zip(out["ref"], out["action"])]
    return pd.DataFrame(out, columns=[*TIMELINE_COLUMNS, "label"])


def _rows(cols: Columns, rows: list[int], names: list[str]) -> dict[str, list]:
    return {name: [cols[name][i] for i in rows] for name in names}


def _by_date_and_ref(cols: Columns, rows: list[int]) -> list[int]:
    """Some rows' positions sorted by due date, then ref (ties kept in order, as a sort on both columns keeps them)."""
    dates, refs = cols["due_date"], cols["ref"]
    return sorted(rows, key=lambda i: (dates[i], refs[i]))


def progress(history: pd.DataFrame) -> pd.DataFrame:
    """Status counts per saved version (one column per status), dated: progress over time."""
    if history.empty:
        return pd.DataFrame(columns=["version_id", "date", *STATUSES])
    counts: dict[tuple, Counter] = {}
    for version, at, status, n in zip(
        *(history[c].tolist() for c in ("version_id", "created_at", "status", "actions"))
    ):
        counts.setdefault((version, at), Counter())[status] += n
    saved = sorted(counts)
    table = {"version_id": [v for v, _ in saved], "date": [str(at)[:10] for _, at in saved]}
    return pd.DataFrame({**table, **{s: [int(counts[k][s]) for k in saved] for s in STATUSES}})


def plan_csv(actions: pd.DataFrame) -> bytes:
    """The plan as a CSV file a spreadsheet opens safely (cells that would run as formulas are neutralised)."""
    return to_csv_bytes(actions)
