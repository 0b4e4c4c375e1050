"""Choosing one observation per council, metric and year when several sources report it."""

from __future__ import annotations

import numpy as np
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


def area_spans(codes: np.ndarray) -> dict[str, tuple[int, int]]:
    """(start, stop) of each council's rows in an array of codes sorted by code."""
    if not len(codes):
        return {}
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    stops = np.r_[starts[1:], len(codes)]
    return {str(codes[a]): (int(a), int(b)) for a, b in zip(starts, stops)}


def rows_of(indexed: tuple[pd.DataFrame, dict[str, tuple[int, int]]], area_codes) -> pd.DataFrame:
    """Some councils' rows of a frame sorted by council (with its `area_spans`), in the frame's order."""
    frame, spans = indexed
    found = [spans[c] for c in sorted(set(area_codes)) if c in spans]
    positions = np.concatenate([np.arange(a, b) for a, b in found]) if found else np.array([], dtype=int)
    return frame.take(positions)
