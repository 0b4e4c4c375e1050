"""MHCLG council tax: council tax requirement and Band D by authority (CTR returns).

Two published shapes are read:
* "Table 9" ODS/XLSX (2023-24 on): sheets `Data_Billing` and `Data_Precepting`, header row starting `E-code`,
  each item as a (previous year) / (current year) pair of columns with long multi-line labels; the current year is
  named in the sheet's notes ("relates to financial year 2023-24").
* The older CTR data workbooks: sheet `Data` with a two-row header (item labels on one row, year labels such as
  2021-22 under them), identity columns `Ecode, Authority, Class` (an `ONS Code` column at the end from 2020-21);
  precepting bodies follow under a header of their own whose items span merged columns, previous year first.
Billing authorities report line 3 (requirement excluding parish precepts) and line 9 (Band D excluding parish
precepts); precepting authorities (county councils) line 1 and line 3. Figures are set at budget time: status
"budget". Previous-year columns only fill gaps: that year's own release is preferred.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from kpi.core import schema as S
from loaders.areas import AreaLookup
from loaders.base import FILL_ONLY, Parsed, concat, tidy
from loaders.errors import LayoutChanged
from loaders.source import Source
from loaders.tables import (Columns, Workbook, clean_label, financial_year_in, find_header_row, no_sheet, row_labels,
                            sniffed_workbook, to_number)

SOURCE_ID = "mhclg_council_tax_ctr"
TAXBASE_ID = "mhclg_council_taxbase"
SOURCE_IDS = (SOURCE_ID, TAXBASE_ID)

# (block, item) -> label regex. Matched on the words, not the item numbers: the numbers shift between years
# (Band D excluding parish precepts is item 11 in 2015-16 and item 9 from 2021-22).
ITEMS = {
    ("billing", "ctr"): r"^\d+[a-z]?\.? ?Council Tax Requirement .*excluding local precepts",
    ("billing", "band_d"): r"^\d+[a-z]?\.? ?Average \(Band D.*excluding local precepts",
    ("billing", "tax_base"): r"^\d+[a-z]?\.? ?Council tax base for council tax setting purposes",
    ("precepting", "ctr"): r"^\d+[a-z]?\.? ?Council Tax Requirement including special expenses\.?( \(|$)",
    ("precepting", "band_d"): r"^\d+[a-z]?\.? ?Average \(Band D.*of major precepting authority",
    ("precepting", "tax_base"): r"^\d+[a-z]?\.? ?Council tax base for the major precepting authority",
}


WANTED = "sheet 'Data_Billing' (Table 9), 'Data' beside 'Billing Authorities' (CTR data) or 'Council_Taxbase_Data'"


def sniff(content: bytes, filename: str = "") -> str:
    book = sniffed_workbook(content, SOURCE_ID, filename, WANTED)
    names = set(book.sheet_names)
    if "Council_Taxbase_Data" in names:
        return TAXBASE_ID
    if {"Data_Billing", "Data_Precepting"} & names:
        return SOURCE_ID
    if "Data" in names and ({"Billing Authorities", "Precepting Authorities"} & names):
        return SOURCE_ID
    raise no_sheet(book, WANTED)


def parse(content: bytes, filename: str = "") -> Parsed:
    book = Workbook(content, SOURCE_ID, filename)
    if "Council_Taxbase_Data" in book.sheet_names:
        return parse_taxbase(book, filename)
    if "Data_Billing" in book.sheet_names:
        frames = [_table9(book, "Data_Billing", "billing")]
        if "Data_Precepting" in book.sheet_names:
            frames.append(_table9(book, "Data_Precepting", "precepting"))
        year = frames[0]["period"].max()
        return Parsed(SOURCE_ID, pd.concat(frames, ignore_index=True), release=f"CTR Table 9 {year}",
                      meta={"layout": "table9", "year": year})
    if "Data" in book.sheet_names:
        frame = _two_row_header(book, "Data")
        year = frame["period"].max()
        return Parsed(SOURCE_ID, frame, release=f"CTR data {year}", meta={"layout": "ctr-data", "year": year})
    raise LayoutChanged(SOURCE_ID, "no sheet 'Data_Billing' (Table 9) or 'Data' (CTR data workbook); found "
                                   f"{', '.join(book.sheet_names)}")


def _current_year(grid: pd.DataFrame, header: int, sheet: str) -> str:
    for r in range(header):
        text = clean_label(grid.iat[r, 0])
        if re.search(r"current year", text, re.I):
            year = financial_year_in(text)
            if year:
                return year
    raise LayoutChanged(SOURCE_ID, f"sheet {sheet!r}: no note naming the current financial year above the header")


def _table9(book: Workbook, sheet: str, block: str) -> pd.DataFrame:
    grid = book.sheet(sheet)
    header = find_header_row(grid, r"E-?code", source_id=SOURCE_ID, sheet=sheet)
    year = _current_year(grid, header, sheet)
    prev = f"{int(year[:4]) - 1}-{year[2:4]}"
    cols = Columns(row_labels(grid, header), SOURCE_ID, sheet)
    body = grid.iloc[header + 1:].reset_index(drop=True)
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
                raise LayoutChanged(SOURCE_ID, f"sheet {sheet!r}: no column {label!r} marked {which!r}; columns "
                                               f"found: {[c[:50] for c in cols.labels if c][:20]}")
            part[item] = to_number(body[idx[0]], source_id=SOURCE_ID, what=f"{sheet} {cols.labels[idx[0]][:40]}")
        part["period"] = period
        part["block"] = block
        part[FILL_ONLY] = fill
        out.append(part)
    return pd.concat(out, ignore_index=True)


def _two_row_header(book: Workbook, sheet: str) -> pd.DataFrame:
    grid = book.sheet(sheet)
    header = find_header_row(grid, r"E-?code", source_id=SOURCE_ID, sheet=sheet)
    labels = row_labels(grid, header)
    years = [financial_year_in(x) for x in row_labels(grid, header + 1)]
    if not any(years):
        raise LayoutChanged(SOURCE_ID, f"sheet {sheet!r}: no row of years (like 2022-23) under the header row")
    current_year = max(y for y in years if y)
    previous_year = f"{int(current_year[:4]) - 1}-{current_year[2:4]}"
    # Item labels span two merged columns: carry each label right over its year columns.
    carried, current = [], ""
    for lab in labels:
        current = lab or current
        carried.append(current)
    cols = Columns(labels, SOURCE_ID, sheet)
    ecode_col = cols.find(r"^E-?code$", what="Ecode")
    class_col = cols.find(r"^Class$", what="Class")
    ons_col = cols.find(r"^ONS Code$", what="ONS Code", required=False)   # present from 2020-21
    first = grid[ecode_col].map(clean_label)
    # Precepting bodies (county councils, police, fire) may follow further down under a header of their own,
    # whose items span several merged columns with no year row: there the first two are (previous, current).
    second = next((r for r in range(header + 2, len(grid)) if re.match(r"^E-?code$", first.iat[r], re.I)), None)
    blocks = [("billing", header + 2, second if second is not None else len(grid), carried, years, ons_col)]
    if second is not None:
        labels2 = row_labels(grid, second)
        years2: list[str | None] = [None] * len(labels2)
        carried2, current = [], ""
        for i, lab in enumerate(labels2):
            current = lab or current
            carried2.append(current)
            if lab and i + 1 < len(labels2):
                years2[i], years2[i + 1] = previous_year, current_year
        ons2 = next((i for i, lab in enumerate(labels2) if re.match(r"^ONS Code$", lab, re.I)), None)
        blocks.append(("precepting", second + 1, len(grid), carried2, years2, ons2))
    out = []
    for block, start, stop, item_labels, item_years, ons in blocks:
        body = grid.iloc[start:stop].reset_index(drop=True)
        ecode = body[ecode_col].map(clean_label)
        ons_code = body[ons].map(clean_label) if ons is not None else ""
        for period in (previous_year, current_year):
            part = pd.DataFrame({"ecode": ecode, "ons_code": ons_code, "class": body[class_col].map(clean_label),
                                 "block": block, "period": period, FILL_ONLY: period != current_year})
            for item in ("ctr", "band_d", "tax_base"):
                # Single-header workbooks (2015-16) list precepting bodies under the billing columns.
                pattern = ITEMS[(block, item)]
                idx = [i for i, lab in enumerate(item_labels)
                       if item_years[i] == period and re.search(pattern, lab, re.I)]
                if not idx:
                    if item == "ctr":
                        raise LayoutChanged(SOURCE_ID, f"sheet {sheet!r}: no {block} column {pattern!r} for {period}")
                    part[item] = np.nan
                    continue
                part[item] = to_number(body[idx[0]], source_id=SOURCE_ID, what=f"{sheet} {item_labels[idx[0]][:40]}",
                                       strict=False)
            out.append(part[part["ecode"].str.match(r"^E\d{4}$")])
    return pd.concat(out, ignore_index=True)


# --------------------------------------------------------------------------------------------- council tax base
# "Council Taxbase <year>: local authority level data" (CTB, October): sheet `Council_Taxbase_Data` holds 32 tables
# side by side; the row above the header names each table ("Table 1.01 Total Number of Dwellings on Valuation
# List"); the header repeats `Band A ... Band H, Total` for every table.

def parse_taxbase(book: Workbook, filename: str = "") -> Parsed:
    sheet = "Council_Taxbase_Data"
    grid = book.sheet(sheet)
    header = find_header_row(grid, r"E-?code", source_id=TAXBASE_ID, sheet=sheet)
    labels = row_labels(grid, header)
    titles = row_labels(grid, header - 1) if header else [""] * len(labels)
    start = next((i for i, t in enumerate(titles) if re.match(r"^Table 1\.01\b", t)), None)
    if start is None:
        raise LayoutChanged(TAXBASE_ID, f"sheet {sheet!r}: no table titled 'Table 1.01 Total Number of Dwellings' "
                                        f"above the header; titles found: {[t[:40] for t in titles if t][:6]}")
    cols = Columns(labels, TAXBASE_ID, sheet)
    total = cols.find(r"^Total$", what="the Total column of Table 1.01", start=start)
    body = grid.iloc[header + 1:].reset_index(drop=True)
    texts = [filename, clean_label(grid.iat[0, 0])]
    if "Cover" in book.sheet_names:
        texts.append(clean_label(book.sheet("Cover").iat[0, 0]))
    year = next((int(m.group(1)) for t in texts if (m := re.search(r"Taxbase\D{0,40}(20\d{2})", t or "", re.I))), None)
    if year is None:
        raise LayoutChanged(TAXBASE_ID, "no year such as 'Council Taxbase ... 2022' in the file name or cover sheet")
    frame = pd.DataFrame({
        "ecode": body[cols.find(r"^E-?code$", what="E-code")].map(clean_label),
        "ons_code": body[cols.find(r"^ONS Code$", what="ONS Code")].map(clean_label),
        "dwellings": to_number(body[total], source_id=TAXBASE_ID, what=f"{sheet} Table 1.01 Total"),
        "period": f"{year}-{(year + 1) % 100:02d}",    # an October count: the financial year containing it
    })
    return Parsed(TAXBASE_ID, frame, release=f"Council Taxbase {year} (October {year})",
                  meta={"layout": "taxbase", "year": year})


def normalise(parsed: Parsed, areas: AreaLookup) -> pd.DataFrame:
    if parsed.meta.get("layout") == "taxbase":
        raw = parsed.frame.copy()
        raw[S.AREA_CODE] = [areas.gss(o, e) for o, e in zip(raw["ons_code"], raw["ecode"])]
        raw = raw.dropna(subset=[S.AREA_CODE]).drop_duplicates([S.AREA_CODE, "period"])
        out = pd.DataFrame({S.AREA_CODE: raw[S.AREA_CODE], S.PERIOD: raw["period"], S.VALUE: raw["dwellings"],
                            S.NOTES: f"dwellings on the valuation list, October {parsed.meta['year']}"})
        return concat([tidy(out, metric="dwellings", unit="dwellings", source=TAXBASE_ID)])
    raw = parsed.frame.copy()
    raw[S.AREA_CODE] = [areas.gss(o, e) for o, e in zip(raw["ons_code"], raw["ecode"])]
    raw = raw.dropna(subset=[S.AREA_CODE])
    raw = raw.sort_values("block").drop_duplicates([S.AREA_CODE, "period"], keep="first")
    raw[S.PERIOD] = raw["period"]
    base = raw[[S.AREA_CODE, S.PERIOD, FILL_ONLY]]
    ctr = base.assign(**{S.VALUE: raw["ctr"], S.STATUS: S.BUDGET, S.NOTES: ""})
    band_d = base.assign(**{S.VALUE: raw["band_d"], S.STATUS: S.BUDGET, S.NOTES: ""})
    # New councils have a published Band D of 0 (or none): use requirement / tax base there, and say so.
    zero = ((raw["band_d"] == 0) | raw["band_d"].isna()) & (raw["tax_base"] > 0) & raw["ctr"].notna()
    band_d.loc[zero, S.VALUE] = (raw.loc[zero, "ctr"] / raw.loc[zero, "tax_base"]).round(2)
    band_d.loc[zero, S.NOTES] = "published Band D was 0 for this new council; council tax requirement / tax base"
    return concat([
        tidy(ctr, metric="council_tax_requirement", unit="gbp", source=SOURCE_ID),
        tidy(band_d, metric="band_d_council_tax", unit="gbp", source=SOURCE_ID),
    ])


SOURCE = Source(name="council_tax", ids=SOURCE_IDS, sniff=sniff, parse=parse, normalise=normalise)
