"""Choosing one observation per council, metric and year when several sources report it.

The keys are compared as integer codes (pandas.factorize, sorted, so code order is text order): sorting and
de-duplicating hundreds of thousands of rows on three text columns costs a few array passes, not a text sort.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.core import schema as S
from kpi.core.provenance import UPLOAD_PREFIX

KEYS = (S.AREA_CODE, S.METRIC_ID, S.PERIOD)


def key_codes(frame: pd.DataFrame) -> list[np.ndarray]:
    """Area, metric and period as integer codes in text order."""
    return [pd.factorize(frame[c], sort=True)[0] for c in KEYS]


def _new_group(*codes: np.ndarray) -> np.ndarray:
    """True where a row's codes differ from the previous row's (the first row of each run)."""
    start = np.ones(len(codes[0]), dtype=bool)
    if len(start) > 1:
        start[1:] = np.logical_or.reduce([c[1:] != c[:-1] for c in codes])
    return start


def preferred(obs: pd.DataFrame, priority_of) -> pd.DataFrame:
    """One row per (area, metric, period): the source with the lowest priority number wins.

    The others stay in the store as alternatives; a change of source between consecutive years is a series break.
    The result is in (area, metric, period) order; among equal priorities the earlier row wins.
    """
    if obs.empty:
        return obs.copy()
    # A few dozen distinct source ids, however many rows: look each up once.
    ids, names = pd.factorize(obs[S.SOURCE_ID].astype(str))
    priority = np.array([priority_of(str(sid)) for sid in names], dtype=float)[ids]
    area, metric, period = key_codes(obs)
    order = np.lexsort((priority, period, metric, area))  # stable; the last key sorts first
    keep = order[_new_group(area[order], metric[order], period[order])]
    return obs.take(keep).reset_index(drop=True)


def mark_breaks(series: pd.DataFrame) -> pd.DataFrame:
    """Add `break_before`: True where the source differs from the previous year's for the same area and metric."""
    area, metric, period = key_codes(series)
    order = np.lexsort((period, metric, area))
    out = series.copy() if np.array_equal(order, np.arange(len(order))) else series.take(order)
    area, metric = area[order], metric[order]
    # Figures from different uploads are one council-supplied series, not a change of source.
    source = out[S.SOURCE_ID].where(~out[S.SOURCE_ID].str.startswith(UPLOAD_PREFIX), UPLOAD_PREFIX)
    codes = pd.factorize(source)[0]
    breaks = np.zeros(len(out), dtype=bool)
    if len(out) > 1:
        same_series = (area[1:] == area[:-1]) & (metric[1:] == metric[:-1])
        breaks[1:] = same_series & (codes[:-1] >= 0) & (codes[1:] != codes[:-1])
    out["break_before"] = breaks
    return out


def by_metric(series: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """{metric id: its rows}, each in the series' own order, from one reordering (not a group-by per metric)."""
    if series.empty:
        return {}
    codes, names = pd.factorize(series[S.METRIC_ID], sort=True)
    order = np.argsort(codes, kind="stable")
    grouped = series.take(order)
    starts = np.flatnonzero(_new_group(codes[order]))
    ends = [*starts[1:], len(order)]
    return {
        str(names[c]): grouped.iloc[s:e].reset_index(drop=True) for c, s, e in zip(codes[order][starts], starts, ends)
    }


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


def sliceable(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with its text columns held as Python strings, each distinct text one object shared by its rows: taking
    a few rows is then a numpy take per column rather than an Arrow one (a tenth of the cost on a council's slice),
    and the column takes a pointer a row. Same values, gaps and kind of gap (NaN or NA) as before."""
    out = {}
    for name in frame.columns:
        column = frame[name]
        dtype = column.dtype
        if isinstance(dtype, pd.StringDtype) and dtype.storage != "python":
            codes, uniques = pd.factorize(column)
            shared = np.append(np.asarray(uniques, dtype=object), dtype.na_value)
            column = pd.Series(
                pd.array(shared[codes], dtype=pd.StringDtype("python", na_value=dtype.na_value)), index=frame.index
            )
        out[name] = column
    return pd.DataFrame(out, index=frame.index)
