"""The evidence pack's action plan: counts by status, what is overdue as of the pack's date, and the actions
linked to each measure. Pure: the plan and the date it is read "as of" are passed in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from kpi.officers.plans import views as plan_views
from kpi.storage.plans import PlanStore
from kpi.views.pack.tables import Table


@dataclass(frozen=True)
class PlanInput:
    """A council's action plan as stored: its actions and the version they come from."""

    actions: pd.DataFrame
    version: int
    saved_at: str
    saved_by: str


def plan_input(plans: PlanStore, area_code: str) -> PlanInput | None:
    """The council's current action plan, or None if it has none."""
    head = plans.head(area_code)
    if not head:
        return None
    versions = plans.versions(area_code)
    row = versions[versions["version_id"] == head].iloc[0]
    return PlanInput(plans.actions_at(head), head, str(row["created_at"])[:10], str(row["created_by"]))


@dataclass(frozen=True)
class PlanPart:
    intro: str
    counts: Table
    overdue: Table | None
    overdue_text: str


def linked_actions(plan: PlanInput | None, spec, area_name: str) -> Table | None:
    """The actions of the plan that name this measure."""
    if plan is None or plan.actions.empty:
        return None
    ids = plan.actions["metric_ids"].fillna("").astype(str).str.split(";")
    linked = plan.actions[[spec.metric_id in [i.strip() for i in found] for found in ids]]
    if linked.empty:
        return None
    rows = tuple((r["ref"], r["action"], r["deadline_text"], r["status"]) for r in linked.to_dict("records"))
    caption = f"Actions in {area_name}'s action plan linked to this measure"
    return Table(caption, ("Ref", "Action", "Deadline", "Status"), rows)


def plan_part(plan: PlanInput | None, area_name: str, as_of: dt.date) -> tuple[PlanPart | None, str]:
    if plan is None:
        return None, f"No action plan for {area_name} is held in the dashboard."
    actions = plan.actions
    counts = plan_views.by_status(actions)
    intro = (
        f"Version {plan.version} of {area_name}'s action plan (council-supplied), saved on {plan.saved_at} by "
        f"{plan.saved_by}: {len(actions)} actions."
    )
    count_table = Table(
        "Actions by status",
        (plan_views.HEADINGS["status"], plan_views.HEADINGS["actions"]),
        tuple((str(s), str(n)) for s, n in zip(counts["status"], counts["actions"])),
        row_headers=True,
    )
    late = plan_views.overdue(actions, as_of)
    when = f"{as_of.day} {as_of:%B %Y}"
    if not plan_views.dated(actions):
        text = f"The plan has {plan_views.NO_DUE_DATES}: no action's deadline is a date, so none can be overdue."
        return PlanPart(intro, count_table, None, text), ""
    if late.empty:
        return PlanPart(intro, count_table, None, f"No action was overdue as of {when}."), ""
    columns = ("ref", "action", "deadline_text", "due_date", "status", "days_overdue")
    rows = tuple(tuple(str(r[c]) for c in columns) for r in late.to_dict("records"))
    headings = tuple(plan_views.HEADINGS[c] for c in columns)
    table = Table(f"Actions overdue as of {when}", headings, rows)
    text = f"{len(late)} action{'s were' if len(late) != 1 else ' was'} overdue as of {when}: not completed, "
    text += "continuous or N/A, and due before that date."
    return PlanPart(intro, count_table, table, text), ""
