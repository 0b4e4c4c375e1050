"""Productivity-plan and peer-challenge action plans: reading them, normalising deadlines and statuses.

Pure: the date a view is "as of" is always passed in, never read from the clock.

Conventions (also in the README and on the page):
* statuses and deadlines are read as kpi.officers.plans.cells describes; the original wording is always kept beside
  the normalised status and the due date. A status that fits none, or a deadline that is no real date, is reported
  with its row, and the plan is not imported.
* columns are found by their header words or their content (kpi.officers.plans.columns); a plan whose columns cannot
  all be identified comes back with `unidentified` fields and best guesses, for the officer to choose.
* a row with no Ref of its own continues the recommendation above it, as merged cells in a Word or Excel table do;
  a row carrying only a Ref and a recommendation, followed by such rows, heads them and is not an action itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from kpi.core.schema import Problem
from kpi.officers.files.tabular import EXCEL_ROW, HEADERS_ATTR, read_table
from kpi.officers.plans.cells import (
    ALMOST,
    COMPLETED,
    CONTINUOUS,
    NA,
    NOT_STARTED,
    ONGOING,
    STATUSES,
    ActionStatus,
    DeadlineError,
    normalise_status,
    parse_deadline,
)
from kpi.officers.plans.columns import FIELDS, HEADERS, LABELS, NEEDED, known_header, recognise
from kpi.storage.db import ACTION_COLUMNS
from kpi.storage.db import actions as actions_table

__all__ = ["ActionStatus", "COMPLETED", "ALMOST", "ONGOING", "CONTINUOUS", "NOT_STARTED", "NA", "STATUSES"]
__all__ += ["DeadlineError", "normalise_status", "parse_deadline", "HEADERS", "parse_plan", "apply_edits"]
OPEN_STATUSES = (ALMOST, ONGOING, NOT_STARTED)  # can be overdue; Continuous has no end, N/A no deadline
COLUMNS = ACTION_COLUMNS
# Text cells as long as the database stores them (the table's column lengths), checked before anything is written.
LIMITS = {
    c.name: c.type.length for c in actions_table.c if c.name in ("ref", "deadline_text", "status_text", "metric_ids")
}
TEXT_FIELDS = FIELDS
DEADLINE_FORMS = "a month and year (July 2025), a year (2026), a financial year (2025/26), a date (31/07/2025) or N/A"


@dataclass(frozen=True)
class ParsedPlan:
    actions: pd.DataFrame  # COLUMNS plus _excel_row
    problems: list[Problem]
    columns: dict[str, str] = field(default_factory=dict)  # the file's columns: normalised name -> as written
    mapping: dict[str, str] = field(default_factory=dict)  # field -> column used, or the best guess if unidentified
    unidentified: tuple[str, ...] = ()  # needed fields no column could be found for: the officer chooses

    @property
    def ok(self) -> bool:
        return not self.problems and not self.actions.empty

    def problem_table(self) -> pd.DataFrame:
        return pd.DataFrame([p.as_dict() for p in self.problems], columns=["row", "column", "value", "expected"])


def _empty() -> pd.DataFrame:
    return pd.DataFrame(columns=[*COLUMNS, EXCEL_ROW])


def normalise_plan(frame: pd.DataFrame, *, known_metrics: set[str], yes_no: bool = False) -> ParsedPlan:
    """Cells by field (ref, recommendation, action, deadline_text, status_text, metric_ids, _excel_row) ->
    normalised actions; continuation rows take the Ref and recommendation above."""
    missing = [c for c in NEEDED if c not in frame]
    if missing:
        found = ", ".join(c for c in frame.columns if c != EXCEL_ROW)
        expected = f"columns like Ref, Recommendation, Response and action, Deadline, Status (found: {found})"
        return ParsedPlan(_empty(), [Problem(1, c, "(missing column)", expected) for c in missing])
    problems: list[Problem] = []
    rows, last = [], {"ref": "", "recommendation": ""}
    records = [
        (int(rec[EXCEL_ROW]), {k: str(rec.get(k, "") or "").strip() for k in TEXT_FIELDS})
        for rec in frame.to_dict("records")
    ]
    for i, (row, text) in enumerate(records):
        following = records[i + 1][1] if i + 1 < len(records) else None
        if _heads_the_rows_below(text, following):
            _carry(text, last, row, problems)
            continue
        _carry(text, last, row, problems)
        rows.append(_action(text, row, known_metrics, problems, yes_no))
    actions = pd.DataFrame(rows, columns=[*COLUMNS, EXCEL_ROW])
    if actions.empty and not problems:
        problems.append(Problem(2, "(all)", "(no rows)", "at least one action"))
    return ParsedPlan(actions, problems)


def _heads_the_rows_below(text: dict, following: dict | None) -> bool:
    """A Ref and recommendation with no action, deadline or status, over rows that continue it (merged cells)."""
    if not (text["ref"] or text["recommendation"]) or text["action"] or text["deadline_text"] or text["status_text"]:
        return False
    return following is not None and not following["ref"] and not following["recommendation"]


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


def _action(text: dict, row: int, known_metrics: set[str], problems: list[Problem], yes_no: bool) -> dict:
    """One action with its status, due date and measures read; problems recorded with the row."""
    status = normalise_status(text["status_text"], yes_no=yes_no)
    if status is None:
        expected = "a status such as " + ", ".join(STATUSES) + (" (or Yes / No)" if yes_no else "")
        problems.append(Problem(row, "status", text["status_text"][:200], expected))
    try:
        due = parse_deadline(text["deadline_text"])
    except DeadlineError:
        problems.append(Problem(row, "deadline", text["deadline_text"][:200], DEADLINE_FORMS))
        due = None
    metrics = [m.strip().lower() for m in re.split(r"[;,\s]+", text["metric_ids"]) if m.strip()]
    unknown = [m for m in metrics if m not in known_metrics]
    if unknown:
        expected = f"metric ids from Data and methods, separated by ; (unknown: {', '.join(unknown[:10])[:300]})"
        problems.append(Problem(row, "metric_ids", text["metric_ids"][:200], expected))
    return {
        **text,
        "due_date": due.isoformat() if due else "",
        "status": status or "",
        "metric_ids": ";".join(metrics),
        EXCEL_ROW: row,
    }


def parse_plan(
    data: bytes, filename: str, *, known_metrics: set[str], mapping: dict[str, str] | None = None
) -> ParsedPlan:
    """Read a plan file; `mapping` (field -> column name) is the officer's choice from the mapping step."""
    raw = read_table(data, filename, header_names=known_header)
    written = dict(raw.attrs.get(HEADERS_ATTR, {}))
    found = recognise(raw, chosen=mapping)
    if found.unidentified:
        listed = ", ".join(written.get(c, c) for c in written) or "none"
        problems = [
            Problem(1, f, "(no column found)", f"a column for {LABELS[f]} (the file's columns: {listed[:300]})")
            for f in found.unidentified
        ]
        return ParsedPlan(_empty(), problems, written, {**found.mapping, **found.guesses}, found.unidentified)
    fields = pd.DataFrame({f: raw[c] for f, c in found.mapping.items()}, index=raw.index)
    fields[EXCEL_ROW] = raw[EXCEL_ROW]
    parsed = normalise_plan(fields, known_metrics=known_metrics, yes_no=found.yes_no)
    return ParsedPlan(parsed.actions, parsed.problems, written, found.mapping)


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
