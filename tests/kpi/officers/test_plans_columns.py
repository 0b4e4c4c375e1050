"""Action plans as councils write them: columns found by header words or content, a mapping when they cannot be,
and merged-cell layouts from Word or Excel read as continuation rows."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from kpi.officers.plans import read as A
from kpi.officers.plans.views import overdue

KNOWN = {"fte", "headcount"}
ROWS = [
    ("1", "EXAMPLE recommendation one", "EXAMPLE action a", "July 2025", "Completed"),
    ("2", "EXAMPLE recommendation two", "EXAMPLE action b", "March 2026", "Ongoing"),
]


def plan_csv(header: list[str], rows=ROWS) -> bytes:
    lines = [",".join(header), *(",".join(r) for r in rows)]
    return ("\n".join(lines) + "\n").encode()


def read(data: bytes, name="p.csv", **kw):
    return A.parse_plan(data, name, known_metrics=KNOWN, **kw)


STANDARD = ["Ref", "Recommendation", "Response and action", "Deadline", "Status"]


@pytest.mark.parametrize(
    "position,header",
    [
        *((4, h) for h in ("Status", "Completed", "Progress", "RAG", "Current position", "RAG status")),
        *((3, h) for h in ("Deadline", "Due", "Target date", "Timescale", "Due date", "Timescales")),
        *((2, h) for h in ("Response", "Action", "Response and action", "Management response", "Agreed actions")),
        *((1, h) for h in ("Recommendation", "Recommendations", "Key findings")),
    ],
)
def test_columns_are_recognised_by_their_header_words(position, header):
    names = list(STANDARD)
    names[position] = header
    plan = read(plan_csv(names))
    assert plan.ok, plan.problem_table()
    assert plan.actions["status"].tolist() == ["Completed", "Ongoing"]
    assert plan.actions["due_date"].tolist() == ["2025-07-31", "2026-03-31"]


def test_a_plan_whose_status_column_is_headed_completed_shows_what_is_overdue():
    """The issue's 'done when': Ref, Recommendation, Management response, Target date, Completed."""
    header = ["Ref", "Recommendation", "Management response", "Target date", "Completed"]
    rows = [
        ("1", "EXAMPLE recommendation", "EXAMPLE action a", "31/07/2025", "Yes"),
        ("", "", "EXAMPLE action b", "September 2025", "No"),
        ("2", "EXAMPLE recommendation two", "EXAMPLE action c", "2025/26", "Partially"),
        ("3", "EXAMPLE recommendation three", "EXAMPLE action d", "2027", "Not started"),
    ]
    plan = read(plan_csv(header, rows))
    assert plan.ok, plan.problem_table()
    assert plan.actions["status"].tolist() == ["Completed", "Ongoing", "Ongoing", "Not started"]
    assert plan.actions["status_text"].tolist() == ["Yes", "No", "Partially", "Not started"]
    late = overdue(plan.actions, dt.date(2026, 4, 1))
    assert late["action"].tolist() == ["EXAMPLE action b", "EXAMPLE action c"]


def test_a_status_column_is_found_by_its_content():
    header = ["Ref", "Recommendation", "Response and action", "Deadline", "Where we are"]
    plan = read(plan_csv(header))
    assert plan.ok and plan.mapping["status_text"] == "where_we_are"


def test_a_deadline_column_is_found_by_its_content():
    header = ["Ref", "Recommendation", "Response and action", "By", "Status"]
    plan = read(plan_csv(header))
    assert plan.ok and plan.mapping["deadline_text"] == "by"


def test_of_two_status_columns_the_one_holding_statuses_wins():
    header = ["Ref", "Recommendation", "Response and action", "Deadline", "Progress update", "RAG"]
    rows = [(*r[:4], "Work began in May with the team", r[4]) for r in ROWS]
    plan = read(plan_csv(header, rows))
    assert plan.ok and plan.mapping["status_text"] == "rag"


def test_an_action_owner_column_is_not_taken_for_the_action():
    header = ["Ref", "Recommendation", "Action owner", "Agreed action", "Deadline", "Status"]
    rows = [(r[0], r[1], "EXAMPLE officer", *r[2:]) for r in ROWS]
    plan = read(plan_csv(header, rows))
    assert plan.ok and plan.actions["action"].tolist() == ["EXAMPLE action a", "EXAMPLE action b"]


def test_unidentified_columns_come_back_with_best_guesses_and_the_choice_is_applied():
    header = ["Ref", "Finding", "What we will do", "Target", "Where we are"]
    first = read(plan_csv(header))
    assert first.unidentified == ("action",) and not first.ok
    assert [(p.row, p.column) for p in first.problems] == [(1, "action")]
    assert first.mapping["action"] == "what_we_will_do" and first.mapping["deadline_text"] == "target"
    assert first.columns["what_we_will_do"] == "What we will do"
    chosen = read(plan_csv(header), mapping={"action": "what_we_will_do"})
    assert chosen.ok, chosen.problem_table()
    assert chosen.actions["action"].tolist() == ["EXAMPLE action a", "EXAMPLE action b"]


def test_a_mapping_naming_a_column_the_file_lacks_is_ignored():
    plan = read(plan_csv(["Ref", "Finding", "What we will do", "Target", "Where we are"]), mapping={"action": "nope"})
    assert plan.unidentified == ("action",)


def merged_workbook() -> bytes:
    """A plan pasted from a Word table: each recommendation's Ref and text in cells merged down its actions."""
    book = Workbook()
    sheet = book.active
    sheet.append(STANDARD)
    sheet.append(["1", "EXAMPLE recommendation one", "EXAMPLE action a", "July 2025", "Completed"])
    sheet.append([None, None, "EXAMPLE action b", "March 2026", "Not delivered"])
    sheet.append([None, None, "EXAMPLE action c", "2026", "Ongoing"])
    sheet.append(["2", "EXAMPLE recommendation two", None, None, None])  # a heading row over its actions
    sheet.append([None, None, "EXAMPLE action d", "June 2026", "Not started"])
    for column in "AB":
        sheet.merge_cells(f"{column}2:{column}4")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_merged_cells_from_word_import_as_continuation_rows():
    plan = read(merged_workbook(), "plan.xlsx")
    assert plan.ok, plan.problem_table()
    acts = plan.actions
    assert acts["ref"].tolist() == ["1", "1", "1", "2"]
    assert acts["recommendation"].tolist()[:3] == ["EXAMPLE recommendation one"] * 3
    assert acts["action"].tolist() == [f"EXAMPLE action {c}" for c in "abcd"]
    assert acts["_excel_row"].tolist() == [2, 3, 4, 6]
    assert overdue(acts, dt.date(2026, 4, 1))["action"].tolist() == ["EXAMPLE action b"]


def test_a_recommendation_with_no_action_yet_is_kept():
    rows = [ROWS[0], ("2", "EXAMPLE recommendation two", "", "", "")]
    plan = read(plan_csv(STANDARD, rows))
    assert plan.ok and len(plan.actions) == 2 and plan.actions["status"].tolist()[1] == "N/A"
