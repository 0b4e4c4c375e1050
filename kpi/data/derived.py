"""Ratios the former Oflog explorer showed, calculated from the official series.

Each derived row's source id names its inputs ("derived:a+b"), so a change of input definition (for example
Revenue Spending Power before 2016-17) shows as a series break just as it does in the inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.core import schema as S
from kpi.data.series import preferred


@dataclass(frozen=True)
class Ratio:
    metric_id: str
    numerator: tuple[str, ...]  # summed
    denominator: str
    note: str


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
)


def _status(statuses: list[str]) -> str:
    for status in (S.FORECAST, S.BUDGET, S.PROVISIONAL, S.ESTIMATED):
        if status in statuses:
            return status
    return S.FINAL


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
    out[S.VALUE] = (numer / wide[f"v_{spec.denominator}"] * 100).round(4)
    out[S.METRIC_ID] = spec.metric_id
    out[S.UNIT] = "percent"
    out[S.SOURCE_ID] = (
        wide[[f"s_{m}" for m in parts]].apply(lambda r: "derived:" + "+".join(sorted(set(r))), axis=1)
        if len(wide)
        else ""
    )
    out[S.STATUS] = wide[[f"t_{m}" for m in parts]].apply(lambda r: _status(list(r)), axis=1) if len(wide) else ""
    out[S.NOTES] = spec.note
    return out[S.COLUMNS]


def add_derived(obs: pd.DataFrame, priority_of) -> pd.DataFrame:
    """Official observations plus every ratio in RATIOS (replacing any derived rows already present)."""
    base = obs[~obs[S.SOURCE_ID].str.startswith("derived")]
    best = preferred(base, priority_of)
    return pd.concat([base, *[ratio(best, spec) for spec in RATIOS]], ignore_index=True)
