"""Which column of an action plan holds what, as councils head them: by header words, then by content.

Real plans head the status column "Status", "Completed", "Progress", "RAG" or "Current position"; the deadline
"Deadline", "Due", "Target date" or "Timescale"; the response "Response", "Action", "Response and action" or
"Management response". A header is first looked up whole, then by its words (a header naming an owner, lead officer
or comments is not taken by its words); where two columns claim the status or the deadline, the one whose cells
read as statuses or dates wins; and a column nobody claimed whose cells are mostly statuses (or dates) is taken for
that field. A field still without a column is left for the officer to choose (the page's mapping step), with a
best guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kpi.officers.files.tabular import EXCEL_ROW
from kpi.officers.plans.cells import DeadlineError, normalise_status, parse_deadline

FIELDS = ("ref", "recommendation", "action", "deadline_text", "status_text", "metric_ids")
NEEDED = ("recommendation", "action", "deadline_text", "status_text")
LABELS = {
    "ref": "Ref",
    "recommendation": "Recommendation",
    "action": "Response and action",
    "deadline_text": "Deadline",
    "status_text": "Status",
    "metric_ids": "Metrics",
}
_SPELLINGS = {
    "ref": "ref reference no number rec_no id",
    "recommendation": "recommendation recommendations",
    "action": "response_and_action response_and_actions action actions response agreed_action management_response",
    "deadline_text": "deadline due due_date target_date timescale timescales by_when",
    "status_text": "status progress rag rag_status current_status current_position completed",
    "metric_ids": "metric_ids metrics metric kpis kpi",
}
HEADERS = {spelling: column for column, words in _SPELLINGS.items() for spelling in words.split()}
# Words inside a longer header, tried in this order (a "Rec no." is a reference before it is a recommendation).
_WORDS = [
    ("ref", {"ref", "reference", "no", "number", "id"}),
    ("deadline_text", {"deadline", "deadlines", "due", "timescale", "timescales", "timeframe", "date", "when"}),
    ("status_text", {"status", "progress", "rag", "position", "completed", "complete", "done", "update"}),
    ("metric_ids", {"metric", "metrics", "kpi", "kpis", "measure", "measures", "indicator", "indicators"}),
    ("action", {"action", "actions", "response", "responses"}),
    ("recommendation", {"recommendation", "recommendations", "finding", "findings", "issue", "improvement"}),
]
_NOT_BY_WORDS = {"owner", "lead", "officer", "officers", "responsible", "who", "comment", "comments", "notes", "note"}
_QUESTION = {"completed", "complete", "done", "implemented", "achieved"}  # a status column that may answer yes/no
CONTENT_SHARE = 0.6  # a column is taken by its content when this share of its filled cells read as the field
_SAMPLE = 500


@dataclass(frozen=True)
class Columns:
    mapping: dict[str, str]  # field -> the file's column (normalised name)
    unidentified: tuple[str, ...] = ()  # needed fields without a column
    guesses: dict[str, str] = field(default_factory=dict)  # best guess for each unidentified field
    yes_no: bool = False  # the status column asks "completed?" and may answer Yes or No


def _claim(column: str) -> tuple[str | None, int]:
    """(field, strength): 2 for a whole header we know, 1 for a word inside one, (None, 0) otherwise."""
    if column in HEADERS:
        return HEADERS[column], 2
    words = set(column.split("_"))
    if words & _NOT_BY_WORDS:
        return None, 0
    return next(((f, 1) for f, known in _WORDS if words & known), (None, 0))


def known_header(column: str) -> bool:
    """A header (normalised) that names one of a plan's fields, whole or by a word: how the header row is found."""
    return _claim(column)[0] is not None


def _filled(values: pd.Series) -> list[str]:
    texts = (str(v).strip() for v in values)
    return [t for t in texts if t][:_SAMPLE]


def _reads_as_status(text: str) -> bool:
    return normalise_status(text) is not None


def _reads_as_date(text: str) -> bool:
    try:
        return parse_deadline(text) is not None
    except DeadlineError:
        return False


_CONTENT = {"status_text": _reads_as_status, "deadline_text": _reads_as_date}


def content_share(values: pd.Series, kind: str) -> float:
    """The share of a column's filled cells that read as statuses (or as dates): 0 for an empty column."""
    filled = _filled(values)
    return sum(map(_CONTENT[kind], filled)) / len(filled) if filled else 0.0


def recognise(frame: pd.DataFrame, *, chosen: dict[str, str] | None = None) -> Columns:
    """Which column holds each field; `chosen` (field -> column, from the mapping step) is taken as given."""
    columns = [c for c in frame.columns if c != EXCEL_ROW]
    claims = {c: _claim(c) for c in columns}
    mapping = {f: c for f, c in (chosen or {}).items() if f in FIELDS and c in columns}
    for name in dict.fromkeys(("status_text", "deadline_text", *FIELDS)):
        if name in mapping:
            continue
        free = [c for c in columns if c not in mapping.values()]
        claimed = [c for c in free if claims[c][0] == name]
        if name in _CONTENT:
            pick = _by_content(frame, claimed, [c for c in free if claims[c][0] is None], name, claims)
        else:
            pick = claimed[0] if claimed else None
        if pick is not None:
            mapping[name] = pick
    unidentified = tuple(f for f in NEEDED if f not in mapping)
    status = mapping.get("status_text", "")
    return Columns(
        mapping, unidentified, _guesses(frame, columns, mapping, unidentified), bool(set(status.split("_")) & _QUESTION)
    )


def _by_content(frame: pd.DataFrame, claimed: list[str], unclaimed: list[str], kind: str, claims: dict) -> str | None:
    """Among columns claiming the field by header, the one whose cells read as it; else an unclaimed column whose
    cells mostly do."""
    if claimed:

        def rank(item: tuple[int, str]) -> tuple:
            i, column = item
            share = content_share(frame[column], kind)
            return (share >= 0.5, claims[column][1], share, -i)

        return max(enumerate(claimed), key=rank)[1]
    shares = {c: content_share(frame[c], kind) for c in unclaimed}
    best = max(shares, key=shares.get, default=None)
    return best if best is not None and shares[best] >= CONTENT_SHARE else None


def _guesses(frame: pd.DataFrame, columns: list[str], mapping: dict, unidentified: tuple[str, ...]) -> dict[str, str]:
    """A column to prefill for each field not identified: by content for status and deadline, else the next free."""
    free = [c for c in columns if c not in mapping.values()] or columns
    guesses: dict[str, str] = {}
    for name in unidentified:
        if name in _CONTENT and free:
            guesses[name] = max(free, key=lambda c: content_share(frame[c], name))
        elif free:
            guesses[name] = next((c for c in free if c not in guesses.values()), free[0])
    return guesses
