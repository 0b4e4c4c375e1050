"""ONS statistical nearest neighbours (lower and upper tier), as the ranked list the dashboard keeps.

The ONS workbook ranks every authority against every other in wide tables (Tables 1-4) whose layout is not
documented here; this reader takes the long form of those tables, as a CSV or a workbook sheet with the columns
`tier, la_code (or area_code), rank, neighbour_code, relative_distance (or distance)`, found by name. Codes are
mapped to the catalogue's current codes; the first 20 neighbours of each council are kept.
"""

from __future__ import annotations

import io
import re

import pandas as pd

from loaders.areas import AreaLookup
from loaders.base import Parsed
from loaders.errors import BadData, LayoutChanged, NotThisSource
from loaders.source import Source
from loaders.tables import Workbook, file_kind, find_header_row, row_labels

SOURCE_ID = "ons_nearest_neighbours_2025"
SOURCE_IDS = (SOURCE_ID,)
KEEP = 20
_NEEDED = {
    "tier": r"^tier$",
    "code": r"^(la|area)_code$",
    "rank": r"^rank$",
    "neighbour": r"^neighbour_code$",
    "distance": r"^(relative_)?distance$",
}


def _columns(labels: list[str]) -> dict[str, int] | None:
    found = {}
    for key, pattern in _NEEDED.items():
        idx = next((i for i, lab in enumerate(labels) if re.match(pattern, str(lab).strip(), re.I)), None)
        if idx is None:
            return None
        found[key] = idx
    return found


def sniff(content: bytes, filename: str = "") -> str:
    """Only the CSV long table is recognised; a workbook of it is imported with --source."""
    kind = file_kind(content, filename)
    if kind != "csv":
        raise NotThisSource(
            SOURCE_ID, f"not a CSV ({kind}); looked for the long table as CSV (a workbook imports with --source)"
        )
    first = content[:500].decode("utf-8-sig", errors="replace").splitlines()[:1]
    if first and _columns(first[0].split(",")):
        return SOURCE_ID
    raise NotThisSource(
        SOURCE_ID, "no columns tier, la_code, rank, neighbour_code, relative_distance in the CSV header"
    )


def parse(content: bytes, filename: str = "") -> Parsed:
    kind = file_kind(content, filename)
    if kind == "csv":
        frame = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False)
        labels = list(frame.columns)
        body = frame.to_numpy()
    elif kind in ("xlsx", "ods", "xls"):
        book = Workbook(content, SOURCE_ID, filename)
        sheet = book.sheet_names[0]
        grid = book.sheet(sheet)
        header = find_header_row(grid, r"neighbour_code", source_id=SOURCE_ID, sheet=sheet)
        labels = row_labels(grid, header)
        body = grid.iloc[header + 1 :].to_numpy()
    else:
        raise BadData(SOURCE_ID, f"expected a CSV or workbook, found {kind}")
    cols = _columns(labels)
    if cols is None:
        raise LayoutChanged(
            SOURCE_ID, f"expected columns tier, la_code, rank, neighbour_code, relative_distance; found {labels}"
        )
    out = pd.DataFrame({k: [row[i] for row in body] for k, i in cols.items()})
    return Parsed(SOURCE_ID, out)


def normalise(parsed: Parsed, areas: AreaLookup) -> pd.DataFrame:
    raw = parsed.frame.copy()
    raw["area_code"] = raw["code"].map(areas.gss)
    raw["neighbour_code"] = raw["neighbour"].map(areas.gss)
    raw = raw.dropna(subset=["area_code", "neighbour_code"])
    try:
        raw["rank"] = raw["rank"].astype(float).astype(int)
        raw["distance"] = raw["distance"].astype(float).round(4)
    except ValueError as exc:
        raise BadData(SOURCE_ID, f"rank and distance must be numbers ({exc})") from exc
    raw = raw[raw["tier"].isin(["lower_tier", "upper_tier"]) & (raw["rank"] <= KEEP)]
    if raw.empty:
        raise BadData(SOURCE_ID, "no neighbour rows for councils in the catalogue (tier lower_tier or upper_tier)")
    return (
        raw[["tier", "area_code", "rank", "neighbour_code", "distance"]]
        .sort_values(["tier", "area_code", "rank"])
        .reset_index(drop=True)
    )


SOURCE = Source(
    name="nearest_neighbours",
    ids=SOURCE_IDS,
    sniff=sniff,
    parse=parse,
    normalise=normalise,
    replaces_table="neighbours",
)
