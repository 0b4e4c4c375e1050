"""Choosing one observation per council, metric and year when several sources report it."""

from __future__ import annotations

import pandas as pd

from kpi.core import schema as S
from kpi.core.provenance import UPLOAD_PREFIX


def preferred(obs: pd.DataFrame, priority_of) -> pd.DataFrame:
    """One row per (area, metric, period): the source with the lowest priority number wins.

    The others stay in the store as alternatives; a change of source between consecutive years is a series break.
    """
    if obs.empty:
        return obs.copy()
    # A few dozen distinct source ids, however many rows: look each up once.
    ids = obs[S.SOURCE_ID].astype(str)
    priorities = {sid: priority_of(sid) for sid in ids.unique()}
    ranked = obs.assign(_priority=ids.map(priorities))
    ranked = ranked.sort_values([S.AREA_CODE, S.METRIC_ID, S.PERIOD, "_priority"], kind="stable")
    best = ranked.drop_duplicates([S.AREA_CODE, S.METRIC_ID, S.PERIOD], keep="first")
    return best.drop(columns="_priority").reset_index(drop=True)


def mark_breaks(series: pd.DataFrame) -> pd.DataFrame:
    """Add `break_before`: True where the source differs from the previous year's for the same area and metric."""
    out = series.sort_values([S.AREA_CODE, S.METRIC_ID, S.PERIOD]).copy()
    # Figures from different uploads are one council-supplied series, not a change of source.
    source = out[S.SOURCE_ID].where(~out[S.SOURCE_ID].str.startswith(UPLOAD_PREFIX), UPLOAD_PREFIX)
    prev = source.groupby([out[S.AREA_CODE], out[S.METRIC_ID]]).shift(1)
    out["break_before"] = prev.notna() & (prev != source)
    return out
