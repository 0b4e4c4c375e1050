from kpi.views.urlstate import ViewState, parse_params


def test_round_trip_of_a_full_view(store):
    state = ViewState(
        area="E09000004",
        metric="total_debt",
        prices="real",
        base="2020-21",
        per_head=True,
        index="2010-11",
        cmp="region",
        also=("E09000002",),
    )
    parsed, notices = parse_params(state.to_params(), store)
    assert parsed == state and notices == []


def test_defaults_leave_the_url_empty():
    assert ViewState().to_params() == {}


def test_bad_values_fall_back_with_a_notice_each(store):
    parsed, notices = parse_params(
        {"area": "Nowhere", "metric": "x", "prices": "gold", "index": "2010/11", "per_head": "maybe", "cmp": "friends"},
        store,
    )
    assert parsed == ViewState()
    assert len(notices) == 6
    assert "Nowhere" in notices[0] and "Barking and Dagenham" in notices[0]


def test_toggles_a_measure_cannot_take_are_dropped(store):
    parsed, _ = parse_params({"metric": "reserves_pct_nre", "per_head": "1", "prices": "real"}, store)
    assert parsed.per_head is False and parsed.prices == "cash"


def test_council_name_in_url_is_resolved(store):
    parsed, notices = parse_params({"area": "Bexley"}, store)
    assert parsed.area == "E09000004" and not notices


def test_overlong_values_are_cut_in_notices(store):
    _, notices = parse_params({"area": "x" * 500}, store)
    assert len(notices[0]) < 200


def test_round_trip_with_year_base_year_and_small_multiples(store):
    state = ViewState(
        area="E09000004",
        metric="debt_pct_csp",
        cmp="type",
        year="2018-19",
        since="2015-16",
        metrics=("population", "band_d_council_tax"),
    )
    parsed, notices = parse_params(state.to_params(), store)
    assert parsed == state and notices == []
    assert state.to_params()["metrics"] == ["population", "band_d_council_tax"]


def test_bad_year_and_unknown_small_multiple_fall_back_with_notices(store):
    parsed, notices = parse_params({"year": "last year", "since": "1066", "metrics": ["population", "nope"]}, store)
    assert parsed.year == "" and parsed.since == "" and parsed.metrics == ("population",)
    assert len(notices) == 3 and "nope" in notices[2]


def test_too_many_small_multiples_are_cut(store):
    many = [
        "population",
        "core_spending_power",
        "total_debt",
        "band_d_council_tax",
        "reserves_pct_nre",
        "debt_pct_csp",
        "service_spend",
    ]
    parsed, notices = parse_params({"metrics": many}, store)
    assert len(parsed.metrics) == 6 and any("At most 6" in n for n in notices)


def test_custom_group_round_trips_through_the_url(store):
    state = ViewState(cmp="custom", group=("E09000004", "E09000003"), group_name="Outer London", to="2023-24")
    params = state.to_params()
    assert params["group"] == "E09000004,E09000003" and params["group_name"] == "Outer London"
    parsed, notices = parse_params(params, store)
    assert parsed == state and notices == []
    group = parsed.request_fields()["comparator_group"]
    assert (group.kind, group.codes, group.name) == ("custom", ("E09000004", "E09000003"), "Outer London")


def test_custom_group_is_left_out_of_the_url_for_other_groups():
    assert ViewState(cmp="region", group=("E09000004",), group_name="x").to_params() == {"cmp": "region"}


def test_bad_custom_group_codes_fall_back_with_notices(store):
    parsed, notices = parse_params({"cmp": "custom", "group": "E09000004,NOPE,E09999999"}, store)
    assert parsed.cmp == "custom" and parsed.group == ("E09000004",)
    assert len(notices) == 2 and "NOPE" in notices[0]
    parsed, notices = parse_params({"cmp": "custom", "group": "nothing"}, store)
    assert parsed.cmp == "nearest" and any("nearest neighbours are shown" in n for n in notices)


def test_custom_group_is_capped_and_its_name_kept_plain(store):
    codes = store.catalogue.current_areas()["area_code"].tolist()[:45]
    parsed, notices = parse_params({"cmp": "custom", "group": codes, "group_name": "<i>Mine</i>"}, store)
    assert len(parsed.group) == 40 and any("at most 40" in n for n in notices)
    assert parsed.group_name == "iMine/i"


def test_end_year_before_the_base_year_is_dropped_with_a_notice(store):
    parsed, notices = parse_params({"since": "2015-16", "to": "2012-13"}, store)
    assert parsed.to == "" and "2012-13" in notices[0]
