"""LGA/ONS Quarterly Public Sector Employment Survey: FTE and headcount by council.

Documented shape (no release file is committed to test against): workbook like `QPSES 2024 Q1.xlsx`, sheet
`Final Individual`, columns `Auth Name`, `Type`, `Total Headcount`, `Total FTE`, `Temporary/Casual`. There are no
codes: names are matched to GSS codes by the project's one council-name matcher (kpi.core.names, which also takes
a lone close typo), and names that match no council are reported, not loaded. A survey quarter is shown against
the financial year it falls in (Q1 = January-March belongs to the year ending that March).
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from kpi.core import schema as S
from kpi.core.periods import FinancialYear
from loaders.areas import AreaLookup
from loaders.base import Parsed, concat, tidy
from loaders.errors import LayoutChanged
from loaders.source import Source
from loaders.tables import Workbook, clean_label, no_sheet, sniffed_workbook, table_under, to_number

SOURCE_ID = "lga_qpses"
SOURCE_IDS = (SOURCE_ID,)
_QUARTER = re.compile(r"(20\d{2})\s*Q([1-4])", re.I)
QUARTER_MONTH = {1: 3, 2: 6, 3: 9, 4: 12}  # survey reference month of each calendar quarter


WANTED = "sheet 'Final Individual'"


def sniff(content: bytes, filename: str = "") -> str:
    book = sniffed_workbook(content, SOURCE_ID, filename, WANTED)
    if book.find_sheets(r"^Final Individual$"):
        return SOURCE_ID
    raise no_sheet(book, WANTED)


def quarter_of(filename: str, grid: pd.DataFrame, header: int) -> tuple[int, int]:
    texts = [filename] + [clean_label(v) for r in range(header) for v in grid.iloc[r].tolist()]
    for text in texts:
        m = _QUARTER.search(text or "")
        if m:
            return int(m.group(1)), int(m.group(2))
    raise LayoutChanged(SOURCE_ID, "no survey quarter like '2024 Q1' in the file name or the sheet's title rows")


def parse(content: bytes, filename: str = "") -> Parsed:
    book = Workbook(content, SOURCE_ID, filename)
    sheet = book.find_sheet(r"^Final Individual$", what="'Final Individual'")
    table = table_under(book, sheet, r"Auth(ority)? Name")
    cols, body = table.cols, table.body
    year, quarter = quarter_of(filename, table.grid, table.header)
    frame = pd.DataFrame(
        {
            "name": body[cols.find(r"^Auth(ority)? Name$", what="Auth Name")].map(clean_label),
            "type": body[cols.find(r"^Type$", what="Type")].map(clean_label),
            "headcount": to_number(
                body[cols.find(r"^Total Headcount$", what="Total Headcount")],
                source_id=SOURCE_ID,
                what="Total Headcount",
            ),
            "fte": to_number(body[cols.find(r"^Total FTE$", what="Total FTE")], source_id=SOURCE_ID, what="Total FTE"),
        }
    )
    frame = frame[frame["name"] != ""]
    return Parsed(SOURCE_ID, frame, release=f"QPSES {year} Q{quarter}", meta={"year": year, "quarter": quarter})


def normalise(parsed: Parsed, areas: AreaLookup) -> pd.DataFrame:
    raw = parsed.frame.copy()
    raw[S.AREA_CODE] = raw["name"].map(areas.by_name)
    unmatched = sorted(raw.loc[raw[S.AREA_CODE].isna(), "name"].unique())
    parsed.meta["unmatched"] = unmatched
    raw = raw.dropna(subset=[S.AREA_CODE]).drop_duplicates(S.AREA_CODE)
    y, q = parsed.meta["year"], parsed.meta["quarter"]
    period = FinancialYear.containing(dt.date(y, QUARTER_MONTH[q], 1)).label
    note = f"QPSES {y} Q{q}"
    base = raw[[S.AREA_CODE]].assign(**{S.PERIOD: period, S.NOTES: note})
    return concat(
        [
            tidy(base.assign(**{S.VALUE: raw["fte"]}), metric="fte", unit="fte", source=SOURCE_ID),
            tidy(base.assign(**{S.VALUE: raw["headcount"]}), metric="headcount", unit="count", source=SOURCE_ID),
        ]
    )


SOURCE = Source(name="qpses", ids=SOURCE_IDS, sniff=sniff, parse=parse, normalise=normalise)
