"""The older CTR data workbooks: sheet `Data` with a two-row header.

Item labels sit on one row with year labels such as 2021-22 under them; identity columns are `Ecode, Authority,
Class` (an `ONS Code` column at the end from 2020-21). Precepting bodies follow under a header of their own whose
items span merged columns, previous year first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from loaders.base import FILL_ONLY
from loaders.errors import LayoutChanged
from loaders.sources.council_tax.items import ITEMS, SOURCE_ID, previous_year
from loaders.tables import Columns, Workbook, clean_label, financial_year_in, find_header_row, row_labels, to_number


@dataclass(frozen=True)
class _Block:
    """Rows start:stop of one block, with each column's item label (carried over merged cells) and year."""

    name: str
    start: int
    stop: int
    labels: list[str]
    years: list[str | None]
    ons: int | None


def _carried(labels: list[str]) -> list[str]:
    """Item labels span merged columns: carry each label right over the columns under it."""
    carried, current = [], ""
    for lab in labels:
        current = lab or current
        carried.append(current)
    return carried


def _year_row(grid: pd.DataFrame, header: int, sheet: str) -> list[str | None]:
    years = [financial_year_in(x) for x in row_labels(grid, header + 1)]
    if not any(years):
        raise LayoutChanged(SOURCE_ID, f"sheet {sheet!r}: no row of years (like 2022-23) under the header row")
    return years


def _precepting_block(grid: pd.DataFrame, second: int, current_year: str) -> _Block:
    """Precepting bodies under a header of their own: items span merged columns with no year row, and the first
    two columns of each are (previous, current)."""
    labels = row_labels(grid, second)
    years: list[str | None] = [None] * len(labels)
    for i, lab in enumerate(labels):
        if lab and i + 1 < len(labels):
            years[i], years[i + 1] = previous_year(current_year), current_year
    ons = next((i for i, lab in enumerate(labels) if re.match(r"^ONS Code$", lab, re.I)), None)
    return _Block("precepting", second + 1, len(grid), _carried(labels), years, ons)


def _item_column(body: pd.DataFrame, sheet: str, block: _Block, item: str, period: str) -> pd.Series | float:
    # Single-header workbooks (2015-16) list precepting bodies under the billing columns.
    pattern = ITEMS[(block.name, item)]
    idx = [i for i, lab in enumerate(block.labels) if block.years[i] == period and re.search(pattern, lab, re.I)]
    if not idx:
        if item == "ctr":
            raise LayoutChanged(SOURCE_ID, f"sheet {sheet!r}: no {block.name} column {pattern!r} for {period}")
        return np.nan
    return to_number(body[idx[0]], source_id=SOURCE_ID, what=f"{sheet} {block.labels[idx[0]][:40]}", strict=False)


def _read_block(
    grid: pd.DataFrame, sheet: str, block: _Block, ident: tuple[int, int], current_year: str
) -> list[pd.DataFrame]:
    """One frame per year (previous, then current) of the block's councils; ident is (Ecode, Class) columns."""
    ecode_col, class_col = ident
    body = grid.iloc[block.start : block.stop].reset_index(drop=True)
    ecode = body[ecode_col].map(clean_label)
    ons_code = body[block.ons].map(clean_label) if block.ons is not None else ""
    out = []
    for period in (previous_year(current_year), current_year):
        part = pd.DataFrame(
            {
                "ecode": ecode,
                "ons_code": ons_code,
                "class": body[class_col].map(clean_label),
                "block": block.name,
                "period": period,
                FILL_ONLY: period != current_year,
            }
        )
        for item in ("ctr", "band_d", "tax_base"):
            part[item] = _item_column(body, sheet, block, item, period)
        out.append(part[part["ecode"].str.match(r"^E\d{4}$")])
    return out


def read_ctr_data(book: Workbook, sheet: str) -> pd.DataFrame:
    grid = book.sheet(sheet)
    header = find_header_row(grid, r"E-?code", source_id=SOURCE_ID, sheet=sheet)
    labels = row_labels(grid, header)
    years = _year_row(grid, header, sheet)
    current_year = max(y for y in years if y)
    cols = Columns(labels, SOURCE_ID, sheet)
    ident = (cols.find(r"^E-?code$", what="Ecode"), cols.find(r"^Class$", what="Class"))
    ons_col = cols.find(r"^ONS Code$", what="ONS Code", required=False)  # present from 2020-21
    first = grid[ident[0]].map(clean_label)
    # Precepting bodies (county councils, police, fire) may follow further down under a header of their own.
    second = next((r for r in range(header + 2, len(grid)) if re.match(r"^E-?code$", first.iat[r], re.I)), None)
    stop = second if second is not None else len(grid)
    blocks = [_Block("billing", header + 2, stop, _carried(labels), years, ons_col)]
    if second is not None:
        blocks.append(_precepting_block(grid, second, current_year))
    out = [part for block in blocks for part in _read_block(grid, sheet, block, ident, current_year)]
    return pd.concat(out, ignore_index=True)
