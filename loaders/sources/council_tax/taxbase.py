"""Council tax base: "Council Taxbase <year>: local authority level data" (CTB, October).

Sheet `Council_Taxbase_Data` holds 32 tables side by side; the row above the header names each table ("Table 1.01
Total Number of Dwellings on Valuation List"); the header repeats `Band A ... Band H, Total` for every table.
"""

from __future__ import annotations

import re

import pandas as pd

from loaders.base import Parsed
from loaders.errors import LayoutChanged
from loaders.sources.council_tax.items import TAXBASE_ID
from loaders.tables import Columns, Workbook, clean_label, find_header_row, row_labels, to_number


def parse_taxbase(book: Workbook, filename: str = "") -> Parsed:
    sheet = "Council_Taxbase_Data"
    grid = book.sheet(sheet)
    header = find_header_row(grid, r"E-?code", source_id=TAXBASE_ID, sheet=sheet)
    labels = row_labels(grid, header)
    titles = row_labels(grid, header - 1) if header else [""] * len(labels)
    start = next((i for i, t in enumerate(titles) if re.match(r"^Table 1\.01\b", t)), None)
    if start is None:
        raise LayoutChanged(
            TAXBASE_ID,
            f"sheet {sheet!r}: no table titled 'Table 1.01 Total Number of Dwellings' "
            f"above the header; titles found: {[t[:40] for t in titles if t][:6]}",
        )
    cols = Columns(labels, TAXBASE_ID, sheet)
    total = cols.find(r"^Total$", what="the Total column of Table 1.01", start=start)
    body = grid.iloc[header + 1 :].reset_index(drop=True)
    texts = [filename, clean_label(grid.iat[0, 0])]
    if "Cover" in book.sheet_names:
        texts.append(clean_label(book.sheet("Cover").iat[0, 0]))
    year = next((int(m.group(1)) for t in texts if (m := re.search(r"Taxbase\D{0,40}(20\d{2})", t or "", re.I))), None)
    if year is None:
        raise LayoutChanged(TAXBASE_ID, "no year such as 'Council Taxbase ... 2022' in the file name or cover sheet")
    frame = pd.DataFrame(
        {
            "ecode": body[cols.find(r"^E-?code$", what="E-code")].map(clean_label),
            "ons_code": body[cols.find(r"^ONS Code$", what="ONS Code")].map(clean_label),
            "dwellings": to_number(body[total], source_id=TAXBASE_ID, what=f"{sheet} Table 1.01 Total"),
            "period": f"{year}-{(year + 1) % 100:02d}",  # an October count: the financial year containing it
        }
    )
    return Parsed(
        TAXBASE_ID, frame, release=f"Council Taxbase {year} (October {year})", meta={"layout": "taxbase", "year": year}
    )
