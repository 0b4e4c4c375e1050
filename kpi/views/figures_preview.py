"""The upload preview: the file's series beside the official ones, before anything is saved."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.core import schema as S
from kpi.core.catalogue import UnknownError
from kpi.core.provenance import Supplied
from kpi.model.store import Store


@dataclass(frozen=True)
class SeriesPreview:
    area_code: str
    metric_id: str
    title: str
    unit: str
    official: pd.DataFrame  # period, value, status, break_before: the official series, if any
    uploaded: pd.DataFrame  # period, value: the file's rows


def preview_series(store: Store, rows: pd.DataFrame, *, limit: int = 3) -> tuple[list[SeriesPreview], int]:
    """The uploaded series beside the official ones, for the first `limit` council/metric pairs (and how many
    pairs there are in all)."""
    pairs = rows[[S.AREA_CODE, S.METRIC_ID]].drop_duplicates().values.tolist()
    out = []
    for area, metric_id in pairs[:limit]:
        uploaded = rows[(rows[S.AREA_CODE] == area) & (rows[S.METRIC_ID] == metric_id)].sort_values(S.PERIOD)
        official = store.series(metric_id, [area], supplied=Supplied.OFFICIAL)
        try:
            metric_title = store.catalogue.metric(metric_id).title
        except UnknownError:
            metric_title = metric_id
        out.append(
            SeriesPreview(
                area,
                metric_id,
                f"{metric_title}: {store.catalogue.area_name(area)}",
                str(uploaded[S.UNIT].iloc[0]),
                official,
                uploaded,
            )
        )
    return out, len(pairs)
