import datetime as dt

import pytest

from kpi.core.catalogue import UnknownError
from kpi.core.schema import UNITS

REQUIRED_METRICS = [
    "population",
    "core_spending_power",
    "net_revenue_expenditure",
    "service_spend",
    "non_ringfenced_reserves",
    "reserves_pct_nre",
    "reserves_pct_service_spend",
    "total_debt",
    "debt_pct_csp",
    "interest_payable",
    "debt_servicing_pct_csp",
    "council_tax_requirement",
    "band_d_council_tax",
    "fte",
    "headcount",
]


def test_required_metric_ids_exist(store):
    assert set(REQUIRED_METRICS) <= set(store.catalogue.metrics)
    assert len([m for m in store.catalogue.metrics if m.startswith("asc_")]) == 7


def test_metric_catalogue_fields_are_complete(store):
    for metric in store.catalogue.metrics.values():
        assert metric.title and metric.definition and metric.source_ids and metric.applies_to
        assert metric.polarity in {"higher_better", "lower_better", "context"}
        assert metric.unit in UNITS  # the schema's base units


def test_asc_metrics_do_not_apply_to_districts(store):
    assert not store.catalogue.metric("asc_quality_of_life").applies("shire_district")
    assert store.catalogue.metric("asc_quality_of_life").applies("county")


def test_area_catalogue_covers_every_current_council(store):
    current = store.catalogue.current_areas()
    counts = current["area_type"].value_counts().to_dict()
    # 2025 structure: 32 London boroughs + City, 36 metropolitan districts, 21 counties
    assert counts["london_borough"] == 32 and counts["city_of_london"] == 1
    assert counts["metropolitan_district"] == 36 and counts["county"] == 21
    assert len(current) == 319  # 296 lower-tier/unitary + 21 counties, and two shadow councils (East, West Surrey)
    assert len(store.catalogue.operating_codes) == 317  # the councils that have taken over


def test_reorganised_councils_link_to_successors(store):
    cat = store.catalogue
    assert cat.area("E10000006")["successor_codes"] == "E06000063;E06000064"  # Cumbria -> Cumberland, W&F
    assert cat.area("E10000006")["end_date"] == "2023-03-31"  # its last day: Cumberland began on 1 April 2023
    assert not cat.area("E10000006")["current"]


def test_an_abolished_councils_end_date_is_the_last_day_it_existed(store):
    """The day before its successors' vesting day, for the 2019 and 2020 abolitions and the 2021 and 2023 ones
    alike (mySociety gives 31 March for the first two and 1 April for the others)."""
    areas = store.catalogue.areas
    gone = areas[(areas["end_date"] != "") & (areas["end_date"] < "2026-01-01")]
    assert len(gone) == 48
    for rec in gone.to_dict("records"):
        for successor in rec["successor_codes"].split(";"):
            vesting = dt.date.fromisoformat(store.catalogue.area(successor)["start_date"])
            assert rec["end_date"] == (vesting - dt.timedelta(days=1)).isoformat(), rec["area_code"]
    assert set(gone["end_date"]) == {"2019-03-31", "2020-03-31", "2021-03-31", "2023-03-31"}


def test_every_area_has_a_region(store):
    assert (store.catalogue.areas["region"] != "").all()


def test_resolve_area_by_name_or_code(store):
    cat = store.catalogue
    assert cat.resolve_area("E09000002") == "E09000002"
    assert cat.resolve_area("barking and dagenham") == "E09000002"
    with pytest.raises(UnknownError) as err:
        cat.resolve_area("Barking")
    assert "E09000002 (Barking and Dagenham)" in str(err.value)


def test_unknown_metric_names_nearest(store):
    with pytest.raises(UnknownError, match="did you mean population"):
        store.catalogue.metric("populaton")


def test_additive_measures_are_declared_in_the_catalogue(store):
    additive = {m.metric_id: m.additive for m in store.catalogue.metrics.values() if m.additive}
    assert set(additive.values()) <= {"area", "flow", "stock"}
    assert additive["population"] == "area" and additive["dwellings"] == "area"
    assert additive["core_spending_power"] == "flow" and additive["council_tax_requirement"] == "flow"
    assert additive["total_debt"] == "stock" and additive["non_ringfenced_reserves"] == "stock"
    # Ratios, scores and Band D do not add up: they are recalculated or left out, never summed.
    assert not {"debt_pct_csp", "band_d_council_tax", "asc_quality_of_life"} & set(additive)


def test_combined_and_derived_source_ids_name_their_inputs(store):
    from kpi.core.provenance import combined_source, derived_inputs, is_calculated, is_combined

    cat = store.catalogue
    sid = combined_source(["mhclg_revenue_spending_power", "combined:mhclg_revenue_spending_power"])
    assert sid == "combined:mhclg_revenue_spending_power"
    assert cat.source_title(sid).startswith("Predecessor councils' figures combined, from Revenue Spending Power")
    assert cat.source_priority(sid) > cat.source_priority("mhclg_core_spending_power")  # official always wins
    ratio = "derived:combined:mhclg_borrowing_investment+combined:mhclg_revenue_spending_power"
    assert derived_inputs(ratio) == ("mhclg_borrowing_investment", "mhclg_revenue_spending_power")
    assert cat.source_title(ratio).startswith("Calculated from predecessor councils' figures combined")
    assert is_combined(ratio) and is_calculated(ratio) and is_calculated(sid)
    assert not is_combined("derived:mhclg_revenue_outturn_rs") and not is_calculated("upload:3")
