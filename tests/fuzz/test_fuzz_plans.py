"""Any action plan through the Action plans page's own calls: actions with real statuses and due dates, or every
problem with its row and column (or the columns left for the officer to choose); never another exception, never a
write unless the plan was clean, and an export no spreadsheet runs as a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import event, given
from hypothesis import strategies as st

from charts.plans import plan_figures
from kpi.officers.access import LOCAL, Access
from kpi.officers.files.tabular import FileRejected
from kpi.officers.plans import flow
from kpi.officers.plans import read as A
from kpi.officers.plans.cells import FIRST_YEAR, LAST_YEAR
from kpi.officers.plans.views import HEADINGS, plan_csv
from tests.fuzz.strategies import csv_file, nearly_good_plan, plan_table, xlsx_file

KNOWN = {"fte", "headcount", "core_spending_power"}
AREA = "E09000002"
RECENT_VERSIONS = 12
LOCAL_USER = Access(LOCAL, "local user", None)


def page_flow(data: bytes, name: str, plans):
    before = plans.head(AREA)
    try:
        parsed = flow.read_plan(data, name, len(data), KNOWN)
    except FileRejected as exc:
        event("refused whole")
        assert str(exc) and plans.head(AREA) == before
        return
    if parsed.unidentified:
        assert set(parsed.unidentified) <= set(A.NEEDED) and set(parsed.mapping.values()) <= set(parsed.columns)
        assert parsed.problems and not parsed.ok
        parsed = flow.read_plan(data, name, len(data), KNOWN, mapping=parsed.mapping)  # the guesses, as chosen
    event("problems" if parsed.problems else "clean")
    if parsed.problems:
        for problem in parsed.problems:
            assert isinstance(problem.row, int) and problem.row >= 1 and problem.column, problem
        assert plans.head(AREA) == before
        return
    check_clean(parsed.actions)
    saved = flow.save_import(plans, AREA, parsed, data=data, file_name=name, access=LOCAL_USER, expected_head=before)
    assert plans.head(AREA) == (saved.version_id if saved.version_id else before)  # the same plan again: no-op
    drawn_by_the_page(plans)
    edited = A.apply_edits(parsed.actions.drop(columns="_excel_row"), known_metrics=KNOWN)
    assert edited.ok and edited.actions["status"].tolist() == parsed.actions["status"].tolist()


def drawn_by_the_page(plans) -> None:
    """What the Action plans page's overview draws for the saved plan, as of dates before, inside and after its
    deadlines: the overview with its overdue table, the timeline and the progress charts (never an exception)."""
    head = plans.head(AREA)
    plan = plans.current_actions(AREA)
    # Progress over the plan's last versions: the fuzz run saves thousands of versions of one council's plan, and
    # drawing all of them for every example would measure the run's own history, not the plan just accepted.
    history = plans.action_history(AREA)
    history = history[history["version_id"] > head - RECENT_VERSIONS]
    for as_of in (dt.date(2000, 1, 1), dt.date(2026, 6, 30), dt.date(2100, 1, 1)):
        view = flow.overview(plan, head, as_of, history)
        assert view.dated == sum(d != "" for d in plan["due_date"])
        assert list(view.overdue_shown().columns) == [HEADINGS[c] for c in flow.OVERDUE_COLUMNS]
        assert len(view.overdue) <= view.dated and (view.dated or "no due dates" in view.summary.lower())
        assert (view.overdue["days_overdue"] > 0).all()
        timeline, progress = plan_figures(plan, view.progress, "EXAMPLE council", as_of.isoformat())
        assert sum(len(t.x) for t in timeline.data) == view.dated == len(view.timeline_shown())
        # Every version shown counted; one version is no progress, and has no chart.
        assert (
            sum(sum(t.y) for t in progress.data if t.name in A.STATUSES) if len(view.progress) > 1 else progress is None
        )
        assert view.progress_shown()["Version"].tolist() == sorted(set(history["version_id"]))
        assert f"in version {head} " in view.progress_summary and view.timeline_summary
    event("drawn with no due dates" if not view.dated else "drawn with due dates")


def check_clean(actions) -> None:
    assert not actions.empty
    assert set(actions["status"]) <= set(A.STATUSES)
    for due in actions["due_date"]:
        assert due == "" or FIRST_YEAR <= dt.date.fromisoformat(due).year <= LAST_YEAR
    for column, limit in A.LIMITS.items():
        assert actions[column].str.len().max() <= limit
    assert all(set(m.split(";")) <= KNOWN for m in actions["metric_ids"] if m)
    for row in csv.reader(io.StringIO(plan_csv(actions).decode("utf-8-sig"))):
        assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in row), row


@given(data=st.binary(max_size=4096), name=st.sampled_from(["plan.csv", "plan.xlsx"]))
def test_any_bytes(plans, data, name):
    page_flow(data, name, plans)


@given(data=csv_file(plan_table()))
def test_generated_plans(plans, data):
    page_flow(data, "plan.csv", plans)


@given(data=xlsx_file(plan_table()))
def test_generated_plan_workbooks(plans, data):
    page_flow(data, "plan.xlsx", plans)


@given(data=csv_file(nearly_good_plan()))
def test_nearly_good_plans_are_saved_only_when_clean(plans, data):
    page_flow(data, "plan.csv", plans)
