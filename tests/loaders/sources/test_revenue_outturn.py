"""Revenue outturn (RS/RO) and budget (RA) parsers on the real official files, and on the documented RO CSV shape."""

from __future__ import annotations

import pytest

from loaders.errors import BadData, LayoutChanged
from loaders.sources import revenue_outturn as ro
from loaders.sources.revenue_outturn.multi_year_csv import parse_multi_year_csv
from tests.loaders.helpers import areas, raw, value, xlsx

BD = "E09000002"


@pytest.fixture(scope="module")
def rs2324():
    parsed = ro.parse(raw("RS_2023-24_data_by_LA.ods"), "RS_2023-24_data_by_LA.ods")
    return parsed, ro.normalise(parsed, areas())


def test_rs_2023_24_ods_barking_and_dagenham_figures(rs2324):
    parsed, tidy = rs2324
    assert parsed.meta["year"] == "2023-24"
    assert parsed.release == "RS 2023-24 (Last updated: 12 December 2024)"
    main = tidy[~tidy["fill_only"]]
    assert value(main, BD, "net_revenue_expenditure", "2023-24") == 190_658_000
    assert value(main, BD, "service_spend", "2023-24") == 550_723_000
    assert value(main, BD, "interest_payable", "2023-24") == 30_669_000
    assert value(main, BD, "council_tax_requirement", "2023-24") == 77_781_000
    assert value(main, "E10000016", "net_revenue_expenditure", "2023-24") == 1_180_713_000  # Kent
    assert value(main, "E07000236", "net_revenue_expenditure", "2023-24") == 9_222_000  # Redditch


def test_rs_machine_codes_are_used_and_x_markers_are_missing(rs2324):
    parsed, tidy = rs2324
    assert parsed.meta["columns"]["interest_payable"] == "Interest: external payments"
    # Birmingham did not return 2023-24: every value is [x], so it has no rows rather than zeros.
    assert tidy[tidy["area_code"] == "E08000025"].empty
    assert set(tidy["source_id"]) == {"mhclg_revenue_outturn_rs"}


def test_rs_reserves_are_estimated_and_opening_levels_only_fill_gaps(rs2324):
    _, tidy = rs2324
    reserves = tidy[(tidy["metric_id"] == "non_ringfenced_reserves") & (tidy["area_code"] == BD)]
    end = reserves[reserves["period"] == "2023-24"].iloc[0]
    assert end["value"] == 130_006_000 and end["status"] == "estimated" and not end["fill_only"]
    opening = reserves[reserves["period"] == "2022-23"].iloc[0]
    assert opening["value"] == 145_644_000 and opening["fill_only"]
    assert opening["notes"] == "opening level at 1 April 2023 reported on the 2023-24 RS form"


def test_rs_2023_24_reproduces_the_committed_snapshot_rows(rs2324, store):
    _, tidy = rs2324
    obs = store.observations
    committed = obs[
        (obs["source_id"] == "mhclg_revenue_outturn_rs")
        & (
            (obs["period"] == "2023-24")
            | ((obs["period"] == "2022-23") & (obs["metric_id"] == "non_ringfenced_reserves"))
        )
    ]
    key = ["area_code", "metric_id", "period"]
    a = committed.set_index(key).sort_index()
    b = tidy.set_index(key).sort_index()
    assert list(a.index) == list(b.index)
    assert (a["value"].to_numpy() == b["value"].round(4).to_numpy()).all()
    assert (a["status"].to_numpy() == b["status"].to_numpy()).all()
    assert (a["notes"].to_numpy() == b["notes"].to_numpy()).all()


def test_rs_2016_17_xlsx_by_labels():
    tidy = ro.normalise(ro.parse(raw("RS_2016-17_data_by_LA.xlsx")), areas())
    assert value(tidy, BD, "net_revenue_expenditure", "2016-17") == pytest.approx(152_689_177)
    assert value(tidy, BD, "council_tax_requirement", "2016-17") == 49_314_000
    assert value(tidy, "E10000016", "net_revenue_expenditure", "2016-17") == 904_612_000


def test_rs_2014_15_xls_with_region_column_and_two_data_sheets():
    parsed = ro.parse(raw("Revenue_Outturn_Summary__RS__data_2014-15_by_LA_-_02-Feb-2016.xls"))
    tidy = ro.normalise(parsed, areas())
    assert value(tidy, BD, "net_revenue_expenditure", "2014-15") == 151_162_000
    assert value(tidy, BD, "council_tax_requirement", "2014-15") == 41_187_000
    assert value(tidy, "E07000236", "net_revenue_expenditure", "2014-15") == 9_663_000


def test_ra_budget_2016_17_is_flagged_budget():
    content = raw("budgetaccounts1617.xlsx")
    assert ro.sniff(content, "budgetaccounts1617.xlsx") == ro.RA
    tidy = ro.normalise(ro.parse(content), areas())
    assert set(tidy["source_id"]) == {ro.RA} and set(tidy["status"]) == {"budget"}
    assert value(tidy, BD, "net_revenue_expenditure", "2016-17") == 143_051_000
    assert value(tidy, BD, "service_spend", "2016-17") == 398_474_000
    assert value(tidy, BD, "council_tax_requirement", "2016-17") == 49_314_000
    assert value(tidy, "E08000025", "net_revenue_expenditure", "2016-17") == 868_388_000


RO_CSV = (  # documented shape of the multi-year RO CSV; the numbers are examples, not official figures
    "year_ending,ONS_code,LA_name,LA_class,RS_netrevexp_net_exp,RS_totsx_net_exp,RS_ctrtot_net_exp\n"
    "202503,E09000002,Barking and Dagenham,L,100,200,50\n"
    "202503,E92000001,England,England,9999,9999,9999\n"
    "202403,E09000002,Barking and Dagenham,L,90,180,45\n"
)


def test_ro_multi_year_csv_documented_shape():
    content = RO_CSV.encode()
    assert ro.sniff(content, "ro.csv") == ro.RS
    tidy = ro.normalise(ro.parse(content, "ro.csv"), areas())
    assert value(tidy, BD, "net_revenue_expenditure", "2024-25") == 100_000  # year_ending 202503 = 2024-25
    assert value(tidy, BD, "service_spend", "2023-24") == 180_000
    assert "E92000001" not in set(tidy["area_code"])  # England aggregate dropped


def test_ro_csv_renamed_column_is_layout_changed():
    content = RO_CSV.replace("RS_netrevexp_net_exp", "RS_netrevexp_total").encode()
    with pytest.raises(LayoutChanged, match="RS_netrevexp"):
        parse_multi_year_csv(content)


def test_ro_csv_bad_year_is_bad_data():
    with pytest.raises(BadData, match="year_ending"):
        parse_multi_year_csv(RO_CSV.replace("202403", "2024-03").encode())


def test_rs_workbook_without_a_net_revenue_column_says_what_it_looked_for():
    content = xlsx(
        {
            "RS LA Data 2030-31": [
                ["Revenue Outturn 2030-31 (example layout)"],
                ["E-code", "ONS Code", "Local authority", "Class", "Total spend"],
                ["E5030", "E09000002", "Barking and Dagenham", "L", 1],
            ]
        }
    )
    with pytest.raises(LayoutChanged, match="NET REVENUE EXPENDITURE"):
        ro.parse(content, "rs.xlsx")


def test_truncated_workbook_is_bad_data():
    content = raw("RS_2016-17_data_by_LA.xlsx")
    with pytest.raises(BadData):
        ro.parse(content[: len(content) // 2], "RS_2016-17_data_by_LA.xlsx")
