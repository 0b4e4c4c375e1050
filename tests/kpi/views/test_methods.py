"""Coverage and reorganisation tables of the Data and methods page."""

from kpi.views.methods import coverage, metric_sources, orders, reorganisations


def test_coverage_per_measure(store):
    table = coverage(store).set_index("metric_id")
    assert table.at["population", "first_year"] == "2001-02" and table.at["population", "last_year"] == "2024-25"
    assert table.at["core_spending_power", "first_year"] == "2011-12"
    assert table.at["band_d_council_tax", "councils"] == 365
    assert table.at["fte", "councils"] == 0 and table.at["fte", "first_year"] == "none bundled"


def test_reorganisations_name_successors(store):
    table = reorganisations(store.catalogue).set_index("area_code")
    assert table.at["E10000021", "succeeded_by"] == (
        "North Northamptonshire (E06000061); West Northamptonshire (E06000062)"
    )
    assert table.at["E06000028", "abolished_council"] == "Bournemouth"
    assert len(table) == 365 - 317


def test_every_measure_names_its_sources_licence_and_release(store):
    table = metric_sources(store)
    assert "2021 Census-based" in table.at["population", "source"]
    assert table.at["debt_pct_csp", "licence"] == "OGL v3.0"
    assert "Final settlements 2016-17 to 2020-21" in table.at["core_spending_power", "release"]


def test_measures_table_says_which_councils_a_measure_is_compared_with(store):
    from kpi.views.methods import measures_table, sources_table

    table = measures_table(store).set_index("metric_id")
    assert table.at["debt_pct_csp", "compared_with"] == "councils of the same class of functions"
    assert table.at["asc_quality_of_life", "compared_with"] == "councils of every class it applies to"
    sources = sources_table(store).set_index("source_id")
    assert sources.at["mhclg_core_spending_power", "period_release"] == (
        "final local government finance settlement {period}"
    )


def test_measures_say_how_reorganised_councils_add_up(store):
    from kpi.views.methods import measures_table

    table = measures_table(store).set_index("metric_id")
    assert table.at["core_spending_power", "additive"] == "flow"
    assert table.at["debt_pct_csp", "additive"] == ""  # ratios are recalculated, never added


def test_unavailable_measures_give_a_reason_and_a_release(store):
    from kpi.views.methods import unavailable_table

    table = unavailable_table(store.catalogue)
    assert list(table.columns) == ["Measure", "Why it is not built", "Release a refresh would use"]
    assert (table != "").all().all() and len(table) >= 3
    assert table["Measure"].str.contains("workforce turnover").any()


def test_orders_list_the_councils_reorganisations_csv_declares(store):
    table = orders(store.catalogue).set_index("council")
    east = table.loc["East Surrey"]
    assert east["area_code"] == "E06X00001 (provisional)" and east["takes_over"] == "1 April 2027"
    assert east["status"] == "shadow council, takes over on 1 April 2027"
    assert east["predecessors"].startswith("Elmbridge; Epsom and Ewell; ")
    assert east["predecessors"].endswith("Surrey (shared by population)")
    assert east["order"].startswith("The Surrey (Structural Changes) Order 2026 (SI 2026/264)")
