"""Data tests on the committed snapshot: schema, units, uniqueness and figures from the source files."""

import pytest

from kpi.core import schema as S
from kpi.core.periods import is_period
from kpi.core.provenance import derived_inputs

BD = "E09000002"


def value(store, metric, area, period, source=None):
    obs = store.observations
    rows = obs[(obs[S.METRIC_ID] == metric) & (obs[S.AREA_CODE] == area) & (obs[S.PERIOD] == period)]
    if source:
        rows = rows[rows[S.SOURCE_ID] == source]
    assert len(rows) == 1, rows
    return float(rows[S.VALUE].iloc[0])


def test_observations_are_unique_on_area_metric_period_source(store):
    assert not store.observations.duplicated(S.KEY).any()


def test_every_row_satisfies_the_schema(store):
    cat = store.catalogue
    S.validate(store.observations, area_codes=set(cat.areas.index), metric_units=cat.metric_units())


def test_every_period_is_a_financial_year(store):
    assert store.observations[S.PERIOD].map(is_period).all()


def test_every_source_id_is_catalogued(store):
    bases = {s.split(":")[0] for s in store.observations[S.SOURCE_ID].unique()}
    assert bases <= set(store.catalogue.sources.index)
    inputs = {i for s in store.observations[S.SOURCE_ID].unique() for i in derived_inputs(s)}
    assert inputs and inputs <= set(store.catalogue.sources.index)


def test_money_is_in_pounds_not_thousands(store):
    # borrowing-investment PROVENANCE: B&D total borrowing March 2020 = £981.7m (file in £000: 981,686)
    assert value(store, "total_debt", BD, "2019-20") == 981_686_000
    # revenue-outturn PROVENANCE: B&D NRE £142.2m (2010-11), £190.7m (2023-24); interest £5.6m -> £30.7m
    assert round(value(store, "net_revenue_expenditure", BD, "2010-11") / 1e6, 1) == 142.2
    assert round(value(store, "net_revenue_expenditure", BD, "2023-24") / 1e6, 1) == 190.7
    assert round(value(store, "interest_payable", BD, "2023-24") / 1e6, 1) == 30.7


def test_spending_power_keeps_its_definition_break_visible(store):
    assert value(store, "core_spending_power", BD, "2015-16", "mhclg_revenue_spending_power") == 174_430_000
    assert value(store, "core_spending_power", BD, "2016-17", "mhclg_core_spending_power") == 145_630_000
    series = store.series("core_spending_power", [BD]).set_index(S.PERIOD)
    assert bool(series.at["2016-17", "break_before"]) is True
    assert bool(series.at["2015-16", "break_before"]) is False


def test_population_vintage_break_is_at_2021_22(store):
    series = store.series("population", [BD]).set_index(S.PERIOD)
    assert series.at["2020-21", S.SOURCE_ID] == "ons_mye_2011_based"
    assert series.at["2021-22", S.SOURCE_ID] == "ons_mye_2021_based"
    assert series["break_before"].sum() == 1


def test_reserves_ratio_matches_provenance(store):
    # revenue-outturn PROVENANCE: 19.1% (2010-11) -> 36.0% (2012-13) -> 41.8% (2017-18) -> 68.2% (2023-24)
    for period, expected in {"2010-11": 19.1, "2012-13": 36.0, "2017-18": 41.8, "2023-24": 68.2}.items():
        assert round(value(store, "reserves_pct_nre", BD, period), 1) == expected


def test_estimated_reserves_are_flagged(store):
    obs = store.observations
    row = obs[(obs[S.METRIC_ID] == "non_ringfenced_reserves") & (obs[S.AREA_CODE] == BD) & (obs[S.PERIOD] == "2016-17")]
    assert row[S.STATUS].iloc[0] == S.ESTIMATED


def test_band_d_and_council_tax_requirement(store):
    # council-tax PROVENANCE: B&D Band D £1,016.40 (2014-15), £1,458.57 (2023-24); Kent CC 2023-24 CTR £876.8m
    assert value(store, "band_d_council_tax", BD, "2014-15") == 1016.40
    assert value(store, "band_d_council_tax", BD, "2023-24") == 1458.57
    assert (
        round(value(store, "council_tax_requirement", "E10000016", "2023-24", "mhclg_council_tax_ctr") / 1e6, 1)
        == 876.8
    )


def test_debt_as_percent_of_spending_power(store):
    assert value(store, "debt_pct_csp", BD, "2019-20") == pytest.approx(981_686_000 / 153_600_000 * 100, abs=1e-3)


def test_debt_servicing_is_interest_plus_mrp_over_spending_power(store):
    expected = (16_167_000 + 6_772_000) / 148_300_000 * 100  # RS 2017-18 interest 16,167 + MRP 6,772 (£000)
    assert value(store, "debt_servicing_pct_csp", BD, "2017-18") == pytest.approx(expected, abs=1e-3)


