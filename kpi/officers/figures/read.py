"""Council-supplied figures: turning an officer's file into tidy rows or a list of problems.

Pure: bytes in, a ParsedUpload out. Nothing here writes anywhere; kpi.storage.figures saves a clean upload.
Periods and numbers are read as kpi.officers.figures.cells describes, by the rules of kpi.officers.figures.rows
applied a column at a time (kpi.officers.figures.columns); a council may be given by its ONS GSS code or its name
(kpi.core.names), and every name matched is shown for the officer to check."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kpi.core import schema as S
from kpi.core.catalogue import Catalogue
from kpi.officers.figures.columns import MATCH_COLUMNS, check_figures
from kpi.officers.figures.rows import AREA_NAME, METRIC_POLARITY, METRIC_TITLE, METRIC_UNIT, TEMPLATE_MARKER
from kpi.officers.files.tabular import EXCEL_ROW, Table, read_columns

__all__ = ["ParsedUpload", "parse_upload", "AREA_NAME", "TEMPLATE_COLUMNS", "TEMPLATE_MARKER", "ALIASES"]
REQUIRED = [S.AREA_CODE, S.METRIC_ID, S.PERIOD, S.VALUE]
OPTIONAL = [AREA_NAME, S.NOTES, METRIC_TITLE, METRIC_UNIT, METRIC_POLARITY]
TEMPLATE_COLUMNS = [S.AREA_CODE, AREA_NAME, S.METRIC_ID, S.PERIOD, S.VALUE, S.NOTES]

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
def _rename(table: Table) -> tuple[list[str], dict[str, list]]:
    """Header spellings to the template's names; where two columns get one name, the first is kept."""
    names, columns = [], {}
    for name in table.names:
        renamed = ALIASES.get(name, name)
        if renamed not in columns:
            names.append(renamed)
            columns[renamed] = table.columns[name]
    return names, columns


def parse_upload(
    data: bytes, filename: str, catalogue: Catalogue, *, writable: frozenset[str] | None = None
) -> ParsedUpload:
    """Read, normalise and validate an officer's file. `writable` = councils this officer may write for
    (None = any). Raises tabular.FileRejected if the file cannot be read at all."""
    table = read_columns(data, filename, header_names={*REQUIRED, *OPTIONAL, *ALIASES})
    names, columns = _rename(table)
    empty_matches = pd.DataFrame(columns=MATCH_COLUMNS)
    has_area = S.AREA_CODE in columns or AREA_NAME in columns
    missing = [c for c in REQUIRED if c not in columns and not (c == S.AREA_CODE and has_area)]
    if missing:
        found = _columns_found(names)
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
    if not table.rows:
        return ParsedUpload(
            S.empty(), [S.Problem(2, "(all)", "(no rows)", "at least one row of figures")], empty_matches
        )
    checked = check_figures(columns, table.rows, catalogue, writable)
    return ParsedUpload(checked.rows, checked.problems, checked.name_matches, checked.new_metrics)


def _columns_found(names: list[str], shown: int = 20) -> str:
    names = [c[:40] for c in names if c != EXCEL_ROW]
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return (", ".join(names[:shown]) or "none") + more
