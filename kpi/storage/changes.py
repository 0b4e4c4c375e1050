"""What an upload changes: each incoming figure marked add / change / unchanged against the stored ones, and the
complete set a new version holds. Pure functions of frames."""

from __future__ import annotations

import pandas as pd

from kpi.core import schema as S

CHANGE = "change"
ADD, CHANGED, SAME = "add", "change", "unchanged"


def compare(current: pd.DataFrame, incoming: pd.DataFrame) -> pd.DataFrame:
    """Each incoming row marked add / change / unchanged against the stored council-supplied rows."""
    key = [S.AREA_CODE, S.METRIC_ID, S.PERIOD]
    cur = current[[*key, S.VALUE, S.NOTES]].rename(columns={S.VALUE: "stored_value", S.NOTES: "stored_notes"})
    out = incoming.merge(cur, on=key, how="left")
    same_value = (out[S.VALUE] - out["stored_value"]).abs() <= 1e-9 * out[S.VALUE].abs().clip(lower=1)
    same_notes = out[S.NOTES].fillna("") == out["stored_notes"].fillna("")
    out[CHANGE] = [
        ADD if pd.isna(s) else SAME if (v and n) else CHANGED
        for s, v, n in zip(out["stored_value"], same_value, same_notes)
    ]
    return out


def merged_rows(current: pd.DataFrame, marked: pd.DataFrame, version_id: int) -> pd.DataFrame:
    """The new version's complete set: the stored figures the upload does not touch, then its new and changed ones."""
    key = [S.AREA_CODE, S.METRIC_ID, S.PERIOD]
    incoming = marked[marked[CHANGE] != SAME].assign(origin_version=version_id)
    kept = current.merge(incoming[key], on=key, how="left", indicator=True)
    kept = kept[kept["_merge"] == "left_only"].drop(columns="_merge")
    return pd.concat([kept, incoming], ignore_index=True)


def changed_areas(a: pd.DataFrame, b: pd.DataFrame) -> set[str]:
    key = [S.AREA_CODE, S.METRIC_ID, S.PERIOD, S.VALUE, S.NOTES]
    merged = a[key].merge(b[key], how="outer", indicator=True)
    return set(merged.loc[merged["_merge"] != "both", S.AREA_CODE])
