"""What an action plan shows: counts by status, what is overdue as of a date, a timeline, progress over versions.

Pure: the date a view is "as of" is always passed in, never read from the clock.
"""

from __future__ import annotations

import datetime as dt

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
}
NO_DUE_DATES = "no due dates"


def by_status(actions: pd.DataFrame) -> pd.DataFrame:
    counts = actions["status"].value_counts()
    return pd.DataFrame({"status": STATUSES, "actions": [int(counts.get(s, 0)) for s in STATUSES]})


def due_dates(actions: pd.DataFrame) -> list[dt.date | None]:
    """Each action's due date, or None where it has none: one type whatever the rows hold (a plan whose every
    deadline is N/A, TBC or blank included). A due date is kept as ISO text, as the store keeps it."""
    return [dt.date.fromisoformat(d) if d else None for d in actions["due_date"].fillna("").astype(str)]


def dated(actions: pd.DataFrame) -> int:
    """How many actions have a due date: with none, nothing can be overdue and the plan says so."""
    return sum(d is not None for d in due_dates(actions))


def overdue(actions: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Open actions (not completed, continuous or N/A) whose due date is before `as_of`, oldest first."""
    due = due_dates(actions)
    late = [d is not None and d < as_of for d in due]
    mask = pd.Series(late, index=actions.index, dtype=bool) & actions["status"].isin(OPEN_STATUSES)
    out = actions[mask].assign(days_overdue=[(as_of - d).days for d, m in zip(due, mask) if m])
    return out.sort_values(["due_date", "ref"]).reset_index(drop=True)


def timeline(actions: pd.DataFrame) -> pd.DataFrame:
    """Actions with a due date, in date order, labelled for a chart."""
    has_date = pd.Series([d is not None for d in due_dates(actions)], index=actions.index, dtype=bool)
    out = actions[has_date].copy()
    out["label"] = [f"{r} {a[:45] + '…' if len(a) > 45 else a}".strip() for r, a in zip(out["ref"], out["action"])]
    return out.sort_values(["due_date", "ref"]).reset_index(drop=True)


def progress(history: pd.DataFrame) -> pd.DataFrame:
    """Status counts per saved version (one column per status), dated: progress over time."""
    if history.empty:
        return pd.DataFrame(columns=["version_id", "date", *STATUSES])
    table = history.pivot_table(
        index=["version_id", "created_at"], columns="status", values="actions", aggfunc="sum", fill_value=0
    ).reset_index()
    for status in STATUSES:
        if status not in table:
            table[status] = 0
    table["date"] = table["created_at"].str[:10]
    return table[["version_id", "date", *STATUSES]]


def plan_csv(actions: pd.DataFrame) -> bytes:
    """The plan as a CSV file a spreadsheet opens safely (cells that would run as formulas are neutralised)."""
    return to_csv_bytes(actions)
