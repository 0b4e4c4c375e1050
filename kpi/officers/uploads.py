"""Council-supplied figures: the upload template, and turning an officer's file into tidy rows or a list of problems.

Pure: bytes in, a ParsedUpload out. Nothing here writes anywhere; kpi.data.db persists a clean upload.

Conventions (also stated on the upload page and in the README):
* periods may be written 2023-24, 2023/24, 2023-2024, 2023/2024 or FY2023; **FY2023 means the financial year
  starting on 1 April 2023 (2023-24)**, the way councils label a year by its budget-setting year;
* values may carry "£", thousands separators, a "%" sign (percent measures only) or brackets for negatives;
* a council may be given by its ONS GSS code or its name; names are matched and the match is shown.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import pandas as pd

from kpi.core import schema as S
from kpi.core.catalogue import POLARITY_NAMES, Catalogue, UnknownError
from kpi.core.periods import FinancialYear, PeriodError
from kpi.officers.tabular import EXCEL_ROW, read_table

AREA_NAME = "area_name"
METRIC_TITLE, METRIC_UNIT, METRIC_POLARITY = "metric_title", "metric_unit", "metric_polarity"
REQUIRED = [S.AREA_CODE, S.METRIC_ID, S.PERIOD, S.VALUE]
OPTIONAL = [AREA_NAME, S.NOTES, METRIC_TITLE, METRIC_UNIT, METRIC_POLARITY]
TEMPLATE_COLUMNS = [S.AREA_CODE, AREA_NAME, S.METRIC_ID, S.PERIOD, S.VALUE, S.NOTES]
TEMPLATE_MARKER = "EXAMPLE ROW from the template"

# Header spellings officers use for the template's columns.
ALIASES = {
    "area": S.AREA_CODE, "gss_code": S.AREA_CODE, "ons_code": S.AREA_CODE, "code": S.AREA_CODE,
    "la_code": S.AREA_CODE, "council_code": S.AREA_CODE,
    "council": AREA_NAME, "council_name": AREA_NAME, "authority": AREA_NAME, "local_authority": AREA_NAME,
    "metric": S.METRIC_ID, "measure": S.METRIC_ID, "indicator": S.METRIC_ID, "kpi": S.METRIC_ID,
    "year": S.PERIOD, "financial_year": S.PERIOD, "fy": S.PERIOD,
    "note": S.NOTES, "comment": S.NOTES, "comments": S.NOTES,
    "unit": METRIC_UNIT, "polarity": METRIC_POLARITY, "title": METRIC_TITLE,
}
_GSS = re.compile(r"^[EWSN]\d{8}$", re.IGNORECASE)
_METRIC_ID = re.compile(r"^[a-z][a-z0-9_]{1,47}$")
_YEAR_PAIR = re.compile(r"^(?:fy\s*)?(\d{4})\s*(?:-|/|–|to)\s*(\d{2}|\d{4})$", re.IGNORECASE)
_FY_SINGLE = re.compile(r"^fy\s*(\d{4})$", re.IGNORECASE)
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


@dataclass(frozen=True)
class ParsedUpload:
    rows: pd.DataFrame                  # the schema's columns plus _excel_row; source_id filled in at write time
    problems: list[S.Problem]
    name_matches: pd.DataFrame          # row, given, area_code, area_name: names turned into codes, to confirm
    new_metrics: dict[str, dict] = field(default_factory=dict)   # metric_id -> title, unit, polarity

    @property
    def ok(self) -> bool:
        return not self.problems and not self.rows.empty

    def problem_table(self) -> pd.DataFrame:
        return pd.DataFrame([p.as_dict() for p in self.problems], columns=["row", "column", "value", "expected"])


# --------------------------------------------------------------------------- cells
def parse_period(text: object) -> str:
    """'2023-24', '2023/24', '2023-2024', 'FY2023' (= 2023-24) -> '2023-24'; PeriodError otherwise."""
    raw = str(text).strip()
    match = _YEAR_PAIR.match(raw)
    if match:
        start, end = int(match.group(1)), match.group(2)
        if (len(end) == 2 and int(end) != (start + 1) % 100) or (len(end) == 4 and int(end) != start + 1):
            raise PeriodError(f"{raw!r}: the second year must follow the first")
        return FinancialYear(start).label
    match = _FY_SINGLE.match(raw)
    if match:
        return FinancialYear(int(match.group(1))).label
    raise PeriodError(f"{raw!r} is not a financial year")


def parse_number(value: object) -> tuple[float, bool]:
    """A cell -> (number, had a % sign). Accepts £, thousands commas, spaces, brackets for negatives."""
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, (int, float)) and not pd.isna(value):
        return float(value), False
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()")
    percent = text.endswith("%")
    text = text.rstrip("%").replace("£", "")
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    if not _NUMBER.match(text):
        raise ValueError("not a number")
    number = float(text)
    return (-number if negative else number), percent


class AreaMatcher:
    """Council codes or names as officers write them -> GSS codes, through the one name matcher."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue

    def match(self, given: str) -> tuple[str | None, bool, str]:
        """(code or None, matched by name, hint naming near matches)."""
        text = str(given).strip()
        if _GSS.match(text):
            code = text.upper()
            return (code, False, "") if code in self.catalogue.areas.index else (None, False, "")
        try:
            return self.catalogue.resolve_area(text), True, ""
        except UnknownError as exc:
            hint = f" (did you mean {', '.join(exc.suggestions)}?)" if exc.suggestions else ""
            return None, True, hint


