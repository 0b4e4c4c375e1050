"""MHCLG revenue outturn and budget: RS workbooks (xls/xlsx/ods), the multi-year RO CSV, and RA budget workbooks.

Reading each shape is its own module (workbook, multi_year_csv); both give one row per
council and year with the same line names, normalised here. Values are £ thousand in the files and pounds here.
RA budget workbooks share the RS layout and are flagged status "budget".
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from kpi.core import schema as S
from kpi.core.periods import fy_label
from loaders.areas import AreaLookup
from loaders.base import FILL_ONLY, Parsed, concat, tidy
from loaders.errors import BadData, NotThisSource
from loaders.source import Source
from loaders.sources.revenue_outturn.multi_year_csv import parse_multi_year_csv
from loaders.sources.revenue_outturn.workbook import FLOWS, RA, RS, UPPER_TIER_ONLY, parse_workbook
from loaders.tables import file_kind, no_sheet, sniffed_workbook

SOURCE_IDS = (RS, RA)


# --------------------------------------------------------------------------------------------- sniffing

WANTED = "sheet like 'RS LA Data 2023-24' or 'RA LA Data 2016-17'"


def sniff(content: bytes, filename: str = "") -> str:
    """RS/RA workbook or RO multi-year CSV -> its source id; NotThisSource saying what was looked for."""
    kind = file_kind(content, filename)
    if kind == "csv":
        head = content[:20000].decode("utf-8-sig", errors="replace")
        first = head.splitlines()[0] if head else ""
        if re.search(r"\bRS_netrevexp_net_exp\b", first, re.I) or ("year_ending" in first.lower() and "RS_" in first):
            return RS
        raise NotThisSource(RS, f"no column RS_netrevexp_net_exp (RO multi-year CSV); a workbook needs a {WANTED}")
    book = sniffed_workbook(content, RS, filename, WANTED)
    if book.find_sheets(r"^RS[ _]?(LA|\d)[ _]?.*Data|^RS LA Data"):
        return RS
    if book.find_sheets(r"^RA[ _]LA[ _]Data"):
        return RA
    raise no_sheet(book, WANTED)


# --------------------------------------------------------------------------------------------- parsing


def parse(content: bytes, filename: str = "") -> Parsed:
    kind = file_kind(content, filename)
    if kind == "csv":
        return parse_multi_year_csv(content)
    if kind == "empty":
        raise BadData(RS, "the file is empty")
    return parse_workbook(content, filename)


# --------------------------------------------------------------------------------------------- normalising


def normalise(parsed: Parsed, areas: AreaLookup) -> pd.DataFrame:
    raw = parsed.frame.copy()
    source = parsed.source_id
    raw = raw[raw["class"].str.upper() != "O"]
    raw[S.AREA_CODE] = [areas.gss(o, e) for o, e in zip(raw["ons_code"], raw["ecode"])]
    raw = raw.dropna(subset=[S.AREA_CODE])
    raw = raw.drop_duplicates([S.AREA_CODE, "period"], keep="first")
    raw[S.PERIOD] = raw["period"]
    uncertified = raw["certification"].str.upper().eq("N")
    budget = source == RA
    status = S.BUDGET if budget else S.FINAL
    parts = []
    for metric in FLOWS:
        if metric not in raw:
            continue
        part = raw[[S.AREA_CODE, S.PERIOD]].assign(**{S.VALUE: raw[metric] * 1000})
        part[S.NOTES] = np.where(uncertified, "return not certified", "")
        if metric in UPPER_TIER_ONLY:
            part = part[raw["class"].str.upper() != "SD"]
        parts.append(tidy(part, metric=metric, unit="gbp", source=source, status=status))
    estimated = parsed.meta.get("estimated_reserves", {})
    if "oth_end" in raw and "una_end" in raw:
        end = raw[[S.AREA_CODE, S.PERIOD]].assign(**{S.VALUE: (raw["oth_end"] + raw["una_end"]) * 1000})
        end[S.STATUS] = S.BUDGET if budget else (S.ESTIMATED if estimated.get("oth_end") else S.FINAL)
        end[S.NOTES] = np.where(uncertified, "return not certified", "")
        parts.append(tidy(end, metric="non_ringfenced_reserves", unit="gbp", source=source))
    if "oth_start" in raw and "una_start" in raw and not budget:
        # A form's 1 April levels are the previous year's closing levels: used only where that year has no figure.
        prev = raw["period"].map(lambda p: fy_label(int(p[:4]) - 1))
        first_april = raw["period"].map(lambda p: f"1 April {p[:4]}")
        start = pd.DataFrame(
            {
                S.AREA_CODE: raw[S.AREA_CODE],
                S.PERIOD: prev,
                S.VALUE: (raw["oth_start"] + raw["una_start"]) * 1000,
                S.STATUS: S.ESTIMATED,
                S.NOTES: "opening level at " + first_april + " reported on the " + raw["period"] + " RS form",
                FILL_ONLY: True,
            }
        )
        parts.append(tidy(start, metric="non_ringfenced_reserves", unit="gbp", source=source))
    return concat(parts)


SOURCE = Source(name="revenue_outturn", ids=SOURCE_IDS, sniff=sniff, parse=parse, normalise=normalise)
