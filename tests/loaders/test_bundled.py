"""The snapshot builder, run on committed slices of the curated files, reproduces the committed snapshot."""

from pathlib import Path

import pandas as pd
import pytest

from kpi.core import schema as S
from kpi.core.provenance import is_calculated
from kpi.model.store import read_observations
from loaders import snapshot

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = ROOT / "tests" / "fixtures" / "candidates"


@pytest.fixture(scope="module")
def built():
    return snapshot.build(CANDIDATES, ROOT / "data")


def test_rows_for_sliced_councils_equal_the_committed_snapshot(built):
    committed = read_observations(ROOT / "data" / "observations.csv")
    fresh = built["observations.csv"]
    codes = set(fresh[S.AREA_CODE])
    # Derived ratios need only same-council inputs, and combined figures their predecessors, which the slice keeps
    # whole for Somerset, Cumbria and Northamptonshire: both reproduce exactly too.
    expected = committed[committed[S.AREA_CODE].isin(codes)].sort_values(S.KEY).reset_index(drop=True)
    got = S.coerce(fresh).sort_values(S.KEY).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-9)


def test_area_catalogue_is_built_whole_from_mysociety(built):
    committed = pd.read_csv(ROOT / "data" / "areas.csv", dtype=str, keep_default_na=False)
    fresh = built["areas.csv"].astype(str)
    pd.testing.assert_frame_equal(fresh.reset_index(drop=True), committed, check_dtype=False)


def test_write_is_atomic_and_complete(built, tmp_path):
    (tmp_path / "metrics.csv").write_text("x")
    snapshot.write(built, tmp_path, {"built_from": "test"})
    assert (tmp_path / "observations.csv").exists()
    assert not list(tmp_path.glob(".*.tmp"))


def test_official_release_files_go_through_their_loaders_and_reproduce_the_snapshot():
    raw = ROOT / "tests" / "fixtures" / "raw"
    assert [p.name for p in snapshot.raw_release_files(raw)] == [
        "RS_2023-24_data_by_LA.ods",
        "CTR_Table_9_2023-24.ods",
        "ctr_2223.xlsx",
        "ctr_1516.xlsx",
        "Council_Taxbase_local_authority_level_data_2022.ods",
        "Borrowing_and_Investment_Live_Table_Q4_2019_20.xlsx",
        "mye22final.xlsx",
    ]
    built = snapshot.build(CANDIDATES, ROOT / "data", raw=raw)["observations.csv"]
    committed = read_observations(ROOT / "data" / "observations.csv")
    official = ~committed[S.SOURCE_ID].map(is_calculated).astype(bool)
    covered = (
        ((committed[S.SOURCE_ID] == "mhclg_revenue_outturn_rs") & (committed[S.PERIOD] == "2023-24"))
        | (
            (committed[S.SOURCE_ID] == "mhclg_council_tax_ctr")
            & committed[S.PERIOD].isin(["2015-16", "2022-23", "2023-24"])
        )  # each file's own year
        | ((committed[S.SOURCE_ID] == "mhclg_borrowing_investment") & committed[S.PERIOD].between("2013-14", "2019-20"))
        | ((committed[S.SOURCE_ID] == "ons_mye_2021_based") & (committed[S.PERIOD] == "2022-23"))
        | (committed[S.SOURCE_ID] == "mhclg_council_taxbase")  # dwellings, October 2022
    )
    expected = committed[official & covered].sort_values(S.KEY).reset_index(drop=True)
    keys = expected.set_index(S.KEY).index
    got = S.coerce(built).set_index(S.KEY).loc[keys].reset_index()
    # Every council's row, not only the sliced ones: these come whole from the official files.
    assert len(expected) > 2500
    pd.testing.assert_frame_equal(got[S.COLUMNS], expected[S.COLUMNS], check_exact=False, rtol=1e-12)
