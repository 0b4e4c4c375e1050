"""Building and writing the bundled snapshot in data/ (atomically: a reader never sees half a file)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from kpi.core import schema as S
from kpi.core.catalogue import Catalogue
from kpi.core.successors import read_table
from kpi.model.derived import add_derived
from kpi.model.store import DEFLATORS, NEIGHBOURS, OBSERVATIONS, SNAPSHOT
from kpi.storage.snapshots import REORGANISATIONS
from loaders import bundled, pipeline
from loaders.areas import AreaLookup, build_areas
from loaders.base import merge
from loaders.files import atomic_write_bytes, frame_bytes, sort_observations
from loaders.sources import ons_gdp_deflator

# Official release files that go through their source's loader when the build is given a raw folder. Each is listed
# only once its loader reproduces the curated extract exactly (tests/loaders/test_bundled.py checks them), so the
# figures on screen come from the official file by the same path as `python -m loaders import`.
RAW_RELEASES = (
    "RS_2023-24_data_by_LA.ods",
    "CTR_Table_9_2023-24.ods",
    "CTR_Table_9_2023-24 (10).ods",
    "ctr_2223.xlsx",
    "ctr_1516.xlsx",
    "Council_Taxbase_local_authority_level_data_2022.ods",
    "Council_Taxbase_local_authority_level_data_2022 (4).ods",
    "Borrowing_and_Investment_Live_Table_Q4_2019_20.xlsx",
    "mye22final.xlsx",
)
# The same file under its browser-download name: read only when the plain name is absent.
DOWNLOAD_NAMES = {
    "CTR_Table_9_2023-24 (10).ods": "CTR_Table_9_2023-24.ods",
    "Council_Taxbase_local_authority_level_data_2022 (4).ods": "Council_Taxbase_local_authority_level_data_2022.ods",
}


def raw_release_files(raw: Path) -> list[Path]:
    found = {p.name: p for p in sorted(Path(raw).rglob("*")) if p.is_file() and p.name in RAW_RELEASES}
    return [found[name] for name in RAW_RELEASES if name in found and DOWNLOAD_NAMES.get(name) not in found]


def through_loaders(official: pd.DataFrame, raw: Path, data_dir: Path, areas: pd.DataFrame) -> pd.DataFrame:
    """The curated observations with each listed official release applied through its source's loader."""
    lookup = AreaLookup.from_frame(areas.assign(current=areas["current"].map({True: "true", False: "false"})))
    out = official
    for path in raw_release_files(raw):
        outcome = pipeline.read_release(path.read_bytes(), path.name, lookup)
        rows = outcome.rows.copy()
        rows[S.VALUE] = rows[S.VALUE].round(4)
        out = merge(S.coerce(out), rows)
    return out


def build(candidates: Path, data_dir: Path, raw: Path | None = None) -> dict[str, pd.DataFrame]:
    """Every snapshot table from the candidates folder (and, given `raw`, the official files in RAW_RELEASES);
    metrics.csv, sources.csv and reorganisations.csv (councils formed by orders, whose history is combined from
    their predecessors' figures) are read from data_dir."""
    areas = build_areas(candidates)
    areas_out = areas.assign(current=areas["current"].map({True: "true", False: "false"}))
    reorganisations = data_dir / REORGANISATIONS
    catalogue = Catalogue(
        areas_out.assign(current=areas["current"]),
        pd.read_csv(data_dir / "metrics.csv", dtype=str, keep_default_na=False),
        pd.read_csv(data_dir / "sources.csv", dtype=str, keep_default_na=False).assign(
            priority=lambda f: f["priority"].astype(int)
        ),
        reorganisations=read_table(reorganisations) if reorganisations.exists() else None,
    )
    official = bundled.official_observations(candidates, areas)
    if raw is not None:
        official = through_loaders(official, raw, data_dir, areas)
    official = S.coerce(official)
    official[S.VALUE] = official[S.VALUE].round(4)  # as stored: a refresh recalculates from the stored figures
    obs = add_derived(official, catalogue)
    codes = set(catalogue.areas["area_code"])  # councils formed by orders too
    obs = S.validate(obs, area_codes=codes, metric_units=catalogue.metric_units(), source_ids=None)
    obs[S.VALUE] = obs[S.VALUE].round(4)
    deflators = ons_gdp_deflator.read((candidates / "gdp-deflators" / "ons_ybgb_gdp_deflator_raw.csv").read_bytes())
    neighbours = bundled.neighbours(candidates, areas)
    return {"areas.csv": areas_out, OBSERVATIONS: sort_observations(obs), DEFLATORS: deflators, NEIGHBOURS: neighbours}


def write(tables: dict[str, pd.DataFrame], data_dir: Path, meta: dict) -> None:
    for name, frame in tables.items():
        atomic_write_bytes(data_dir / name, frame_bytes(frame))
    atomic_write_bytes(data_dir / SNAPSHOT, (json.dumps(meta, indent=2, sort_keys=True) + "\n").encode())