def test_percentages_are_0_to_100_scale(store):
    obs = store.observations
    asc3 = obs[(obs[S.METRIC_ID] == "asc_info_service_users")][S.VALUE]
    assert asc3.between(0, 100).all() and asc3.max() > 1


def test_workforce_turnover_is_declared_but_not_bundled(store):
    assert "asc_workforce_turnover" in store.catalogue.metrics
    assert "asc_workforce_turnover" not in set(store.observations[S.METRIC_ID])


def test_predecessors_keep_their_history(store):
    # Christchurch (E07000048) was abolished in 2019 and replaced by BCP (E06000058)
    cat = store.catalogue
    assert cat.area("E07000048")["successor_codes"] == "E06000058"
    assert "E07000048" in cat.area("E06000058")["predecessor_codes"].split(";")
    assert value(store, "band_d_council_tax", "E07000048", "2018-19") > 0


def test_former_codes_are_mapped_to_the_current_code(store):
    # Northumberland's code changed from E06000048 to E06000057 without a boundary change
    assert "E06000048" not in set(store.observations[S.AREA_CODE])
    assert value(store, "net_revenue_expenditure", "E06000057", "2010-11") > 0


def test_council_tax_per_dwelling_is_requirement_over_dwellings(store):
    # council-tax PROVENANCE: B&D 2022-23 council tax requirement £72,350,450 (CTR 2022-23, line 3) and 78,617
    # dwellings on the valuation list at October 2022 (Council Taxbase 2022, Table 1.01): £920.
    assert value(store, "council_tax_requirement", BD, "2022-23", "mhclg_council_tax_ctr") == pytest.approx(72_350_450)
    assert value(store, "dwellings", BD, "2022-23") == 78_617
    per = value(store, "council_tax_per_dwelling", BD, "2022-23")
    assert per == pytest.approx(72_350_450 / 78_617, abs=1e-3) and round(per) == 920
    # Dwellings are bundled for October 2022 only, so that is the one year.
    assert store.periods("council_tax_per_dwelling") == ["2022-23"]


def test_council_tax_base_in_band_d_equivalents(store):
    # council-tax PROVENANCE: B&D's tax base 40,522 (2014-15) -> 53,327 (2023-24); Kent CC 2023-24 571,478.
    assert value(store, "council_tax_base", BD, "2014-15") == pytest.approx(40_522.1)
    assert value(store, "council_tax_base", BD, "2023-24") == pytest.approx(53_326.9)
    assert value(store, "council_tax_base", "E10000016", "2023-24") == pytest.approx(571_478.4)
    # Band D is the requirement over the base: B&D 2023-24 £77,780,750 / 53,326.9 = £1,458.57.
    assert 77_780_750 / value(store, "council_tax_base", BD, "2023-24") == pytest.approx(1458.57, abs=0.01)
    # An area's base adds its districts, never its county (whose base is theirs): Somerset 2022-23 is Mendip
    # 41,543.97 + Sedgemoor 41,910.2 + South Somerset 60,643.6 + Somerset West and Taunton 56,649.3 = 200,747.07
    # (Somerset County Council's own base: 200,747.2).
    combined = store.series("council_tax_base", ["E06000066"])
    row = combined[combined["period"] == "2022-23"]
    assert row["source_id"].item() == "combined:mhclg_council_tax_ctr"
    assert row["value"].item() == pytest.approx(200_747.07)
    assert value(store, "council_tax_base", "E10000027", "2022-23") == pytest.approx(200_747.2)


def test_social_care_spend_as_share_of_spending_power(store):
    # RS 2017-18, £000: B&D children's social care (line 330) 50,854, adult (line 360) 45,738; spending power
    # 2017-18 £148.3m (SpendingMillions.csv, column 2018).
    assert value(store, "adult_social_care_spend", BD, "2017-18") == 45_738_000
    assert value(store, "childrens_social_care_spend", BD, "2017-18") == 50_854_000
    assert value(store, "social_care_pct_csp", BD, "2017-18") == pytest.approx(96_592 / 148_300 * 100, abs=1e-4)
    assert value(store, "adult_social_care_pct_csp", BD, "2017-18") == pytest.approx(45_738 / 148_300 * 100, abs=1e-4)
    # Shire districts have no social care duties: no zero figures for them.
    assert store.series("adult_social_care_spend", ["E07000236"]).empty


def test_northamptonshire_unitaries_keep_their_2011_based_populations(store):
    # The mid-2020 workbook writes these two codes with a no-break space; mid-2015 North Northamptonshire: 331,763.
    assert value(store, "population", "E06000061", "2015-16") == 331_763
    assert store.series("population", ["E06000062"])[S.PERIOD].min() == "2001-02"
