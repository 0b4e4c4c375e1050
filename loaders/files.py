"""Writing snapshot files so that a reader never sees half a file, and what snapshot.json says about them.

Both the build (snapshot.py) and refresh/import (pipeline.py) write through here, so neither imports the other; the
atomic write itself is the snapshot store's (kpi.storage.snapshots), which switches whole versions the same way.
"""

from __future__ import annotations

import pandas as pd

from kpi.core import schema as S
from kpi.storage.snapshots import OBSERVATIONS, atomic_write_bytes, frame_bytes

__all__ = ["atomic_write_bytes", "frame_bytes", "sort_observations", "summary"]


def sort_observations(obs: pd.DataFrame) -> pd.DataFrame:
    return obs.sort_values(S.KEY, kind="stable").reset_index(drop=True)


def summary(tables: dict[str, pd.DataFrame]) -> dict:
    """Row, council and year counts per measure and source, as snapshot.json records them."""
    obs = tables[OBSERVATIONS]
    counts = obs.groupby([S.METRIC_ID, S.SOURCE_ID]).agg(
        rows=(S.VALUE, "size"), councils=(S.AREA_CODE, "nunique"), first=(S.PERIOD, "min"), last=(S.PERIOD, "max")
    )
    return {
        "observations": int(len(obs)),
        "areas": int(len(tables["areas.csv"])),
        "coverage": [
            {
                "metric_id": m,
                "source_id": s,
                **{k: (int(v) if k in ("rows", "councils") else v) for k, v in row.items()},
            }
            for (m, s), row in counts.to_dict("index").items()
        ],
    }
