import pandas as pd
import pytest

from loaders.errors import BadData, LayoutChanged
from loaders.sources import ons_gdp_deflator
from tests.loaders.helpers import RAW, ROOT

FIXTURE = RAW / "ons_ybgb_gdp_deflators.csv"
DERIVED = ROOT / "tests" / "fixtures" / "candidates" / "gdp-deflators" / "gdp_deflator_financial_year_derived.csv"


def test_financial_year_means_match_the_documented_derivation():
    frame = ons_gdp_deflator.read(FIXTURE.read_bytes()).set_index("period")
    derived = pd.read_csv(DERIVED).set_index("financial_year")
    for period in ["1997-98", "2010-11", "2020-21", "2024-25"]:
        assert frame.at[period, "index"] == pytest.approx(derived.at[period, "ybgb_fy_mean_2022eq100"], abs=1e-3)
    assert frame.index.max() == "2024-25"  # 2025-26 lacks three quarters, so it is not a financial year yet


def test_release_date_is_kept():
    frame = ons_gdp_deflator.read(FIXTURE.read_bytes())
    assert set(frame["release"]) == {"30-06-2025"}


def test_other_series_is_refused():
    content = FIXTURE.read_bytes().replace(b'"CDID","YBGB"', b'"CDID","ABMI"')
    with pytest.raises(LayoutChanged, match="YBGB"):
        ons_gdp_deflator.read(content)


def test_non_numeric_quarter_is_bad_data():
    content = FIXTURE.read_bytes().replace(b'"2024 Q4","113.2"', b'"2024 Q4","x"')
    with pytest.raises(BadData, match="2024 Q4"):
        ons_gdp_deflator.read(content)


# ------------------------------------------------------------------ HM Treasury GDP deflators workbook

HMT = RAW / "gdp_deflator_qna_update_2022_2023_06.xlsx"


def test_hmt_workbook_financial_year_index():
    frame = ons_gdp_deflator.parse_hmt(HMT.read_bytes(), HMT.name)
    assert frame.attrs["base"] == "2022-23 = 100"
    tidy = ons_gdp_deflator.normalise_hmt(frame).set_index("period")
    assert tidy.at["1955-56", "index"] == 3.2821
    assert tidy.at["2010-11", "index"] == 76.2066
    assert tidy.at["2021-22", "index"] == 93.8523
    assert tidy.at["2022-23", "index"] == 100
    # Forecast rows ("2023-24 (1), (2)" with "-") are not outturn and are left out.
    assert tidy.index.max() == "2022-23"
    assert set(tidy["source_id"]) == {"hmt_gdp_deflators"}


def test_sniff_tells_the_two_deflator_files_apart():
    assert ons_gdp_deflator.sniff(FIXTURE.read_bytes(), FIXTURE.name) == "ons_gdp_deflator_ybgb"
    assert ons_gdp_deflator.sniff(HMT.read_bytes(), HMT.name) == "hmt_gdp_deflators"
