"""Action plans: deadlines, statuses, continuation rows, overdue as of a given date, progress."""

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from kpi.officers.plans import flow
from kpi.officers.plans import read as A
from kpi.officers.plans import views as V

EXAMPLE = Path(__file__).resolve().parents[3] / "data" / "examples" / "EXAMPLE_action_plan.csv"
KNOWN = {"core_spending_power", "non_ringfenced_reserves", "fte", "headcount", "asc_info_service_users"}


@pytest.mark.parametrize(
    "text,due",
    [
        ("July 2025", dt.date(2025, 7, 31)),
        ("March 2026", dt.date(2026, 3, 31)),
        ("2026", dt.date(2026, 12, 31)),
        ("Sept 2025", dt.date(2025, 9, 30)),
        ("end of February 2028", dt.date(2028, 2, 29)),
        ("2025/26", dt.date(2026, 3, 31)),
        ("31/07/2025", dt.date(2025, 7, 31)),
        ("2025-07-15", dt.date(2025, 7, 15)),
        ("N/A", None),
        ("", None),
        ("TBC", None),
        ("Ongoing", None),
    ],
)
def test_deadlines(text, due):
    assert A.parse_deadline(text) == due


@pytest.mark.parametrize("bad", ["soon", "Q5", "Julember 2025"])
def test_bad_deadlines(bad):
    with pytest.raises(A.DeadlineError):
        A.parse_deadline(bad)


@pytest.mark.parametrize(
    "text,status",
    [
        ("Completed", "Completed"),
        ("complete", "Completed"),
        ("Almost completed", "Almost completed"),
        ("nearly complete", "Almost completed"),
        ("Ongoing", "Ongoing"),
        ("in progress", "Ongoing"),
        ("Not completed", "Ongoing"),
        ("Continuous", "Continuous"),
        ("business as usual", "Continuous"),
        ("Not started", "Not started"),
        ("not yet started", "Not started"),
        ("N/A", "N/A"),
        ("n/a", "N/A"),
        ("", "N/A"),
        ("banana", None),
    ],
)
def test_statuses(text, status):
    assert A.normalise_status(text) == status


def test_example_plan_reads_with_continuation_rows():
    plan = A.parse_plan(EXAMPLE.read_bytes(), EXAMPLE.name, known_metrics=KNOWN)
    assert plan.ok, plan.problem_table()
    acts = plan.actions
    assert acts["ref"].tolist() == ["1", "1", "2", "3", "3", "4", "5"]
    assert acts.loc[1, "recommendation"] == acts.loc[0, "recommendation"]
    assert acts.loc[5, ["status_text", "status"]].tolist() == ["in progress", "Ongoing"]
    assert acts.loc[2, ["deadline_text", "due_date"]].tolist() == ["2026", "2026-12-31"]
    assert all("EXAMPLE" in a for a in acts["action"])


def test_overdue_depends_on_the_date_given():
    acts = A.parse_plan(EXAMPLE.read_bytes(), EXAMPLE.name, known_metrics=KNOWN).actions
    assert V.overdue(acts, dt.date(2025, 7, 1)).empty
    late = V.overdue(acts, dt.date(2026, 4, 1))
    # July 2025 is completed; Sept 2025 (not started), March 2026 and 2025/26 (ongoing) are overdue.
    assert late["due_date"].tolist() == ["2025-09-30", "2026-03-31", "2026-03-31"]
    assert late["days_overdue"].tolist() == [183, 1, 1]
    assert len(V.overdue(acts, dt.date(2027, 1, 1))) == 4  # + the 2026 reserves action (almost completed)


def test_the_overview_charts_in_words_and_as_tables():
    """Each chart of the overview has its words (its alternative text) and its figures as a table: the timeline's
    dated actions in date order, and the status counts at each saved version."""
    acts = A.parse_plan(EXAMPLE.read_bytes(), EXAMPLE.name, known_metrics=KNOWN).actions.drop(columns="_excel_row")
    history = pd.DataFrame(
        {
            "version_id": [1, 1, 2, 2],
            "created_at": ["2025-05-01T10:00:00Z"] * 2 + ["2025-09-01T10:00:00Z"] * 2,
            "status": ["Ongoing", "Completed", "Completed", "N/A"],
            "actions": [2, 1, 3, 1],
        }
    )
    view = flow.overview(acts, 2, dt.date(2026, 4, 1), history)
    shown = view.timeline_shown()
    assert list(shown.columns) == ["Ref", "Action", "Deadline", "Due", "Status"]
    assert shown["Due"].tolist() == sorted(shown["Due"]) and len(shown) == view.dated == 5
    assert view.timeline_summary == (
        "5 of the plan's 7 actions due from 2025-07-31 to 2026-12-31; 3 of them overdue as of 01 April 2026."
    )
    progress = view.progress_shown()
    assert progress[["Version", "Saved on", "Completed", "Ongoing", "N/A"]].values.tolist() == [
        [1, "2025-05-01", 1, 2, 0],
        [2, "2025-09-01", 3, 0, 1],
    ]
    assert view.progress_summary == (
        "Actions by status at each of the plan's 2 saved version(s); in version 2 (2025-09-01): 3 completed, 1 N/A."
    )
    alone = flow.overview(acts, 1, dt.date(2026, 4, 1))  # without its history: no versions to chart
    assert alone.progress.empty and alone.progress_summary == "No saved version of the plan yet."


