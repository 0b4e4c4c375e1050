"""MHCLG council tax: council tax requirement, Band D and tax base by authority (CTR returns).

Two published shapes are read, each by its own module:
* "Table 9" ODS/XLSX (2023-24 on, `table9`): sheets `Data_Billing` and `Data_Precepting`, header row starting
  `E-code`, each item as a (previous year) / (current year) pair of columns with long multi-line labels; the current
  year is named in the sheet's notes ("relates to financial year 2023-24").
* The older CTR data workbooks (`ctr_data`): sheet `Data` with a two-row header (item labels on one row, year labels
  such as 2021-22 under them), identity columns `Ecode, Authority, Class` (an `ONS Code` column at the end from
  2020-21); precepting bodies follow under a header of their own whose items span merged columns, previous year first.
Billing authorities report line 3 (requirement excluding parish precepts), line 9 (Band D excluding parish
precepts) and their council tax base for council tax setting; precepting authorities (county councils) line 1, line 3
and their tax base (Band D equivalents, the sum of their districts'). Figures are set at budget time: status
"budget". Previous-year columns only fill gaps: that year's own release is preferred.
Dwellings on the valuation list (the Council Taxbase statistics, October) are read by `taxbase`.
"""

from __future__ import annotations

import pandas as pd

from kpi.core import schema as S
from loaders.areas import AreaLookup
from loaders.base import FILL_ONLY, Parsed, by_council, concat, tidy
from loaders.errors import LayoutChanged
from loaders.source import Source
from loaders.sources.council_tax.ctr_data import read_ctr_data
from loaders.sources.council_tax.items import ITEMS as ITEMS
from loaders.sources.council_tax.items import SOURCE_ID, TAXBASE_ID
from loaders.sources.council_tax.table9 import read_table9
from loaders.sources.council_tax.taxbase import parse_taxbase
from loaders.tables import Workbook, no_sheet, sniffed_workbook

SOURCE_IDS = (SOURCE_ID, TAXBASE_ID)

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
        frames = [read_table9(book, "Data_Billing", "billing")]
        if "Data_Precepting" in book.sheet_names:
            frames.append(read_table9(book, "Data_Precepting", "precepting"))
        year = frames[0]["period"].max()
        return Parsed(
            SOURCE_ID,
            pd.concat(frames, ignore_index=True),
            release=f"CTR Table 9 {year}",
            meta={"layout": "table9", "year": year},
        )
    if "Data" in book.sheet_names:
        frame = read_ctr_data(book, "Data")
        year = frame["period"].max()
        return Parsed(SOURCE_ID, frame, release=f"CTR data {year}", meta={"layout": "ctr-data", "year": year})
    raise LayoutChanged(
        SOURCE_ID,
        f"no sheet 'Data_Billing' (Table 9) or 'Data' (CTR data workbook); found {', '.join(book.sheet_names)}",
    )


def normalise(parsed: Parsed, areas: AreaLookup) -> pd.DataFrame:
    if parsed.meta.get("layout") == "taxbase":
        raw = by_council(parsed.frame, areas)
        out = pd.DataFrame(
            {
                S.AREA_CODE: raw[S.AREA_CODE],
                S.PERIOD: raw["period"],
                S.VALUE: raw["dwellings"],
                S.NOTES: f"dwellings on the valuation list, October {parsed.meta['year']}",
            }
        )
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
    tax_base = base.assign(**{S.VALUE: raw["tax_base"], S.STATUS: S.BUDGET, S.NOTES: ""})
    return concat(
        [
            tidy(ctr, metric="council_tax_requirement", unit="gbp", source=SOURCE_ID),
            tidy(band_d, metric="band_d_council_tax", unit="gbp", source=SOURCE_ID),
            tidy(tax_base, metric="council_tax_base", unit="dwellings", source=SOURCE_ID),
        ]
    )


SOURCE = Source(name="council_tax", ids=SOURCE_IDS, sniff=sniff, parse=parse, normalise=normalise)
