from kpi.urlstate import ViewState, parse_params


def test_round_trip_of_a_full_view(store):
    state = ViewState(area="E09000004", metric="total_debt", prices="real", base="2020-21", per_head=True,
                      index="2010-11", cmp="region", also=("E09000002",))
    parsed, notices = parse_params(state.to_params(), store)
    assert parsed == state and notices == []


def test_defaults_leave_the_url_empty():
    assert ViewState().to_params() == {}


def test_bad_values_fall_back_with_a_notice_each(store):
    parsed, notices = parse_params({"area": "Nowhere", "metric": "x", "prices": "gold", "index": "2010/11",
                                    "per_head": "maybe", "cmp": "friends"}, store)
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
