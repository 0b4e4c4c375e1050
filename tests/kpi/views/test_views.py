"""Chart notes name each source's release and the retrieval date (issue 3: which release, when retrieved)."""

from kpi.views.trend import TrendRequest, source_note, trend_view


def test_source_note_names_release_licence_and_date(store):
    note = source_note(store, ["mhclg_borrowing_investment"])
    release = store.catalogue.sources.at["mhclg_borrowing_investment", "release"]
    assert note.startswith("Source: MHCLG borrowing and investment live tables, release: " + release)
    assert "(OGL v3.0)" in note and note.endswith("Retrieved 2026-11-21.") and "Data as of" not in note


def test_derived_figures_name_the_releases_of_their_inputs(store):
    view = trend_view(store, TrendRequest(area_code="E09000002", metric_id="debt_pct_csp"))
    for source in ("mhclg_borrowing_investment", "mhclg_core_spending_power", "mhclg_revenue_spending_power"):
        assert store.catalogue.sources.at[source, "release"] in view.source_note


def test_a_trend_says_whether_the_council_has_figures_as_a_flag(store):
    def view(area: str, metric: str):
        return trend_view(store, TrendRequest(area_code=area, metric_id=metric))

    assert view("E09000001", "population").has_data
    none = view("E09000001", "core_spending_power")
    assert none.applicable and not none.has_data and none.summary.startswith("No data for City of London")
    district = view("E07000223", "asc_info_service_users")  # adult social care is not a district's service
    assert not district.applicable and not district.has_data and "does not apply to Adur" in district.summary
