"""The steps of keeping a council's action plan: overview as of a date, import, edit, history and restore.

Each step returns what the page shows; the repository is passed in, never opened here, and the date a view is
"as of" is always given, never read from the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
OVERDUE_COLUMNS = ["ref", "action", "deadline_text", "due_date", "status", "status_text", "days_overdue"]


@dataclass(frozen=True)
class Overview:
    plan: pd.DataFrame
    head: int
    as_of: dt.date
    overdue: pd.DataFrame  # OVERDUE_COLUMNS, oldest first
    counts: pd.DataFrame  # status, actions
    timeline: pd.DataFrame
    linked: pd.DataFrame  # actions linked to at least one measure
    dated: int  # actions with a due date: with none, nothing can be overdue

    @property
    def summary(self) -> str:
        parts = ", ".join(
            f"{n} {s.lower() if s != 'N/A' else 'N/A'}"
            for s, n in zip(self.counts["status"], self.counts["actions"])
            if n
        )
        if not self.dated:
            return f"**{len(self.plan)} actions** in version {self.head}: {parts}. **{V.NO_DUE_DATES.capitalize()}**."
        return (
            f"**{len(self.plan)} actions** in version {self.head}: {parts}. **{len(self.overdue)} overdue** as "
            f"of {self.as_of:%d %B %Y}."
        )

    def overdue_shown(self) -> pd.DataFrame:
        """The overdue actions under the headings the page and the pack use."""
        return self.overdue.rename(columns=V.HEADINGS)

    def counts_shown(self) -> pd.DataFrame:
        return self.counts.rename(columns=V.HEADINGS)


def overview(plan: pd.DataFrame, head: int, as_of: dt.date) -> Overview:
    late = V.overdue(plan, as_of)
    return Overview(
        plan,
        head,
        as_of,
        late[OVERDUE_COLUMNS] if not late.empty else late.reindex(columns=OVERDUE_COLUMNS),
        V.by_status(plan),
        V.timeline(plan),
        plan[plan["metric_ids"] != ""],
        V.dated(plan),
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
