"""Readers for the curated public files the bundled snapshot is built from.

Each reader takes the candidates folder (see README, "Rebuilding the snapshot") and returns tidy observations in
base units. The quality notes of each folder's PROVENANCE.md are applied here, each where it matters, and named in a
comment so a reviewer can check them against the notes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from kpi.core import schema as S
from kpi.core.periods import fy_label, mid_year_to_period
from loaders.areas import code_map
from loaders.sources.revenue_outturn.workbook import UPPER_TIER_ONLY


def _tidy(frame: pd.DataFrame, *, metric: str, unit: str, source: str) -> pd.DataFrame:
    out = frame.copy()
    out[S.METRIC_ID] = metric
    out[S.UNIT] = unit
    out[S.SOURCE_ID] = source
    for col in (S.STATUS, S.NOTES):
        if col not in out:
            out[col] = ""
    return out[S.COLUMNS]


def _recode(frame: pd.DataFrame, areas: pd.DataFrame, column: str) -> pd.DataFrame:
    out = frame.copy()
    out[column] = out[column].replace(code_map(areas))
    return out[out[column].isin(set(areas["area_code"]))]


# --------------------------------------------------------------------------------------------- observations


def population(candidates: Path, areas: pd.DataFrame) -> pd.DataFrame:
    old = pd.read_csv(
        candidates / "ons-population-mye" / "ons_mye_population_la_2001_2022.csv", dtype={"area_code": str}
    )
    new = pd.read_csv(
        candidates / "ons-population-mye-2021-2024" / "ons_mye_population_la_mid2021_mid2023_mid2024.csv",
        dtype={"area_code": str},
    )
    frame = pd.concat([old, new], ignore_index=True)
    frame = frame[frame["mid_year"] >= 2001]
    # The mid-2020 workbook writes North and West Northamptonshire's codes with a trailing no-break space.
    frame["area_code"] = frame["area_code"].str.strip()
    based_2011 = frame["vintage"].str.contains("2011-census-based|mid-2020", case=False, regex=True)
    frame["source"] = np.where(based_2011, "ons_mye_2011_based", "ons_mye_2021_based")
    frame = _recode(frame.rename(columns={"area_code": S.AREA_CODE}), areas, S.AREA_CODE)
    # PROVENANCE: the two vintages overlap only at mid-2011 with identical values. Keep the 2011-based figure
    # there (so the series changes basis once, at 2020-21 -> 2021-22) unless the values differ.
    dup = frame.duplicated([S.AREA_CODE, "mid_year"], keep=False)
    pairs = frame[dup].pivot_table(index=[S.AREA_CODE, "mid_year"], columns="source", values="population")
    same = pairs.index[pairs["ons_mye_2011_based"] == pairs["ons_mye_2021_based"]]
    drop = frame.set_index([S.AREA_CODE, "mid_year"]).index.isin(same) & (frame["source"] == "ons_mye_2021_based")
    frame = frame[~drop]
    frame[S.PERIOD] = frame["mid_year"].map(mid_year_to_period)
    frame[S.VALUE] = frame["population"].astype(float)
    frame[S.NOTES] = "mid-" + frame["mid_year"].astype(str) + " estimate"
    parts = []
    for source, part in frame.groupby("source"):
        parts.append(_tidy(part, metric="population", unit="people", source=str(source)))
    return pd.concat(parts, ignore_index=True)


def spending_power(candidates: Path, areas: pd.DataFrame) -> pd.DataFrame:
    raw = pd.read_csv(candidates / "spending-power-2011-2021" / "SpendingMillions.csv", dtype=str)
    long = raw.melt(id_vars=["ons_code", "ons_name", "class", "region"], var_name="col", value_name="millions")
    long = long[long["millions"].str.strip() != ".."]  # ".." marks councils that no longer existed
    long["start"] = long["col"].astype(int) - 1  # column "2012" is 2011-12 (the repository's own Rmd)
    long[S.PERIOD] = long["start"].map(fy_label)
    long[S.VALUE] = (pd.to_numeric(long["millions"]) * 1_000_000).round(0)
    long = _recode(long.rename(columns={"ons_code": S.AREA_CODE}), areas, S.AREA_CODE)
    rsp = long[long["start"] <= 2015].copy()
    rsp[S.NOTES] = "Revenue Spending Power (definition before 2016-17); published in £m to 2 decimal places"
    csp = long[long["start"] >= 2016].copy()
    csp[S.NOTES] = "Core Spending Power; published in £m to 2 decimal places"
    return pd.concat(
        [
            _tidy(rsp, metric="core_spending_power", unit="gbp", source="mhclg_revenue_spending_power"),
            _tidy(csp, metric="core_spending_power", unit="gbp", source="mhclg_core_spending_power"),
        ],
        ignore_index=True,
    )


RS_FLOWS = {
    "net_revenue_expenditure": "net_revenue_expenditure",
    "total_service_expenditure": "service_spend",
    "interest_payable": "interest_payable",
    "mrp_provision_for_repayment_of_principal": "minimum_revenue_provision",
    "council_tax_requirement": "council_tax_requirement",
    "adult_social_care": "adult_social_care_spend",  # line 360; 2010-11 has one "social care" line (left out)
    "childrens_social_care": "childrens_social_care_spend",  # line 330
}
RS_ESTIMATED_RESERVES = {"2015-16", "2016-17", "2017-18", "2023-24"}  # labelled "Estimated" on the forms


def revenue_outturn(candidates: Path, areas: pd.DataFrame) -> pd.DataFrame:
    raw = pd.read_csv(
        candidates / "revenue-outturn-rs" / "rs_revenue_outturn_summary_2010-11_to_2017-18_and_2023-24.csv",
        dtype={"ons_code": str, "certification": str},
    )
    raw = raw[raw["class"].isin(["L", "LB", "MD", "UA", "SC", "SD"])]
    raw = _recode(raw.rename(columns={"ons_code": S.AREA_CODE}), areas, S.AREA_CODE)
    raw = raw.rename(columns={"financial_year": S.PERIOD})
    uncertified = raw["certification"].fillna("").eq("N")
    parts = []
    for column, metric in RS_FLOWS.items():
        part = raw[[S.AREA_CODE, S.PERIOD, column]].assign(**{S.VALUE: raw[column] * 1000}).dropna(subset=[S.VALUE])
        part[S.NOTES] = np.where(uncertified.loc[part.index], "return not certified", "")
        if metric in UPPER_TIER_ONLY:
            part = part[raw.loc[part.index, "class"] != "SD"]
        parts.append(_tidy(part, metric=metric, unit="gbp", source="mhclg_revenue_outturn_rs"))

    end = raw[[S.AREA_CODE, S.PERIOD]].assign(**{S.VALUE: raw["non_ringfenced_reserves_end"] * 1000})
    end[S.STATUS] = np.where(end[S.PERIOD].isin(RS_ESTIMATED_RESERVES), S.ESTIMATED, S.FINAL)
    carried = raw["other_earmarked_reserves_end_source"].fillna("").eq("next_year_1_april")
    end[S.NOTES] = np.where(carried, "level at 1 April of the next year (the form reports 1 April levels only)", "")
    end.loc[uncertified, S.NOTES] = "return not certified"
    end = end.dropna(subset=[S.VALUE])
    # PROVENANCE: 2022-23 year-end reserves are approximately the 2023-24 form's 1 April 2023 opening levels.
    opening = raw[raw[S.PERIOD] == "2023-24"]
    start = pd.DataFrame(
        {
            S.AREA_CODE: opening[S.AREA_CODE],
            S.PERIOD: "2022-23",
            S.VALUE: (opening["other_earmarked_reserves_start"] + opening["unallocated_reserves_start"]) * 1000,
            S.STATUS: S.ESTIMATED,
            S.NOTES: "opening level at 1 April 2023 reported on the 2023-24 RS form",
        }
    ).dropna(subset=[S.VALUE])
    parts.append(
        _tidy(pd.concat([end, start]), metric="non_ringfenced_reserves", unit="gbp", source="mhclg_revenue_outturn_rs")
    )
    return pd.concat(parts, ignore_index=True)


def council_tax(candidates: Path, areas: pd.DataFrame) -> pd.DataFrame:
    raw = pd.read_csv(
        candidates / "council-tax-ctr-2014-2024" / "council_tax_requirement_band_d_taxbase_2014-15_to_2023-24.csv",
        dtype={"ons_code": str},
    )
    raw = _recode(raw.rename(columns={"ons_code": S.AREA_CODE, "financial_year": S.PERIOD}), areas, S.AREA_CODE)
    keys = raw[[S.AREA_CODE, S.PERIOD]]
    ctr = keys.assign(**{S.VALUE: raw["council_tax_requirement_excl_parish"], S.STATUS: S.BUDGET})
    band_d = keys.assign(**{S.VALUE: raw["band_d_excl_parish"], S.STATUS: S.BUDGET, S.NOTES: ""})
    # PROVENANCE: new councils with a published Band D of 0 were blanked; use requirement / tax base there.
    fill = band_d[S.VALUE].isna() & raw["band_d_excl_parish_calc"].notna()
    band_d.loc[fill, S.VALUE] = raw.loc[fill, "band_d_excl_parish_calc"].round(2)
    band_d.loc[fill, S.NOTES] = "published Band D was 0 for this new council; council tax requirement / tax base"
    # PROVENANCE: council_tax_base, in Band D equivalents (billing: for council tax setting; counties: as precepting).
    base = keys.assign(**{S.VALUE: raw["council_tax_base"], S.STATUS: S.BUDGET}).dropna(subset=[S.VALUE])
    return pd.concat(
        [
            _tidy(
                ctr.dropna(subset=[S.VALUE]),
                metric="council_tax_requirement",
                unit="gbp",
                source="mhclg_council_tax_ctr",
            ),
            _tidy(
                band_d.dropna(subset=[S.VALUE]), metric="band_d_council_tax", unit="gbp", source="mhclg_council_tax_ctr"
            ),
            _tidy(base, metric="council_tax_base", unit="dwellings", source="mhclg_council_tax_ctr"),
        ],
        ignore_index=True,
    )


def dwellings(candidates: Path, areas: pd.DataFrame) -> pd.DataFrame:
    raw = pd.read_csv(
        candidates / "council-tax-ctr-2014-2024" / "council_taxbase_dwellings_by_band_2022.csv", dtype={"ons_code": str}
    )
    raw = _recode(raw.rename(columns={"ons_code": S.AREA_CODE}), areas, S.AREA_CODE)
    # PROVENANCE: Table 1.01 total at the October count (3 October 2022), shown against the year containing it;
    # the same rows as `python -m loaders import` of the Council Taxbase workbook.
    year = pd.to_datetime(raw["snapshot_date"]).dt.year
    counted = raw[[S.AREA_CODE]].assign(
        **{
            S.PERIOD: year.map(fy_label),
            S.VALUE: raw["dwellings_total_valuation_list"].astype(float),
            S.NOTES: "dwellings on the valuation list, October " + year.astype(str),
        }
    )
    return _tidy(counted.dropna(subset=[S.VALUE]), metric="dwellings", unit="dwellings", source="mhclg_council_taxbase")


def borrowing(candidates: Path, areas: pd.DataFrame) -> pd.DataFrame:
    raw = pd.read_csv(
        candidates / "borrowing-investment-2009-2020" / "borrowing_investment_by_la_2009_2020.csv",
        dtype={"ons_code": str},
    )
    raw = raw[raw["country"] == "ENG"]
    raw = _recode(raw.rename(columns={"ons_code": S.AREA_CODE, "financial_year": S.PERIOD}), areas, S.AREA_CODE)
    raw = raw.drop_duplicates([S.AREA_CODE, S.PERIOD])
    debt = raw[[S.AREA_CODE, S.PERIOD]].assign(
        **{S.VALUE: raw["total_borrowing"] * 1000, S.NOTES: "outstanding at " + raw["as_at"].astype(str)}
    )
    return _tidy(debt.dropna(subset=[S.VALUE]), metric="total_debt", unit="gbp", source="mhclg_borrowing_investment")


ASC_METRICS = {
    "ASC1": ("asc_carer_quality_of_life", "score"),
    "ASC2": ("asc_quality_of_life", "score"),
    "ASC3": ("asc_info_service_users", "percent"),
    "ASC4": ("asc_info_carers", "percent"),
    "ASC5": ("asc_short_term_outcome", "percent"),
    "ASC6": ("asc_requests_resulting_in_service", "rate"),
    # ASC7 (Skills for Care workforce turnover) is declared in the catalogue but not bundled: PROVENANCE asks
    # for its republication terms to be confirmed first.
}


def adult_social_care(candidates: Path, areas: pd.DataFrame) -> pd.DataFrame:
    raw = pd.read_csv(
        candidates / "oflog-asc-and-nearest-neighbours" / "ASC_data.csv", dtype={"Local authority code": str}
    )
    raw = raw.rename(columns={"Local authority code": S.AREA_CODE, "Financial year": S.PERIOD, "Value": S.VALUE})
    raw = _recode(raw, areas, S.AREA_CODE)
    parts = []
    for code, (metric, unit) in ASC_METRICS.items():
        part = raw[raw["Code"] == code].dropna(subset=[S.VALUE])
        parts.append(_tidy(part, metric=metric, unit=unit, source="oflog_asc"))
    return pd.concat(parts, ignore_index=True)


def neighbours(candidates: Path, areas: pd.DataFrame) -> pd.DataFrame:
    raw = pd.read_csv(
        candidates / "ons-nearest-neighbours-2025" / "ons_statistical_nearest_neighbours_2025_top20.csv", dtype=str
    )
    raw = raw.rename(columns={"la_code": "area_code", "relative_distance": "distance"})
    raw["rank"] = raw["rank"].astype(int)
    raw["distance"] = raw["distance"].astype(float).round(4)
    return raw[["tier", "area_code", "rank", "neighbour_code", "distance"]].sort_values(["tier", "area_code", "rank"])


def official_observations(candidates: Path, areas: pd.DataFrame) -> pd.DataFrame:
    readers = (population, spending_power, revenue_outturn, council_tax, dwellings, borrowing, adult_social_care)
    return pd.concat([read(candidates, areas) for read in readers], ignore_index=True)
