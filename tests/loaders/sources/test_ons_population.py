"""ONS mid-year population: the real mid-2022 release workbook and the documented Nomis CSV shape."""

from __future__ import annotations

import pytest

from loaders.errors import BadData, LayoutChanged
from loaders.sources import ons_population as pop
from tests.loaders.helpers import areas, raw, value

NOMIS = (  # documented Nomis NM_2002_1 shape with select=...; the numbers are examples, not ONS figures
    '"DATE_NAME","GEOGRAPHY_NAME","GEOGRAPHY_CODE","OBS_VALUE"\n'
    '"2030","Barking and Dagenham","E09000002","100"\n'
    '"2030","Hartlepool","E06000001","200"\n'
    '"2019","Hartlepool","E06000001","300"\n'
)


def test_mye_2022_workbook_barking_and_dagenham():
    parsed = pop.parse(raw("mye22final.xlsx"), "mye22final.xlsx")
    tidy = pop.normalise(parsed, areas())
    assert value(tidy, "E09000002", "population", "2022-23") == 219_992  # mid-2022 -> 2022-23
    assert value(tidy, "E08000025", "population", "2022-23") == 1_157_603
    assert set(tidy["period"]) == {"2022-23"}  # the Mid-2011 comparison column belongs to another vintage
    assert set(tidy["source_id"]) == {"ons_mye_2021_based"}
    assert tidy["notes"].iloc[0] == "mid-2022 estimate"


def test_mye_2022_reproduces_the_committed_snapshot(store):
    tidy = pop.normalise(pop.parse(raw("mye22final.xlsx")), areas())
    obs = store.observations
    committed = obs[(obs["source_id"] == "ons_mye_2021_based") & (obs["period"] == "2022-23")]
    merged = committed.merge(tidy, on=["area_code", "metric_id", "period"], suffixes=("_c", "_n"))
    assert len(merged) == len(committed) == len(tidy)
    assert (merged["value_c"] == merged["value_n"]).all()


def test_nomis_csv_documented_shape():
    assert pop.sniff(NOMIS.encode(), "x.csv") == "ons_mye_2021_based"
    tidy = pop.normalise(pop.parse(NOMIS.encode(), "x.csv"), areas())
    assert value(tidy, "E09000002", "population", "2030-31") == 100
    assert "2019-20" not in set(tidy["period"])  # not relabelled as a 2011-based estimate


def test_nomis_requests_are_chunked_below_the_row_limit():
    codes = sorted(areas().codes)
    requests = pop.build_request(codes)
    assert len(requests) == -(-len(codes) // pop.CHUNK)
    for req in requests:
        params = dict(req.params)
        assert params["date"].endswith("latest") and params["measures"] == "20100"
        assert len(params["geography"].split(",")) <= pop.CHUNK
        assert req.url.startswith("https://www.nomisweb.co.uk/api/v01/dataset/NM_2002_1.data.csv")


def test_nomis_renamed_column_is_layout_changed():
    with pytest.raises(LayoutChanged, match="OBS_VALUE"):
        pop.parse_nomis(NOMIS.replace("OBS_VALUE", "VALUE").encode())


def test_nomis_response_at_the_row_limit_is_refused():
    rows = "".join('"2030","x","E09000002","1"\n' for _ in range(pop.NOMIS_MAX_ROWS))
    with pytest.raises(BadData, match="limit"):
        pop.parse_nomis((NOMIS.splitlines()[0] + "\n" + rows).encode())


def test_workbook_without_mye4_is_layout_changed():
    from tests.loaders.helpers import xlsx

    with pytest.raises(LayoutChanged, match="MYE4"):
        pop.parse_workbook(xlsx({"MYE2 - Persons": [["Code", "Name"]]}))
