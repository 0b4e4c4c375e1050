"""Ratios the former Oflog explorer showed, calculated from the official series.

Each derived row's source id names its inputs ("derived:a+b"), so a change of input definition (for example
Revenue Spending Power before 2016-17) shows as a series break just as it does in the inputs. Reorganised councils'
figures before vesting day are combined from their predecessors' first (kpi.model.reorganisations), so their ratios
are recalculated from the combined parts, never averaged.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.core import schema as S
from kpi.core.catalogue import Catalogue
from kpi.core.provenance import CALCULATED, COMBINED_PREFIX
from kpi.model.reorganisations import COMBINED_NOTE, combine
from kpi.model.series import preferred


@dataclass(frozen=True)
class Ratio:
    metric_id: str
    numerator: tuple[str, ...]  # summed
    denominator: str
    note: str
    unit: str = "percent"
    scale: float = 100  # percent: x 100; an amount per unit: x 1


RATIOS = (
    Ratio(
        "reserves_pct_nre",
        ("non_ringfenced_reserves",),
        "net_revenue_expenditure",
        "non-ringfenced reserves / net revenue expenditure x 100",
    ),
    Ratio(
        "reserves_pct_service_spend",
        ("non_ringfenced_reserves",),
        "service_spend",
        "non-ringfenced reserves / total service expenditure x 100",
    ),
    Ratio("debt_pct_csp", ("total_debt",), "core_spending_power", "total debt / spending power x 100"),
    Ratio(
        "debt_servicing_pct_csp",
        ("interest_payable", "minimum_revenue_provision"),
        "core_spending_power",
        "(interest payable + minimum revenue provision) / spending power x 100",
    ),
    Ratio(
        "social_care_pct_csp",
        ("adult_social_care_spend", "childrens_social_care_spend"),
        "core_spending_power",
        "(adult + children's social care net current expenditure) / spending power x 100",
    ),
    Ratio(
        "adult_social_care_pct_csp",
        ("adult_social_care_spend",),
        "core_spending_power",
        "adult social care net current expenditure / spending power x 100",
    ),
    Ratio(
        "childrens_social_care_pct_csp",
        ("childrens_social_care_spend",),
        "core_spending_power",
        "children's social care net current expenditure / spending power x 100",
    ),
    Ratio(
        "council_tax_per_dwelling",
        ("council_tax_requirement",),
        "dwellings",
        "council tax requirement / dwellings on the valuation list (October count)",
        unit="gbp",
        scale=1,
    ),
)


def ratio(best: pd.DataFrame, spec: Ratio) -> pd.DataFrame:
    keys = [S.AREA_CODE, S.PERIOD]
    parts = [spec.denominator, *spec.numerator]
    wide = None
    for metric in parts:
        part = best.loc[best[S.METRIC_ID] == metric, keys + [S.VALUE, S.SOURCE_ID, S.STATUS]]
        part = part.rename(columns={S.VALUE: f"v_{metric}", S.SOURCE_ID: f"s_{metric}", S.STATUS: f"t_{metric}"})
        wide = part if wide is None else wide.merge(part, on=keys, how="inner")
    if wide is None or wide.empty:
        return S.empty()
    denom = wide[f"v_{spec.denominator}"]
    wide = wide[denom > 0]  # a ratio to a zero or negative denominator is not meaningful: left missing
    numer = sum(wide[f"v_{m}"] for m in spec.numerator)
    out = wide[keys].copy()
    out[S.VALUE] = (numer / wide[f"v_{spec.denominator}"] * spec.scale).round(4)
    out[S.METRIC_ID] = spec.metric_id
    out[S.UNIT] = spec.unit
    out[S.SOURCE_ID] = (
        wide[[f"s_{m}" for m in parts]].apply(lambda r: "derived:" + "+".join(sorted(set(r))), axis=1)
        if len(wide)
        else ""
    )
    out[S.STATUS] = wide[[f"t_{m}" for m in parts]].apply(lambda r: S.least_final(list(r)), axis=1) if len(wide) else ""
    out[S.NOTES] = spec.note
    if len(out):  # a reorganised council's ratio before vesting day: say its parts are its predecessors' combined
        combined = out[S.SOURCE_ID].str.contains(COMBINED_PREFIX, regex=False)
        out.loc[combined, S.NOTES] = f"{spec.note}; {COMBINED_NOTE}"
    return out[S.COLUMNS]


def add_derived(obs: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Official observations plus reorganised councils' combined figures and every ratio in RATIOS (replacing any
    calculated rows already present)."""
    base = obs[~obs[S.SOURCE_ID].str.startswith(CALCULATED)]
    combined, _ = combine(base, catalogue)
    base = pd.concat([base, combined], ignore_index=True) if len(combined) else base
    best = preferred(base, catalogue.source_priority)
    return pd.concat([base, *[ratio(best, spec) for spec in RATIOS]], ignore_index=True)
