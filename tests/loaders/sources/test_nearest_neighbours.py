"""Nearest neighbours reader on the long table of the ONS 2025 workbook (committed trimmed copy)."""

from __future__ import annotations

import pandas as pd
import pytest

from loaders.errors import LayoutChanged
from loaders.sources import nearest_neighbours as nn
from tests.loaders.helpers import ROOT, areas

LONG = (
    ROOT
    / "tests"
    / "fixtures"
    / "candidates"
    / "ons-nearest-neighbours-2025"
    / "ons_statistical_nearest_neighbours_2025_top20.csv"
)


def test_reads_the_long_table_and_matches_the_committed_neighbours():
    content = LONG.read_bytes()
    assert nn.sniff(content, LONG.name) == nn.SOURCE_ID
    table = nn.normalise(nn.parse(content, LONG.name), areas())
    bd = table[(table["tier"] == "lower_tier") & (table["area_code"] == "E09000002")]
    assert bd["neighbour_code"].iloc[0] == "E06000032"  # Luton, 3.47
    assert bd["distance"].iloc[0] == pytest.approx(3.47, abs=0.005)
    committed = pd.read_csv(ROOT / "data" / "neighbours.csv", dtype={"area_code": str, "neighbour_code": str})
    merged = table.merge(committed, on=["tier", "area_code", "rank"], suffixes=("", "_c"))
    assert len(merged) == len(table)
    assert (merged["neighbour_code"] == merged["neighbour_code_c"]).all()


def test_missing_distance_column_is_layout_changed():
    content = LONG.read_text().replace("relative_distance", "score").encode()
    with pytest.raises(LayoutChanged, match="relative_distance"):
        nn.parse(content, "nn.csv")
