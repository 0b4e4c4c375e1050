"""The preferred series and its breaks, computed on integer codes, equal the plain text-sort definition."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi.core import schema as S
from kpi.model.series import by_metric, mark_breaks, preferred, rows_of, sliceable


def _reference(obs: pd.DataFrame, priority_of) -> pd.DataFrame:
    """The definition, row for row: sort on the text keys and priority (stable), keep the first of each key."""
    ranked = obs.assign(_p=obs[S.SOURCE_ID].map(priority_of))
    ranked = ranked.sort_values([S.AREA_CODE, S.METRIC_ID, S.PERIOD, "_p"], kind="stable")
    best = ranked.drop_duplicates([S.AREA_CODE, S.METRIC_ID, S.PERIOD]).drop(columns="_p").reset_index(drop=True)
    source = best[S.SOURCE_ID].where(~best[S.SOURCE_ID].str.startswith("upload:"), "upload:")
    prev = source.groupby([best[S.AREA_CODE], best[S.METRIC_ID]]).shift(1)
    return best.assign(break_before=(prev.notna() & (prev != source)).astype(bool))


def test_codes_agree_with_the_text_sort_on_the_snapshot_shuffled_with_uploads(store):
    obs = store.observations
    uploads = obs.sample(2000, random_state=5).assign(
        source_id=[f"upload:{i % 3 + 1}" for i in range(2000)], value=lambda d: d["value"] + 1
    )
    mixed = pd.concat([obs.sample(frac=1, random_state=3), uploads], ignore_index=True)
    # Uploads first in priority here, so they win their keys and break their series.
    priority = {
        sid: (0 if sid.startswith("upload:") else store.catalogue.source_priority(sid))
        for sid in mixed[S.SOURCE_ID].unique()
    }
    got = mark_breaks(preferred(mixed, priority.get))
    want = _reference(mixed, priority.get)
    pd.testing.assert_frame_equal(got, want)
    assert got[S.SOURCE_ID].str.startswith("upload:").sum() > 1000
    assert got["break_before"].any()


def test_by_metric_is_each_metrics_rows_in_order(store):
    best = mark_breaks(preferred(store.observations, store.catalogue.source_priority))
    groups = by_metric(best)
    assert list(groups) == sorted(best[S.METRIC_ID].unique())
    for metric_id, rows in groups.items():
        expected = best[best[S.METRIC_ID] == metric_id].reset_index(drop=True)
        pd.testing.assert_frame_equal(rows, expected)


def test_ties_keep_the_earlier_row_and_an_empty_frame_stays_empty():
    rows = pd.DataFrame(
        {
            S.AREA_CODE: ["E1", "E1", "E1"],
            S.METRIC_ID: ["m", "m", "m"],
            S.PERIOD: ["2020-21", "2020-21", "2019-20"],
            S.VALUE: [1.0, 2.0, 3.0],
            S.SOURCE_ID: ["b", "a", "a"],
        }
    )
    got = preferred(rows, lambda sid: 1)
    assert got[S.VALUE].tolist() == [3.0, 1.0]
    assert mark_breaks(got)["break_before"].tolist() == [False, True]
    assert preferred(rows.iloc[:0], lambda sid: 1).empty
    assert by_metric(rows.iloc[:0]) == {}


def test_sliceable_keeps_every_value_and_gap_and_a_slice_equals_the_arrow_frames():
    frame = pd.DataFrame(
        {
            S.AREA_CODE: pd.array(["E1", "E1", "E2", "E3"], dtype="string"),  # gaps as NA
            "area_name": pd.array(["One", "One", None, "Three"], dtype="str"),  # gaps as NaN
            S.VALUE: [1.0, np.nan, 3.0, 4.0],
        }
    )
    held = sliceable(frame)
    assert [held[c].dtype.storage for c in (S.AREA_CODE, "area_name")] == ["python", "python"]
    assert [held[c].dtype.na_value for c in (S.AREA_CODE, "area_name")] == [pd.NA, frame["area_name"].dtype.na_value]
    assert held.astype({S.AREA_CODE: "string", "area_name": "str"}).equals(frame)
    assert held["area_name"].isna().tolist() == [False, False, True, False]
    # Equal texts are one object, shared by their rows.
    assert held[S.AREA_CODE].array[0] is held[S.AREA_CODE].array[1]
    spans = {"E1": (0, 2), "E2": (2, 3), "E3": (3, 4)}
    pd.testing.assert_frame_equal(
        rows_of((held, spans), ["E3", "E1"]).astype({S.AREA_CODE: "string", "area_name": "str"}), frame.take([0, 1, 3])
    )


def test_a_measure_without_official_figures_gives_an_empty_series_of_its_own_each_time(store):
    assert store.series("fte") is not None and "fte" not in store.best["metric_id"].unique()
    first = store.series("fte")
    assert first.empty and list(first.columns) == list(mark_breaks(S.empty()).columns)
    assert first.dtypes.equals(mark_breaks(S.empty()).dtypes)
    first["added"] = 1  # a caller changing what it was given
    second = store.series("fte", ["E09000002"])
    assert second is not first and "added" not in second.columns and second.empty
