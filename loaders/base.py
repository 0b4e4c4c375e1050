"""What every source module returns, and the small helpers they share."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kpi.core import schema as S
from kpi.core.provenance import CALCULATED
from loaders.areas import AreaLookup

FILL_ONLY = "fill_only"  # optional column: rows that only fill a gap, never replace an existing figure


@dataclass
class Parsed:
    """A parsed official file: the table as published (renamed columns only) and what the file says about itself."""

    source_id: str
    frame: pd.DataFrame
    release: str = ""  # release/vintage as stated in the file or its publication page
    meta: dict = field(default_factory=dict)


def tidy(
    frame: pd.DataFrame, *, metric: str, unit: str, source: str, status: str = "", notes: str = ""
) -> pd.DataFrame:
    out = frame.copy()
    out[S.METRIC_ID] = metric
    out[S.UNIT] = unit
    out[S.SOURCE_ID] = source
    if S.STATUS not in out:
        out[S.STATUS] = status
    if S.NOTES not in out:
        out[S.NOTES] = notes
    cols = S.COLUMNS + ([FILL_ONLY] if FILL_ONLY in out else [])
    return out[cols].dropna(subset=[S.VALUE])


def by_council(raw: pd.DataFrame, areas: AreaLookup) -> pd.DataFrame:
    """A table coded by `ons_code` and `ecode` with each row's current GSS code in S.AREA_CODE: rows of no known
    council dropped, then the first row of each council and `period`."""
    raw = raw.copy()
    raw[S.AREA_CODE] = [areas.gss(o, e) for o, e in zip(raw["ons_code"], raw["ecode"])]
    return raw.dropna(subset=[S.AREA_CODE]).drop_duplicates([S.AREA_CODE, "period"])


def concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return S.empty()
    out = pd.concat(parts, ignore_index=True)
    if FILL_ONLY in out:
        out[FILL_ONLY] = out[FILL_ONLY].fillna(False).astype(bool)
    return out


def merge(current: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Replace, per source, the (metric, period) pairs the new release covers; fill-only rows only fill gaps."""
    out = current[~current[S.SOURCE_ID].str.startswith(CALCULATED)]  # derived, combined: recalculated after merging
    fill = new[FILL_ONLY].astype(bool) if FILL_ONLY in new else pd.Series(False, index=new.index)
    main, extra = new[~fill][S.COLUMNS], new[fill][S.COLUMNS]
    scope = main[[S.SOURCE_ID, S.METRIC_ID, S.PERIOD]].drop_duplicates()
    keyed = out.merge(scope.assign(_drop=True), on=[S.SOURCE_ID, S.METRIC_ID, S.PERIOD], how="left")
    out = out[keyed["_drop"].isna().to_numpy()]
    combined = pd.concat([out, main], ignore_index=True)
    have = set(map(tuple, combined[S.KEY].astype(str).to_numpy()))
    extra = extra[[tuple(k) not in have for k in extra[S.KEY].astype(str).to_numpy()]]
    return pd.concat([combined, extra], ignore_index=True)
