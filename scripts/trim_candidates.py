"""Copy the curated candidate files into tests/fixtures/candidates, keeping only a few councils' rows.

The builder tests run on these slices (a user's clone has no ../shared). Usage:
    python scripts/trim_candidates.py ../shared/data-candidates tests/fixtures/candidates
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd

KEEP = {
    "E09000002",  # Barking and Dagenham (the worked example)
    "E09000004",  # Bexley
    "E07000236",  # Redditch
    "E10000016",  # Kent
    "E06000059",
    "E07000049",
    "E07000052",
    "E10000009",  # Dorset Council and two predecessors, Dorset County
    "E07000050",
    "E07000051",
    "E07000053",  # Dorset's other predecessors, so the area measures (the council tax base) combine whole
    "E06000057",
    "E06000048",  # Northumberland: code changed in 2009/2013
    "E06000063",
    "E07000026",
    "E10000006",  # Cumberland, Allerdale, Cumbria
    "E08000037",
    "E08000020",  # Gateshead old and new codes
    "E06000034",
    "E09000001",  # Thurrock, City of London
    "E07000028",
    "E07000029",  # Carlisle, Copeland: Cumberland's other predecessors
    "E06000064",
    "E07000027",
    "E07000030",
    "E07000031",  # Westmorland and Furness and its districts (Cumbria's population share needs both successors)
    "E06000066",
    "E10000027",
    "E07000187",
    "E07000188",
    "E07000189",
    "E07000246",
    "E07000190",
    "E07000191",  # Somerset, its county and districts, and Somerset West and Taunton's two predecessors
    "E06000061",
    "E06000062",
    "E10000021",
    "E07000150",
    "E07000151",
    "E07000152",
    "E07000153",
    "E07000154",
    "E07000155",
    "E07000156",  # North and West Northamptonshire, the county and its seven districts
}
CODE_COLUMNS = ("ons_code", "area_code", "Local authority code", "LA_code", "la_code", "gss-code")


def trim(src: Path, dst: Path) -> None:
    for folder in sorted(p for p in src.iterdir() if p.is_dir()):
        out = dst / folder.name
        out.mkdir(parents=True, exist_ok=True)
        shutil.copy(folder / "PROVENANCE.md", out / "PROVENANCE.md")
        for csv in sorted(folder.glob("*.csv")):
            if folder.name == "gdp-deflators" or folder.name == "la-lookup-mysociety":
                shutil.copy(csv, out / csv.name)  # small, and needed whole
                continue
            if csv.name == "ons_ybgb_gdp_deflator_raw.csv":
                continue
            frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
            column = next((c for c in CODE_COLUMNS if c in frame.columns), None)
            if column is None:
                continue
            kept = frame[frame[column].str.strip().isin(KEEP)]  # some codes carry a no-break space
            kept.to_csv(out / csv.name, index=False, lineterminator="\n")


if __name__ == "__main__":
    trim(Path(sys.argv[1]), Path(sys.argv[2]))
