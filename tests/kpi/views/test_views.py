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


def test_a_council_with_other_functions_asked_for_as_a_line_is_not_drawn_and_the_view_says_so(store):
    asked = TrendRequest(
        area_code="E09000002", metric_id="core_spending_power", also=("E09000003", "E10000016", "E07000223")
    )
    view = trend_view(store, asked)
    assert [code for code, _, _ in view.lines] == ["E09000002", "E09000003"]  # Barnet, a London borough, only
    note = (
        "Not drawn as lines, as their figures are not comparable: Kent, Adur (functions other than Barking and "
        "Dagenham's)."
    )
    assert note in view.notes and note in view.summary
    assert {"Barking and Dagenham", "Barnet"} <= set(view.table["area_name"])
    assert not {"Kent", "Adur"} & set(view.table["area_name"])
    plain = trend_view(store, TrendRequest(area_code="E09000002", metric_id="core_spending_power", also=("E09000003",)))
    assert not [n for n in plain.notes if n.startswith("Not drawn")]
