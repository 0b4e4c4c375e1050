"""Building and writing the bundled snapshot in data/ (atomically: a reader never sees half a file)."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from kpi import schema as S
from kpi.catalogue import Catalogue
from kpi.derived import add_derived
from kpi.store import DEFLATORS, NEIGHBOURS, OBSERVATIONS, SNAPSHOT
from loaders import bundled, ons_gdp_deflator


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


def build(candidates: Path, data_dir: Path) -> dict[str, pd.DataFrame]:
    """Every snapshot table from the candidates folder; metrics.csv and sources.csv are read from data_dir."""
    areas = bundled.build_areas(candidates)
    areas_out = areas.assign(current=areas["current"].map({True: "true", False: "false"}))
    catalogue = Catalogue(areas_out.assign(current=areas["current"]),
                          pd.read_csv(data_dir / "metrics.csv", dtype=str, keep_default_na=False),
                          pd.read_csv(data_dir / "sources.csv", dtype=str, keep_default_na=False).assign(
                              priority=lambda f: f["priority"].astype(int)))
    official = bundled.official_observations(candidates, areas)
    obs = add_derived(S.coerce(official), catalogue.source_priority)
    obs = S.validate(obs, area_codes=set(areas["area_code"]), metric_units=catalogue.metric_units(),
                     source_ids=None)
    obs[S.VALUE] = obs[S.VALUE].round(4)
    deflators = ons_gdp_deflator.read((candidates / "gdp-deflators" / "ons_ybgb_gdp_deflator_raw.csv").read_bytes())
    neighbours = bundled.neighbours(candidates, areas)
    return {"areas.csv": areas_out, OBSERVATIONS: sort_observations(obs), DEFLATORS: deflators, NEIGHBOURS: neighbours}


def write(tables: dict[str, pd.DataFrame], data_dir: Path, meta: dict) -> None:
    for name, frame in tables.items():
        atomic_write_bytes(data_dir / name, frame_bytes(frame))
    atomic_write_bytes(data_dir / SNAPSHOT, (json.dumps(meta, indent=2, sort_keys=True) + "\n").encode())


def summary(tables: dict[str, pd.DataFrame]) -> dict:
    obs = tables[OBSERVATIONS]
    counts = obs.groupby([S.METRIC_ID, S.SOURCE_ID]).agg(rows=(S.VALUE, "size"), councils=(S.AREA_CODE, "nunique"),
                                                          first=(S.PERIOD, "min"), last=(S.PERIOD, "max"))
    return {
        "observations": int(len(obs)),
        "areas": int(len(tables["areas.csv"])),
        "coverage": [
            {"metric_id": m, "source_id": s, **{k: (int(v) if k in ("rows", "councils") else v) for k, v in row.items()}}
            for (m, s), row in counts.to_dict("index").items()
        ],
    }
