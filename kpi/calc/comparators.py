"""Comparator groups: ONS statistical nearest neighbours (2025), same type, same region, England."""

from __future__ import annotations

from enum import StrEnum

import pandas as pd

from kpi.core import schema as S
from kpi.data.store import Store


class Group(StrEnum):
    NEAREST = "nearest"
    SAME_TYPE = "type"
    SAME_REGION = "region"
    ENGLAND = "england"
    NONE = "none"


NEAREST, SAME_TYPE, SAME_REGION, ENGLAND, NONE = (
    Group.NEAREST,
    Group.SAME_TYPE,
    Group.SAME_REGION,
    Group.ENGLAND,
    Group.NONE,
)
GROUPS = {
    NEAREST: "Statistical nearest neighbours (ONS 2025)",
    SAME_TYPE: "Councils of the same type",
    SAME_REGION: "Councils in the same region",
    ENGLAND: "All English councils",
    NONE: "No comparison",
}
NEIGHBOUR_COUNT = 15


def tier_for(area_type: str) -> str:
    """ONS publishes lower-tier neighbours for districts, boroughs and unitaries, upper-tier for counties."""
    return "upper_tier" if area_type == "county" else "lower_tier"


def comparators(
    store: Store, area_code: str, group: str, *, metric_id: str | None = None, count: int = NEIGHBOUR_COUNT
) -> list[str]:
    """Codes of the council's comparators (never the council itself), current councils only.

    With a metric, councils the metric does not apply to (districts for adult social care) are left out.
    """
    cat = store.catalogue
    if group == NONE or area_code not in cat.areas.index:
        return []
    area = cat.area(area_code)
    current = cat.current_areas()
    if group == NEAREST:
        nn = store.neighbours
        rows = nn[(nn["tier"] == tier_for(area["area_type"])) & (nn["area_code"] == area_code)].sort_values("rank")
        if rows.empty:  # e.g. an upper-tier-only unitary: try the other tier
            rows = nn[nn["area_code"] == area_code].sort_values("rank")
        codes = [c for c in rows["neighbour_code"].tolist() if c in cat.areas.index]
    elif group == SAME_TYPE:
        codes = current.loc[current["area_type"] == area["area_type"], "area_code"].tolist()
    elif group == SAME_REGION:
        codes = current.loc[current["region"] == area["region"], "area_code"].tolist()
    elif group == ENGLAND:
        codes = current["area_code"].tolist()
    else:
        raise ValueError(f"unknown comparator group {group!r}; expected one of {', '.join(GROUPS)}")
    codes = [c for c in codes if c != area_code]
    if metric_id:
        metric = cat.metric(metric_id)
        codes = [c for c in codes if metric.applies(cat.area_type(c))]
    if group == NEAREST:
        codes = codes[:count]
    return codes


def band(values: pd.DataFrame) -> pd.DataFrame:
    """Median, quartiles and count of comparator values for each period."""
    valid = values.dropna(subset=[S.VALUE])
    if valid.empty:
        return pd.DataFrame(columns=[S.PERIOD, "median", "q1", "q3", "n"])
    grouped = valid.groupby(S.PERIOD)[S.VALUE]
    out = pd.DataFrame(
        {"median": grouped.median(), "q1": grouped.quantile(0.25), "q3": grouped.quantile(0.75), "n": grouped.size()}
    ).reset_index()
    return out
