"""CTR "Table 9" ODS/XLSX (2023-24 on): sheets `Data_Billing` and `Data_Precepting`.

The header row starts `E-code`; each item is a (previous year) / (current year) pair of columns with long multi-line
labels; the current year is named in the sheet's notes ("relates to financial year 2023-24").
"""

from __future__ import annotations

import re

import pandas as pd

from loaders.base import FILL_ONLY
from loaders.errors import LayoutChanged
from loaders.sources.council_tax.items import ITEMS, SOURCE_ID, previous_year
from loaders.tables import Columns, Workbook, clean_label, financial_year_in, find_header_row, row_labels, to_number


def _current_year(grid: pd.DataFrame, header: int, sheet: str) -> str:
    for r in range(header):
        text = clean_label(grid.iat[r, 0])
        if re.search(r"current year", text, re.I):
            year = financial_year_in(text)
            if year:
                return year
    raise LayoutChanged(SOURCE_ID, f"sheet {sheet!r}: no note naming the current financial year above the header")


def read_table9(book: Workbook, sheet: str, block: str) -> pd.DataFrame:
    grid = book.sheet(sheet)
    header = find_header_row(grid, r"E-?code", source_id=SOURCE_ID, sheet=sheet)
    year = _current_year(grid, header, sheet)
    prev = previous_year(year)
    cols = Columns(row_labels(grid, header), SOURCE_ID, sheet)
    body = grid.iloc[header + 1 :].reset_index(drop=True)
    ident = {
        "ecode": body[cols.find(r"^E-?code$", what="E-code")].map(clean_label),
        "ons_code": body[cols.find(r"^ONS Code$", what="ONS code")].map(clean_label),
        "class": body[cols.find(r"^Class$", what="class")].map(clean_label),
    }
    out = []
    for period, which, fill in ((year, r"\(current year\)", False), (prev, r"\(previous year\)", True)):
        part = pd.DataFrame(ident)
        for item in ("ctr", "band_d", "tax_base"):
            label = ITEMS[(block, item)]
            idx = [i for i in cols.find_all(label) if re.search(which, cols.labels[i], re.I)]
            if not idx:
                raise LayoutChanged(
                    SOURCE_ID,
                    f"sheet {sheet!r}: no column {label!r} marked {which!r}; columns "
                    f"found: {[c[:50] for c in cols.labels if c][:20]}",
                )
            part[item] = to_number(body[idx[0]], source_id=SOURCE_ID, what=f"{sheet} {cols.labels[idx[0]][:40]}")
        part["period"] = period
        part["block"] = block
        part[FILL_ONLY] = fill
        out.append(part)
    return pd.concat(out, ignore_index=True)