# --------------------------------------------------------------------------- whole file
def _rename(frame: pd.DataFrame) -> pd.DataFrame:
    renamed = {c: ALIASES.get(c, c) for c in frame.columns}
    out = frame.rename(columns=renamed)
    return out.loc[:, ~out.columns.duplicated()]


def parse_upload(data: bytes, filename: str, catalogue: Catalogue, *,
                 writable: frozenset[str] | None = None) -> ParsedUpload:
    """Read, normalise and validate an officer's file. `writable` = councils this officer may write for
    (None = any). Raises tabular.FileRejected if the file cannot be read at all."""
    frame = _rename(read_table(data, filename, header_names={*REQUIRED, *OPTIONAL, *ALIASES}))
    problems: list[S.Problem] = []
    empty_matches = pd.DataFrame(columns=["row", "given", S.AREA_CODE, AREA_NAME])
    has_area = S.AREA_CODE in frame or AREA_NAME in frame
    missing = [c for c in REQUIRED if c not in frame and not (c == S.AREA_CODE and has_area)]
    if missing:
        found = ", ".join(c for c in frame.columns if c != EXCEL_ROW) or "none"
        for col in missing:
            problems.append(S.Problem(1, col, "(missing column)",
                                      f"a header row with the columns {', '.join(REQUIRED)} (found: {found})"))
        return ParsedUpload(S.empty(), problems, empty_matches)
    if frame.empty:
        return ParsedUpload(S.empty(), [S.Problem(2, "(all)", "(no rows)", "at least one row of figures")],
                            empty_matches)

    matcher = AreaMatcher(catalogue)
    metric_units = catalogue.metric_units()
    titles = {m.title.lower(): m.metric_id for m in catalogue.metrics.values()}
    titles.update({m.short_title.lower(): m.metric_id for m in catalogue.metrics.values()})
    new_metrics: dict[str, dict] = {}
    matches, rows, seen = [], [], {}

    for rec in frame.to_dict("records"):
        row = int(rec[EXCEL_ROW])
        bad = len(problems)
        notes = str(rec.get(S.NOTES, "") or "").strip()
        if TEMPLATE_MARKER.lower() in notes.lower():
            problems.append(S.Problem(row, S.NOTES, notes[:80], "your own figures: delete the template's EXAMPLE rows"))

        # council
        given_code = str(rec.get(S.AREA_CODE, "") or "").strip()
        given = given_code or str(rec.get(AREA_NAME, "") or "").strip()
        column = S.AREA_CODE if given_code else AREA_NAME
        code, by_name, hint = matcher.match(given) if given else (None, False, "")
        if code is None:
            problems.append(S.Problem(row, column, given, "an ONS GSS code (such as E09000002) or the name of an "
                                      "English council" + hint))
        else:
            if by_name:
                matches.append({"row": row, "given": given, S.AREA_CODE: code, AREA_NAME: catalogue.area_name(code)})
            if writable is not None and code not in writable:
                allowed = ", ".join(f"{c} ({catalogue.area_name(c)})" for c in sorted(writable)) or "none"
                problems.append(S.Problem(row, column, given, f"a council you may upload for: {allowed}"))

        # metric
        metric_text = str(rec.get(S.METRIC_ID, "") or "").strip()
        metric_id = metric_text.lower()
        if metric_id not in metric_units and metric_id in titles:
            metric_id = titles[metric_id]
        unit = metric_units.get(metric_id) or new_metrics.get(metric_id, {}).get("unit")
        if unit is None:
            unit = _declare_metric(rec, row, metric_text, metric_id, catalogue, new_metrics, problems)

        # period
        period = ""
        try:
            period = parse_period(rec.get(S.PERIOD, ""))
        except PeriodError:
            problems.append(S.Problem(row, S.PERIOD, rec.get(S.PERIOD, ""),
                                      "a financial year such as 2023-24, 2023/24 or FY2023 (= 2023-24)"))

        # value
        value = float("nan")
        try:
            value, percent = parse_number(rec.get(S.VALUE, ""))
            if percent and unit not in (None, "percent"):
                problems.append(S.Problem(row, S.VALUE, rec.get(S.VALUE), f"a number in {unit} without a % sign"))
        except ValueError:
            problems.append(S.Problem(row, S.VALUE, rec.get(S.VALUE, ""),
                                      "a number (£, commas and % are allowed; no text or blanks)"))

        if len(problems) == bad and code:
            key = (code, metric_id, period)
            if key in seen:
                problems.append(S.Problem(row, f"{S.AREA_CODE}/{S.METRIC_ID}/{S.PERIOD}", "/".join(key),
                                          f"one row per council, metric and year (row {seen[key]} has the same)"))
                continue
            seen[key] = row
            rows.append({S.AREA_CODE: code, S.METRIC_ID: metric_id, S.PERIOD: period, S.VALUE: value,
                         S.UNIT: unit, S.SOURCE_ID: "", S.STATUS: S.FINAL, S.NOTES: notes[:500], EXCEL_ROW: row})

    tidy = S.coerce(pd.DataFrame(rows, columns=[*S.COLUMNS, EXCEL_ROW])) if rows else S.empty()
    if rows:
        tidy[EXCEL_ROW] = [r[EXCEL_ROW] for r in rows]
    return ParsedUpload(tidy, sorted(problems, key=lambda p: (p.row or 0)),
                        pd.DataFrame(matches, columns=empty_matches.columns).drop_duplicates("given"), new_metrics)