@pytest.mark.parametrize("deadline", ["N/A", "TBC", "Ongoing", ""])
def test_a_plan_with_no_due_dates_has_nothing_overdue(deadline):
    """With no date in the column, the due dates are still one type: nothing is overdue, nothing is on the
    timeline, and the overview says the plan has no due dates (this raised TypeError: Invalid comparison)."""
    text = f"Ref,Recommendation,Response and action,Deadline,Status\n1,r,a,{deadline},Ongoing\n"
    acts = A.parse_plan(text.encode(), "p.csv", known_metrics=KNOWN).actions
    assert V.due_dates(acts) == [None] and V.dated(acts) == 0
    assert V.overdue(acts, dt.date(2030, 1, 1)).empty and V.timeline(acts).empty
    view = flow.overview(acts.drop(columns="_excel_row"), 1, dt.date(2030, 1, 1))
    assert "**No due dates**" in view.summary and "overdue" not in view.summary
    assert list(view.overdue_shown().columns) == [V.HEADINGS[c] for c in flow.OVERDUE_COLUMNS]


def test_problems_are_named_and_nothing_is_returned_as_ok():
    text = (
        "Ref,Recommendation,Response and action,Deadline,Status,Metrics\n"
        "1,Example,Do it,soonish,Completed,\n2,Example,Do more,2026,banana,fte;nope\n"
    )
    plan = A.parse_plan(text.encode(), "p.csv", known_metrics=KNOWN)
    assert [(p.row, p.column) for p in plan.problems] == [(2, "deadline"), (3, "status"), (3, "metric_ids")]
    assert not plan.ok
    missing = A.parse_plan(b"Ref,Action\n1,x\n", "p.csv", known_metrics=KNOWN)
    assert {p.column for p in missing.problems} == {"recommendation", "deadline_text", "status_text"}


def test_edits_keep_original_wording_unless_status_changed():
    acts = A.parse_plan(EXAMPLE.read_bytes(), EXAMPLE.name, known_metrics=KNOWN).actions.drop(columns="_excel_row")
    edited = acts.copy()
    edited.loc[3, "status"] = "Completed"
    checked = A.apply_edits(edited, known_metrics=KNOWN)
    assert checked.ok
    assert checked.actions.loc[3, ["status_text", "status"]].tolist() == ["Completed", "Completed"]
    assert checked.actions.loc[5, ["status_text", "status"]].tolist() == ["in progress", "Ongoing"]


def test_by_status_and_progress():
    acts = A.parse_plan(EXAMPLE.read_bytes(), EXAMPLE.name, known_metrics=KNOWN).actions
    assert V.by_status(acts).set_index("status")["actions"].to_dict() == {
        "Completed": 1,
        "Almost completed": 1,
        "Ongoing": 2,
        "Continuous": 1,
        "Not started": 1,
        "N/A": 1,
    }
    history = pd.DataFrame(
        {
            "version_id": [1, 1, 2],
            "created_at": ["2025-05-01T10:00:00Z"] * 2 + ["2025-09-01T10:00:00Z"],
            "status": ["Ongoing", "Completed", "Completed"],
            "actions": [2, 1, 3],
        }
    )
    prog = V.progress(history)
    assert prog[["date", "Completed", "Ongoing"]].values.tolist() == [["2025-05-01", 1, 2], ["2025-09-01", 3, 0]]


def test_overlong_cells_are_reported():
    text = "Ref,Recommendation,Response and action,Deadline,Status\n" + "R" * 41 + ",Example,Do it,2026,Completed\n"
    plan = A.parse_plan(text.encode(), "p.csv", known_metrics=KNOWN)
    assert [(p.row, p.column, p.expected) for p in plan.problems] == [(2, "ref", "at most 40 characters")]


def test_plan_with_a_title_row_above_the_header():
    text = (
        "EXAMPLE peer challenge action plan,,,,\nRef,Recommendation,Response and action,Deadline,Status\n"
        "1,Example,Do it,June 2026,Ongoing\n"
    )
    plan = A.parse_plan(text.encode(), "p.csv", known_metrics=KNOWN)
    assert plan.ok and plan.actions.loc[0, "_excel_row"] == 3 and plan.actions.loc[0, "due_date"] == "2026-06-30"
