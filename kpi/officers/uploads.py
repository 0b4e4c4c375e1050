"""Council-supplied figures: turning an officer's file into tidy rows or a list of problems.

Pure: bytes in, a ParsedUpload out. Nothing here writes anywhere; kpi.data.figures saves a clean upload.
Periods and numbers are read as kpi.officers.cells describes; a council may be given by its ONS GSS code or its
name (kpi.core.names), and every name matched is shown for the officer to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from kpi.core import schema as S
from kpi.core.catalogue import POLARITY_NAMES, Catalogue, UnknownError
from kpi.core.periods import PeriodError
from kpi.officers.cells import parse_number, parse_period
from kpi.officers.tabular import EXCEL_ROW, read_table

AREA_NAME = "area_name"
METRIC_TITLE, METRIC_UNIT, METRIC_POLARITY = "metric_title", "metric_unit", "metric_polarity"
REQUIRED = [S.AREA_CODE, S.METRIC_ID, S.PERIOD, S.VALUE]
OPTIONAL = [AREA_NAME, S.NOTES, METRIC_TITLE, METRIC_UNIT, METRIC_POLARITY]
TEMPLATE_COLUMNS = [S.AREA_CODE, AREA_NAME, S.METRIC_ID, S.PERIOD, S.VALUE, S.NOTES]
TEMPLATE_MARKER = "EXAMPLE ROW from the template"

# Header spellings officers use for the template's columns.
_SPELLINGS = {
    S.AREA_CODE: "area gss_code ons_code code la_code council_code",
    AREA_NAME: "council council_name authority local_authority",
    S.METRIC_ID: "metric measure indicator kpi",
    S.PERIOD: "year financial_year fy",
    S.NOTES: "note comment comments",
    METRIC_UNIT: "unit",
    METRIC_POLARITY: "polarity",
    METRIC_TITLE: "title",
}
ALIASES = {alias: column for column, words in _SPELLINGS.items() for alias in words.split()}
_GSS = re.compile(r"^[EWSN]\d{8}$", re.IGNORECASE)
_METRIC_ID = re.compile(r"^[a-z][a-z0-9_]{1,47}$")


@dataclass(frozen=True)
class ParsedUpload:
    rows: pd.DataFrame  # the schema's columns plus _excel_row; source_id filled in at write time
    problems: list[S.Problem]
    name_matches: pd.DataFrame  # row, given, area_code, area_name: names turned into codes, to confirm
    new_metrics: dict[str, dict] = field(default_factory=dict)  # metric_id -> title, unit, polarity

    @property
    def ok(self) -> bool:
        return not self.problems and not self.rows.empty

    def problem_table(self) -> pd.DataFrame:
        return pd.DataFrame([p.as_dict() for p in self.problems], columns=["row", "column", "value", "expected"])


# --------------------------------------------------------------------------- whole file
def _rename(frame: pd.DataFrame) -> pd.DataFrame:
    renamed = {c: ALIASES.get(c, c) for c in frame.columns}
    out = frame.rename(columns=renamed)
    return out.loc[:, ~out.columns.duplicated()]


def parse_upload(
    data: bytes, filename: str, catalogue: Catalogue, *, writable: frozenset[str] | None = None
) -> ParsedUpload:
    """Read, normalise and validate an officer's file. `writable` = councils this officer may write for
    (None = any). Raises tabular.FileRejected if the file cannot be read at all."""
    frame = _rename(read_table(data, filename, header_names={*REQUIRED, *OPTIONAL, *ALIASES}))
    empty_matches = pd.DataFrame(columns=MATCH_COLUMNS)
    has_area = S.AREA_CODE in frame or AREA_NAME in frame
    missing = [c for c in REQUIRED if c not in frame and not (c == S.AREA_CODE and has_area)]
    if missing:
        found = ", ".join(c for c in frame.columns if c != EXCEL_ROW) or "none"
        return ParsedUpload(
            S.empty(),
            [
                S.Problem(
                    1, col, "(missing column)", f"a header row with the columns {', '.join(REQUIRED)} (found: {found})"
                )
                for col in missing
            ],
            empty_matches,
        )
    if frame.empty:
        return ParsedUpload(
            S.empty(), [S.Problem(2, "(all)", "(no rows)", "at least one row of figures")], empty_matches
        )
    reader = _RowReader(catalogue, writable)
    rows = [r for r in (reader.read(rec) for rec in frame.to_dict("records")) if r is not None]
    tidy = S.coerce(pd.DataFrame(rows, columns=[*S.COLUMNS, EXCEL_ROW])) if rows else S.empty()
    if rows:
        tidy[EXCEL_ROW] = [r[EXCEL_ROW] for r in rows]
    return ParsedUpload(
        tidy,
        sorted(reader.problems, key=lambda p: p.row or 0),
        pd.DataFrame(reader.matches, columns=MATCH_COLUMNS).drop_duplicates("given"),
        reader.new_metrics,
    )


MATCH_COLUMNS = ["row", "given", S.AREA_CODE, AREA_NAME]


class _RowReader:
    """Reads one row at a time, collecting problems (row and column), name matches and declared local metrics."""

    def __init__(self, catalogue: Catalogue, writable: frozenset[str] | None):
        self.catalogue, self.writable = catalogue, writable
        self.units = catalogue.metric_units()
        self.titles = {m.title.lower(): m.metric_id for m in catalogue.metrics.values()}
        self.titles.update({m.short_title.lower(): m.metric_id for m in catalogue.metrics.values()})
        self.problems: list[S.Problem] = []
        self.matches: list[dict] = []
        self.new_metrics: dict[str, dict] = {}
        self.seen: dict[tuple, int] = {}

    def problem(self, row: int, column: str, value: object, expected: str) -> None:
        self.problems.append(S.Problem(row, column, value, expected))

    def read(self, rec: dict) -> dict | None:
        """The row in the schema, or None if it has a problem (recorded)."""
        row = int(rec[EXCEL_ROW])
        before = len(self.problems)
        notes = str(rec.get(S.NOTES, "") or "").strip()
        if TEMPLATE_MARKER.lower() in notes.lower():
            self.problem(row, S.NOTES, notes[:80], "your own figures: delete the template's EXAMPLE rows")
        code = self.council(rec, row)
        metric_id, unit = self.metric(rec, row)
        period = self.period(rec, row)
        value = self.value(rec, row, unit)
        if len(self.problems) > before or not code:
            return None
        key = (code, metric_id, period)
        if key in self.seen:
            self.problem(
                row,
                f"{S.AREA_CODE}/{S.METRIC_ID}/{S.PERIOD}",
                "/".join(key),
                f"one row per council, metric and year (row {self.seen[key]} has the same)",
            )
            return None
        self.seen[key] = row
        return {
            S.AREA_CODE: code,
            S.METRIC_ID: metric_id,
            S.PERIOD: period,
            S.VALUE: value,
            S.UNIT: unit,
            S.SOURCE_ID: "",
            S.STATUS: S.FINAL,
            S.NOTES: notes[:500],
            EXCEL_ROW: row,
        }

    def council(self, rec: dict, row: int) -> str | None:
        given_code = str(rec.get(S.AREA_CODE, "") or "").strip()
        given = given_code or str(rec.get(AREA_NAME, "") or "").strip()
        column = S.AREA_CODE if given_code else AREA_NAME
        code, by_name, hint = self.area(given) if given else (None, False, "")
        if code is None:
            self.problem(
                row, column, given, "an ONS GSS code (such as E09000002) or the name of an English council" + hint
            )
            return None
        if by_name:
            self.matches.append(
                {"row": row, "given": given, S.AREA_CODE: code, AREA_NAME: self.catalogue.area_name(code)}
            )
        if self.writable is not None and code not in self.writable:
            allowed = ", ".join(f"{c} ({self.catalogue.area_name(c)})" for c in sorted(self.writable)) or "none"
            self.problem(row, column, given, f"a council you may upload for: {allowed}")
        return code

    def area(self, given: str) -> tuple[str | None, bool, str]:
        """(code or None, matched by name, hint naming near matches), through the one name matcher."""
        if _GSS.match(given):
            code = given.upper()
            return (code, False, "") if code in self.catalogue.areas.index else (None, False, "")
        try:
            return self.catalogue.resolve_area(given), True, ""
        except UnknownError as exc:
            return None, True, f" (did you mean {', '.join(exc.suggestions)}?)" if exc.suggestions else ""

    def metric(self, rec: dict, row: int) -> tuple[str, str | None]:
        text = str(rec.get(S.METRIC_ID, "") or "").strip()
        metric_id = text.lower()
        if metric_id not in self.units and metric_id in self.titles:
            metric_id = self.titles[metric_id]
        unit = self.units.get(metric_id) or self.new_metrics.get(metric_id, {}).get("unit")
        if unit is None:
            unit = self.declare_metric(rec, row, text, metric_id)
        return metric_id, unit

    def period(self, rec: dict, row: int) -> str:
        try:
            return parse_period(rec.get(S.PERIOD, ""))
        except PeriodError:
            self.problem(
                row, S.PERIOD, rec.get(S.PERIOD, ""), "a financial year such as 2023-24, 2023/24 or FY2023 (= 2023-24)"
            )
            return ""

    def value(self, rec: dict, row: int, unit: str | None) -> float:
        try:
            value, percent = parse_number(rec.get(S.VALUE, ""))
        except ValueError:
            self.problem(
                row, S.VALUE, rec.get(S.VALUE, ""), "a number (£, commas and % are allowed; no text or blanks)"
            )
            return float("nan")
        if percent and unit not in (None, "percent"):
            self.problem(row, S.VALUE, rec.get(S.VALUE), f"a number in {unit} without a % sign")
        return value

    def declare_metric(self, rec: dict, row: int, text: str, metric_id: str) -> str | None:
        """A metric not in the catalogue is accepted only as a declared local metric (title, unit, polarity)."""
        title = str(rec.get(METRIC_TITLE, "") or "").strip()
        unit = str(rec.get(METRIC_UNIT, "") or "").strip().lower()
        polarity = str(rec.get(METRIC_POLARITY, "") or "").strip().lower().replace(" ", "_")
        if not (title or unit or polarity):
            near = ""
            try:
                self.catalogue.metric(metric_id)
            except UnknownError as exc:
                near = f" (did you mean {', '.join(exc.suggestions)}?)" if exc.suggestions else ""
            self.problem(
                row,
                S.METRIC_ID,
                text,
                "a metric id from the catalogue" + near + ", or a new local metric "
                "with metric_title, metric_unit and metric_polarity filled in",
            )
            return None
        before = len(self.problems)
        if not _METRIC_ID.match(metric_id):
            self.problem(row, S.METRIC_ID, text, "a new metric id of lower-case letters, digits and _")
        if not title or re.search(r"[<>&{}\[\]]", title):
            self.problem(row, METRIC_TITLE, title, "a title for the new local metric in plain words (no < > & { } [ ])")
        if unit not in S.UNITS:
            self.problem(row, METRIC_UNIT, unit, "one of: " + ", ".join(S.UNITS))
        if polarity not in POLARITY_NAMES:
            self.problem(row, METRIC_POLARITY, polarity, "one of: " + ", ".join(POLARITY_NAMES))
        if len(self.problems) > before:
            return None
        self.new_metrics[metric_id] = {"metric_id": metric_id, "title": title[:120], "unit": unit, "polarity": polarity}
        return unit