def _declare_metric(rec: dict, row: int, metric_text: str, metric_id: str, catalogue: Catalogue,
                    new_metrics: dict, problems: list) -> str | None:
    """A metric not in the catalogue is accepted only as a declared local metric (title, unit, polarity)."""
    title = str(rec.get(METRIC_TITLE, "") or "").strip()
    unit = str(rec.get(METRIC_UNIT, "") or "").strip().lower()
    polarity = str(rec.get(METRIC_POLARITY, "") or "").strip().lower().replace(" ", "_")
    if not (title or unit or polarity):
        near = ""
        try:
            catalogue.metric(metric_id)
        except UnknownError as exc:
            near = f" (did you mean {', '.join(exc.suggestions)}?)" if exc.suggestions else ""
        problems.append(S.Problem(row, S.METRIC_ID, metric_text, "a metric id from the catalogue" + near +
                                  ", or a new local metric with metric_title, metric_unit and metric_polarity filled in"))
        return None
    ok = True
    if not _METRIC_ID.match(metric_id):
        problems.append(S.Problem(row, S.METRIC_ID, metric_text, "a new metric id of lower-case letters, digits and _"))
        ok = False
    if not title or re.search(r"[<>&{}\[\]]", title):
        problems.append(S.Problem(row, METRIC_TITLE, title, "a title for the new local metric in plain words "
                                  "(no < > & { } [ ])"))
        ok = False
    if unit not in S.UNITS:
        problems.append(S.Problem(row, METRIC_UNIT, unit, "one of: " + ", ".join(S.UNITS)))
        ok = False
    if polarity not in POLARITY_NAMES:
        problems.append(S.Problem(row, METRIC_POLARITY, polarity, "one of: " + ", ".join(POLARITY_NAMES)))
        ok = False
    if ok:
        new_metrics[metric_id] = {"metric_id": metric_id, "title": title[:120], "unit": unit, "polarity": polarity}
        return unit
    return None


# --------------------------------------------------------------------------- template
def template_frame() -> pd.DataFrame:
    """The template's example rows: clearly marked, with round numbers that are not anyone's real figures."""
    rows = [{S.AREA_CODE: "E09000002", AREA_NAME: "Barking and Dagenham", S.METRIC_ID: "fte", S.PERIOD: period,
             S.VALUE: value, S.NOTES: f"{TEMPLATE_MARKER}: not a real figure, replace or delete"}
            for period, value in (("2022-23", 1000), ("2023-24", 1100))]
    return pd.DataFrame(rows, columns=TEMPLATE_COLUMNS)


def template_csv() -> bytes:
    return template_frame().to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def template_xlsx() -> bytes:
    guide = pd.DataFrame({"How to fill in the template": [
        "One row per council, metric and financial year. Keep the header row of the 'figures' sheet.",
        "area_code: the council's ONS GSS code (e.g. E09000002); or leave it blank and give area_name.",
        "metric_id: an id from the dashboard's Data and methods page, e.g. fte or headcount.",
        "period: a financial year, 2023-24 (2023/24 and FY2023 = 2023-24 are also read).",
        "value: in base units: pounds (not £000), people, FTE, percent as 0-100.",
        "A new local measure: add the columns metric_title, metric_unit and metric_polarity.",
        "The two EXAMPLE rows are not real figures: replace or delete them before uploading.",
    ]})
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        template_frame().to_excel(writer, sheet_name="figures", index=False)
        guide.to_excel(writer, sheet_name="how to fill in", index=False)
    return buffer.getvalue()
