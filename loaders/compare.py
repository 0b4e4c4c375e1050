"""What a new snapshot version changes: counts per source and measure, each source's coverage, and the rows
themselves (a sample for the Data sources page's preview)."""

from __future__ import annotations

import pandas as pd

from kpi.core import schema as S

ROW_CHANGES = ["area_code", "metric_id", "period", "source_id", "old_value", "new_value", "change"]


def diff(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Rows added, changed and removed per source and metric (derived ratios included)."""
    keys = S.KEY
    a = old.set_index(keys)[[S.VALUE, S.STATUS, S.NOTES]]
    b = new.set_index(keys)[[S.VALUE, S.STATUS, S.NOTES]]
    joined = a.join(b, how="outer", lsuffix="_old", rsuffix="_new")
    added = joined["value_old"].isna() & joined["status_old"].isna() & joined["value_new"].notna()
    removed = joined["value_new"].isna() & joined["status_new"].isna() & joined["value_old"].notna()
    both = ~added & ~removed
    changed = both & (
        (joined["value_old"].round(4) != joined["value_new"].round(4))
        | (joined["status_old"] != joined["status_new"])
        | (joined["notes_old"] != joined["notes_new"])
    )
    flags = pd.DataFrame({"added": added, "changed": changed, "removed": removed}).astype(int)
    flags = flags[flags.sum(axis=1) > 0].reset_index()
    if flags.empty:
        return pd.DataFrame(columns=[S.SOURCE_ID, S.METRIC_ID, "added", "changed", "removed"])
    return flags.groupby([S.SOURCE_ID, S.METRIC_ID])[["added", "changed", "removed"]].sum().reset_index()


def changed_rows(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """Every observation added, changed or removed (derived ratios left out), with its old and new value."""
    keys = S.KEY
    a = old[~old[S.SOURCE_ID].str.startswith("derived")].set_index(keys)[[S.VALUE, S.STATUS, S.NOTES]]
    b = new[~new[S.SOURCE_ID].str.startswith("derived")].set_index(keys)[[S.VALUE, S.STATUS, S.NOTES]]
    joined = a.join(b, how="outer", lsuffix="_old", rsuffix="_new")
    in_old, in_new = joined["status_old"].notna(), joined["status_new"].notna()
    differs = (
        (joined["value_old"].round(4) != joined["value_new"].round(4))
        | (joined["status_old"] != joined["status_new"])
        | (joined["notes_old"] != joined["notes_new"])
    )
    change = pd.Series("", index=joined.index)
    change[in_new & ~in_old] = "added"
    change[in_old & ~in_new] = "removed"
    change[in_old & in_new & differs] = "changed"
    out = joined.assign(change=change)[change != ""].reset_index()
    out = out.rename(columns={"value_old": "old_value", "value_new": "new_value"})
    return out[ROW_CHANGES].sort_values(["metric_id", "area_code", "period"], kind="stable").reset_index(drop=True)


def coverage(obs: pd.DataFrame, source_id: str) -> dict:
    part = obs[obs[S.SOURCE_ID] == source_id]
    if part.empty:
        return {"councils": 0, "first": "", "last": "", "rows": 0}
    return {
        "councils": int(part[S.AREA_CODE].nunique()),
        "first": str(part[S.PERIOD].min()),
        "last": str(part[S.PERIOD].max()),
        "rows": int(len(part)),
    }
