"""The rules for each cell of a figures row, each judged once per distinct value, with every problem it finds as
(column, value as given, what was expected); kpi.officers.figures.columns applies them to whole columns and names
the rows.

A council may be given by its ONS GSS code or its name (kpi.core.names): exact names are looked up for every
distinct name, but only the first FUZZY_NAMES distinct unknown names are matched for typos and near matches; rows
with further unknown names are summed up in one problem ("and N more rows with unknown council names"), so a file of
20,000 made-up names costs no more than one of fifty. A value must be finite and plausible for its unit
(kpi.core.schema.PLAUSIBLE).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from kpi.core import schema as S
from kpi.core.catalogue import POLARITY_NAMES, Catalogue, UnknownError
from kpi.core.codes import is_council_code
from kpi.core.periods import PeriodError
from kpi.officers.figures.cells import FIRST_YEAR, LAST_YEAR, parse_number, parse_period

AREA_NAME = "area_name"
METRIC_TITLE, METRIC_UNIT, METRIC_POLARITY = "metric_title", "metric_unit", "metric_polarity"
TEMPLATE_MARKER = "EXAMPLE ROW from the template"
FUZZY_NAMES = 50  # distinct unknown council names matched for typos and suggestions; the rest are counted
_METRIC_ID = re.compile(r"^[a-z][a-z0-9_]{1,47}$")
_COUNCIL = "an ONS GSS code (such as E09000002) or the name of an English council"
_PERIODS = f"a financial year such as 2023-24, 2023/24 or FY2023 (= 2023-24), from {FIRST_YEAR} to {LAST_YEAR}"


Found = tuple[str, object, str]  # column, the value as given, what was expected


class Council(NamedTuple):
    code: str | None  # the council's GSS code, or None
    by_name: bool  # matched by its name (shown to the officer to check)
    unmatched: bool  # an unknown name past the FUZZY_NAMES cap: summed up in one problem, not one of its own
    found: list[Found]


class RowRules:
    """The rules for one row's cells, with what they need memoised: matched names, near metric ids, and the local
    metrics declared so far (in the order their rows come)."""

    def __init__(self, catalogue: Catalogue, writable: frozenset[str] | None):
        self.catalogue, self.writable = catalogue, writable
        self.units = catalogue.metric_units()
        self.titles = {m.title.lower(): m.metric_id for m in catalogue.metrics.values()}
        self.titles.update({m.short_title.lower(): m.metric_id for m in catalogue.metrics.values()})
        self.new_metrics: dict[str, dict] = {}
        self._areas: dict[str, tuple[str | None, bool, str | None]] = {}  # given -> (code, by name, hint)
        self._near_metrics: dict[str, str] = {}
        self._fuzzy = 0

    @staticmethod
    def notes(given: object) -> tuple[str, list[Found]]:
        notes = str(given or "").strip()
        if TEMPLATE_MARKER.lower() in notes.lower():
            return notes[:500], [(S.NOTES, notes[:80], "your own figures: delete the template's EXAMPLE rows")]
        return notes[:500], []

    def council(self, given: str, column: str) -> Council:
        """The council a stripped code or name stands for; `column` is where it was given."""
        code, by_name, hint = self.area(given) if given else (None, False, "")
        if code is None and hint is None:
            return Council(None, by_name, True, [])
        if code is None:
            return Council(None, by_name, False, [(column, given, _COUNCIL + hint)])
        found: list[Found] = []
        if self.writable is not None and code not in self.writable:
            allowed = ", ".join(f"{c} ({self.catalogue.area_name(c)})" for c in sorted(self.writable)) or "none"
            found.append((column, given, f"a council you may upload for: {allowed}"))
        return Council(code, by_name, False, found)

    @staticmethod
    def unmatched(rows: list[int], column: str, given: str) -> S.Problem:
        """The one problem for every row past the name-matching cap, named at the first of them."""
        more = len(rows) - 1
        return S.Problem(
            rows[0],
            column,
            given,
            f"{_COUNCIL}; names are matched for the first {FUZZY_NAMES} unknown names only, and {more:,} more "
            f"rows with unknown council names follow (rows {rows[0]} to {rows[-1]})",
        )

    def area(self, given: str) -> tuple[str | None, bool, str | None]:
        """(code or None, matched by name, hint naming near matches; None past the cap), memoised per text."""
        if given not in self._areas:
            self._areas[given] = self._area(given)
        return self._areas[given]

    def _area(self, given: str) -> tuple[str | None, bool, str | None]:
        if is_council_code(given):  # a GSS code, or a provisional one (a council formed by an order not yet coded)
            return self.catalogue.canonical(given), False, ""
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

    def metric(self, given: object) -> tuple[str, str, str | None]:
        """(the text as given, stripped; the metric id; its unit, or None for a metric not in the catalogue)."""
        text = str(given or "").strip()
        metric_id = text.lower()
        if metric_id not in self.units and metric_id in self.titles:
            metric_id = self.titles[metric_id]
        return text, metric_id, self.units.get(metric_id)

    def local_metric(self, text: str, metric_id: str, declared: tuple) -> tuple[str | None, list[Found]]:
        """The unit of a metric not in the catalogue: a local metric declared on an earlier row, or declared on this
        one by `declared` = (metric_title, metric_unit, metric_polarity) as given."""
        unit = self.new_metrics.get(metric_id, {}).get("unit")
        if unit is not None:
            return unit, []
        return self.declare_metric(text, metric_id, *declared)

    @staticmethod
    def period(given: object) -> tuple[str, list[Found]]:
        try:
            return parse_period(given), []
        except PeriodError:
            return "", [(S.PERIOD, given, _PERIODS)]

    @staticmethod
    def value(given: object, unit: str | None) -> tuple[float, list[Found]]:
        try:
            value, percent = parse_number(given)
        except ValueError:
            return float("nan"), [
                (S.VALUE, given, "a number (£, commas and % are allowed; no text, blanks, inf or nan)")
            ]
        if percent and unit not in (None, "percent"):
            return value, [(S.VALUE, given, f"a number in {unit} without a % sign")]
        if unit is not None and not S.plausible(value, unit):
            low, high = S.plausible_range(unit)
            return value, [(S.VALUE, given, f"a plausible figure in {unit}: from {low:,.0f} to {high:,.0f}")]
        return value, []

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

    def declare_metric(
        self, text: str, metric_id: str, title: object, unit: object, polarity: object
    ) -> tuple[str | None, list[Found]]:
        """A metric not in the catalogue is accepted only as a declared local metric (title, unit, polarity)."""
        title = str(title or "").strip()
        unit = str(unit or "").strip().lower()
        polarity = str(polarity or "").strip().lower().replace(" ", "_")
        if not (title or unit or polarity):
            expected = "a metric id from the catalogue" + self.near_metrics(metric_id)
            return None, [
                (
                    S.METRIC_ID,
                    text,
                    expected + ", or a new local metric with metric_title, metric_unit and metric_polarity filled in",
                )
            ]
        found: list[Found] = []
        if not _METRIC_ID.match(metric_id):
            found.append((S.METRIC_ID, text, "a new metric id of lower-case letters, digits and _"))
        if not title or re.search(r"[<>&{}\[\]]", title):
            found.append((METRIC_TITLE, title, "a title for the new local metric in plain words (no < > & { } [ ])"))
        if unit not in S.UNITS:
            found.append((METRIC_UNIT, unit, "one of: " + ", ".join(S.UNITS)))
        if polarity not in POLARITY_NAMES:
            found.append((METRIC_POLARITY, polarity, "one of: " + ", ".join(POLARITY_NAMES)))
        if found:
            return None, found
        self.new_metrics[metric_id] = {"metric_id": metric_id, "title": title[:120], "unit": unit, "polarity": polarity}
        return unit, []
