"""The steps of keeping a council's action plan: overview as of a date, import, edit, history and restore.

Each step returns what the page shows; the repository is passed in, never opened here, and the date a view is
"as of" is always given, never read from the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from kpi.core.versions import CHANGE_COLUMNS, VERSION_COLUMNS
from kpi.officers.access import Access
from kpi.officers.files.history import restorable
from kpi.officers.files.tabular import EXCEL_ROW, check_upload, sha256
from kpi.officers.plans import read as A
from kpi.officers.plans import views as V
from kpi.storage.db import WriteResult
from kpi.storage.plans import PlanStore

HISTORY_COLUMNS = [*VERSION_COLUMNS, *CHANGE_COLUMNS]  # a plan's history does not list a file's SHA-256
OVERDUE_COLUMNS = V.OVERDUE_COLUMNS
TIMELINE_COLUMNS = V.TIMELINE_COLUMNS[:-1]  # as the timeline's table shows them (without the status as written)


def _in_words(counts: Iterable[tuple[str, int]]) -> str:
    """Counts by status in words ("2 ongoing, 1 N/A"), leaving out the statuses no action has."""
    return ", ".join(f"{n} {s if s == 'N/A' else s.lower()}" for s, n in counts if n)


@dataclass(frozen=True)
class Overview:
    plan: pd.DataFrame
    head: int
    as_of: dt.date
    overdue: pd.DataFrame  # OVERDUE_COLUMNS, oldest first
    counts: pd.DataFrame  # status, actions
    timeline: pd.DataFrame
    linked: tuple  # the plan's index labels of the actions linked to at least one measure
    dated: int  # actions with a due date: with none, nothing can be overdue
    progress: pd.DataFrame  # status counts at each saved version (views.progress), empty if not given

    @property
    def summary(self) -> str:
        parts = _in_words(zip(self.counts["status"], self.counts["actions"]))
        if not self.dated:
            return f"**{len(self.plan)} actions** in version {self.head}: {parts}. **{V.NO_DUE_DATES.capitalize()}**."
        return (
            f"**{len(self.plan)} actions** in version {self.head}: {parts}. **{len(self.overdue)} overdue** as "
            f"of {self.as_of:%d %B %Y}."
        )

    def overdue_shown(self) -> pd.DataFrame:
        """The overdue actions under the headings the page and the pack use."""
        return self.overdue.rename(columns=V.HEADINGS)

    @cached_property
    def timeline_summary(self) -> str:
        """The timeline chart in words (its alternative text)."""
        due = self.timeline["due_date"].tolist()
        if not due:
            return f"The plan has {V.NO_DUE_DATES}."
        span = f"due on {due[0]}" if len(due) == 1 else f"due from {due[0]} to {due[-1]}"
        return (
            f"{len(due)} of the plan's {len(self.plan)} actions {span}; {len(self.overdue)} of them overdue as of "
            f"{self.as_of:%d %B %Y}."
        )

    def timeline_shown(self) -> pd.DataFrame:
        """The timeline chart's figures as a table: each action with a due date, in date order."""
        return self.timeline[TIMELINE_COLUMNS].rename(columns=V.HEADINGS)

    @cached_property
    def progress_summary(self) -> str:
        """The progress chart in words (its alternative text): how many versions, and the latest one's counts."""
        if self.progress.empty:
            return "No saved version of the plan yet."
        latest = self.progress.iloc[-1]
        return (
            f"Actions by status at each of the plan's {len(self.progress)} saved version(s); in version "
            f"{int(latest['version_id'])} ({latest['date']}): "
            f"{_in_words((s, int(latest[s])) for s in A.STATUSES) or 'no actions'}."
        )

    def progress_shown(self) -> pd.DataFrame:
        """The progress chart's figures as a table: status counts at each saved version."""
        return self.progress.rename(columns=V.HEADINGS)


def overview(plan: pd.DataFrame, head: int, as_of: dt.date, history: pd.DataFrame | None = None) -> Overview:
    """What the plan's overview shows as of a date; `history` (PlanStore.action_history) gives its progress."""
    cols = V.columns(plan)
    due = V.due_dates(cols)
    return Overview(
        plan,
        head,
        as_of,
        V.overdue(cols, as_of, due),
        V.by_status(cols),
        V.timeline(cols, due),
        tuple(plan.index[i] for i, ids in enumerate(cols["metric_ids"]) if ids),
        V.dated(cols, due),
        V.progress(history if history is not None else V.NO_HISTORY),
    )


def linked_metrics(plan: pd.DataFrame, index: int, known: set[str]) -> list[str]:
    """The measures an action names that the catalogue knows."""
    return [m for m in plan.at[index, "metric_ids"].split(";") if m in known]


def read_plan(
    data: bytes, name: str, size: int, known: set[str], *, mapping: dict[str, str] | None = None
) -> A.ParsedPlan:
    """Check the file's type and size, then read it (`mapping`: the columns the officer chose, field -> column)."""
    check_upload(name, size)
    return A.parse_plan(data, name, known_metrics=known, mapping=mapping)


def save_import(
    plans: PlanStore,
    area: str,
    parsed: A.ParsedPlan,
    *,
    data: bytes,
    file_name: str,
    access: Access,
    expected_head: int,
) -> WriteResult:
    return plans.write_actions(
        area,
        parsed.actions.drop(columns=EXCEL_ROW),
        who=access.who,
        kind="import",
        file_name=file_name,
        sha256=sha256(data),
        expected_head=expected_head,
    )


def save_edits(
    plans: PlanStore, area: str, checked: A.ParsedPlan, *, access: Access, expected_head: int
) -> WriteResult:
    return plans.write_actions(
        area, checked.actions.drop(columns=EXCEL_ROW), who=access.who, kind="edit", expected_head=expected_head
    )


def history(plans: PlanStore, area: str, head: int) -> tuple[pd.DataFrame, tuple[int, ...]]:
    """The plan's versions as listed, and those that can be restored."""
    versions = plans.versions(area)
    if versions.empty:
        return versions, ()
    return versions[HISTORY_COLUMNS], restorable(versions, head)


def restore(plans: PlanStore, area: str, version: int, *, access: Access, expected_head: int) -> WriteResult:
    return plans.rollback_actions(area, int(version), who=access.who, expected_head=expected_head)
