"""Writing snapshot files so that a reader never sees half a file, and what snapshot.json says about them.

Both the build (snapshot.py) and refresh/import (pipeline.py) write through here, so neither imports the other.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from kpi.core import schema as S
from kpi.data.store import OBSERVATIONS


def atomic_write_bytes(path: Path, content: bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def frame_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


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
