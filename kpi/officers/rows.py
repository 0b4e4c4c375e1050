"""One row of an officer's figures file read into the schema, or its problems recorded with row and column.

A council may be given by its ONS GSS code or its name (kpi.core.names): exact names are looked up for every row,
but only the first FUZZY_NAMES distinct unknown names are matched for typos and near matches; rows with further
unknown names are summed up in one problem ("and N more rows with unknown council names"), so a file of 20,000
made-up names costs no more than one of fifty. A value must be finite and plausible for its unit
(kpi.core.schema.PLAUSIBLE).
"""

from __future__ import annotations

import re

from kpi.core import schema as S
from kpi.core.catalogue import POLARITY_NAMES, Catalogue, UnknownError
from kpi.core.periods import PeriodError
from kpi.officers.cells import FIRST_YEAR, LAST_YEAR, parse_number, parse_period
from kpi.officers.tabular import EXCEL_ROW

AREA_NAME = "area_name"
METRIC_TITLE, METRIC_UNIT, METRIC_POLARITY = "metric_title", "metric_unit", "metric_polarity"
TEMPLATE_MARKER = "EXAMPLE ROW from the template"
FUZZY_NAMES = 50  # distinct unknown council names matched for typos and suggestions; the rest are counted
_GSS = re.compile(r"^[EWSN]\d{8}$", re.IGNORECASE)
_METRIC_ID = re.compile(r"^[a-z][a-z0-9_]{1,47}$")
_COUNCIL = "an ONS GSS code (such as E09000002) or the name of an English council"
_PERIODS = f"a financial year such as 2023-24, 2023/24 or FY2023 (= 2023-24), from {FIRST_YEAR} to {LAST_YEAR}"


class RowReader:
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
        self._areas: dict[str, tuple[str | None, bool, str | None]] = {}  # given -> (code, by name, hint)
        self._near_metrics: dict[str, str] = {}
        self._fuzzy = 0
        self.unmatched: list[tuple[int, str, str]] = []  # (row, column, name) past the FUZZY_NAMES cap

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

    def finish(self) -> list[S.Problem]:
        """Every problem in row order, with the rows past the name-matching cap summed up in one."""
        if self.unmatched:
            row, column, given = self.unmatched[0]
            more = len(self.unmatched) - 1
            self.problem(
                row,
                column,
                given,
                f"{_COUNCIL}; names are matched for the first {FUZZY_NAMES} unknown names only, and {more:,} more "
                f"rows with unknown council names follow (rows {row} to {self.unmatched[-1][0]})",
            )
        return sorted(self.problems, key=lambda p: p.row or 0)

    def council(self, rec: dict, row: int) -> str | None:
        given_code = str(rec.get(S.AREA_CODE, "") or "").strip()
        given = given_code or str(rec.get(AREA_NAME, "") or "").strip()
        column = S.AREA_CODE if given_code else AREA_NAME
        code, by_name, hint = self.area(given) if given else (None, False, "")
        if code is None and hint is None:
            self.unmatched.append((row, column, given[:80]))
            return None
        if code is None:
            self.problem(row, column, given, _COUNCIL + hint)
            return None
        if by_name:
            self.matches.append(
                {"row": row, "given": given, S.AREA_CODE: code, AREA_NAME: self.catalogue.area_name(code)}
            )
        if self.writable is not None and code not in self.writable:
            allowed = ", ".join(f"{c} ({self.catalogue.area_name(c)})" for c in sorted(self.writable)) or "none"
            self.problem(row, column, given, f"a council you may upload for: {allowed}")
        return code

    def area(self, given: str) -> tuple[str | None, bool, str | None]:
        """(code or None, matched by name, hint naming near matches; None past the cap), memoised per text."""
        if given not in self._areas:
            self._areas[given] = self._area(given)
        return self._areas[given]

    def _area(self, given: str) -> tuple[str | None, bool, str | None]:
        if _GSS.match(given):
            code = given.upper()
            return (code, False, "") if code in self.catalogue.areas.index else (None, False, "")
        code = self.catalogue.names.exact(given)
        if code:
            return code, True, ""
        if self._fuzzy >= FUZZY_NAMES:
            return None, True, None
        self._fuzzy += 1
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
            self.problem(row, S.PERIOD, rec.get(S.PERIOD, ""), _PERIODS)
            return ""

    def value(self, rec: dict, row: int, unit: str | None) -> float:
        given = rec.get(S.VALUE, "")
        try:
            value, percent = parse_number(given)
        except ValueError:
            self.problem(row, S.VALUE, given, "a number (£, commas and % are allowed; no text, blanks, inf or nan)")
            return float("nan")
        if percent and unit not in (None, "percent"):
            self.problem(row, S.VALUE, given, f"a number in {unit} without a % sign")
        elif unit is not None and not S.plausible(value, unit):
            low, high = S.plausible_range(unit)
            self.problem(row, S.VALUE, given, f"a plausible figure in {unit}: from {low:,.0f} to {high:,.0f}")
        return value

    def near_metrics(self, metric_id: str) -> str:
        """' (did you mean a, b?)' for an unknown metric id, worked out once per id for the first FUZZY_NAMES."""
        if metric_id not in self._near_metrics and len(self._near_metrics) >= FUZZY_NAMES:
            return ""
        if metric_id not in self._near_metrics:
            try:
                self.catalogue.metric(metric_id)
                near = ""
            except UnknownError as exc:
                near = f" (did you mean {', '.join(exc.suggestions)}?)" if exc.suggestions else ""
            self._near_metrics[metric_id] = near
        return self._near_metrics[metric_id]

    def declare_metric(self, rec: dict, row: int, text: str, metric_id: str) -> str | None:
        """A metric not in the catalogue is accepted only as a declared local metric (title, unit, polarity)."""
        title = str(rec.get(METRIC_TITLE, "") or "").strip()
        unit = str(rec.get(METRIC_UNIT, "") or "").strip().lower()
        polarity = str(rec.get(METRIC_POLARITY, "") or "").strip().lower().replace(" ", "_")
        if not (title or unit or polarity):
            expected = "a metric id from the catalogue" + self.near_metrics(metric_id)
            self.problem(
                row,
                S.METRIC_ID,
                text,
                expected + ", or a new local metric with metric_title, metric_unit and metric_polarity filled in",
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
