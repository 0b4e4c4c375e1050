"""The Trends page through Streamlit's AppTest: defaults, controls, URL state."""

import pytest

from kpi.core.formatting import in_words
from kpi.views.urlstate import MAX_ALSO
from tests.pages.helpers import chart_specs, decode, title, trace

pytestmark = pytest.mark.filterwarnings("ignore")

TRENDS = "pages/explore/trends.py"


def open_trends(app):
    """The profile is the landing page: run it once (which reads the URL), then switch to Trends."""
    app.run()
    return app.switch_page(TRENDS).run()


def test_opens_on_a_real_chart_not_a_blank_page(app):
    open_trends(app)
    assert not app.exception
    specs = chart_specs(app)
    assert len(specs) == 1
    spec = specs[0]
    assert title(spec).startswith("Core spending power: Barking and Dagenham")
    line = trace(spec, "Barking and Dagenham")
    assert line["x"][0] == "2011-12"
    assert decode(line["y"])[0] == pytest.approx(182.34)  # £ million
    assert spec["layout"]["yaxis"]["title"]["text"] == "£ million, cash"
    assert "Source:" in spec["layout"]["annotations"][-1]["text"]
    assert any("median" in (t.get("name") or "") for t in spec["data"])


def test_council_change_redraws_the_chart(app):
    open_trends(app)
    app.selectbox(key="area").set_value("E09000004").run()
    spec = chart_specs(app)[0]
    assert "Bexley" in title(spec)
    assert app.query_params["area"] == "E09000004"


def test_per_head_real_terms_toggle_changes_values(app):
    open_trends(app)
    app.toggle(key="per_head").set_value(True).run()
    app.radio(key="prices").set_value("real").run()
    spec = chart_specs(app)[0]
    assert title(spec) == "Core spending power per head in real terms: Barking and Dagenham"
    y = decode(trace(spec, "Barking and Dagenham")["y"])
    assert y[-1] == pytest.approx(163_020_000 / 214_107 * 112.375 / 95.825, rel=1e-3)  # 2020-21
    assert app.query_params["per_head"] == "1" and app.query_params["prices"] == "real"


def test_index_toggle_sets_base_year_to_100(app):
    open_trends(app)
    app.selectbox(key="metric").set_value("population").run()
    app.toggle(key="index_on").set_value(True).run()
    spec = chart_specs(app)[0]
    line = trace(spec, "Barking and Dagenham")
    y = dict(zip(line["x"], decode(line["y"])))
    assert y["2010-11"] == pytest.approx(100)
    assert app.query_params["index"] == "2010-11"


def test_table_alternative_and_summary_are_present(app):
    open_trends(app)
    assert any(m.value.startswith("**Summary:**") for m in app.markdown)
    table_switch = app.toggle(key="table_trend")
    assert table_switch.label == "Show as table" and not table_switch.value and not app.dataframe
    table_switch.set_value(True).run()
    table = app.dataframe[0].value
    assert "2011-12" in set(table["Year"]) and "Comparator median" in table.columns
    assert table.set_index("Year").at["2011-12", "Value"] == "£182.3m"


def test_url_opens_the_same_view(app):
    app.query_params.update({"area": "E09000004", "metric": "total_debt", "per_head": "1", "cmp": "region"})
    open_trends(app)
    spec = chart_specs(app)[0]
    assert title(spec) == "Total debt (gross borrowing) per head: Bexley"
    assert "31 other single-tier councils in London" in spec["layout"]["title"]["text"]
    assert app.selectbox(key="cmp").value == "region"


def test_bad_url_values_fall_back_with_a_notice(app):
    app.query_params.update({"area": "E99999999", "metric": "<script>", "per_head": "perhaps"})
    app.run()
    assert not app.exception
    notices = [i.value for i in app.info]
    assert len(notices) == 3
    app.switch_page(TRENDS).run()
    assert "Barking and Dagenham" in title(chart_specs(app)[0])


def test_comparator_none_hides_the_band(app):
    open_trends(app)
    app.selectbox(key="cmp").set_value("none").run()
    spec = chart_specs(app)[0]
    assert not any("median" in (t.get("name") or "") for t in spec["data"])


def test_methods_page_lists_sources_and_licences(app):
    app.run()
    app.switch_page("pages/about/methods.py").run()
    assert not app.exception
    text = " ".join(m.value for m in app.markdown)
    assert "Open Government Licence v3.0" in text and "mySociety" in text


def download_labels(app):
    return [b.proto.label for b in app.get("download_button")]


def test_every_chart_offers_png_svg_and_csv(app):
    open_trends(app)
    assert download_labels(app) == ["Download PNG", "Download SVG", "Download data (CSV)"]
    assert all(b.proto.deferred_file_id for b in app.get("download_button"))  # made only when clicked


def test_small_multiples_are_one_chart_and_go_in_the_url(app):
    open_trends(app)
    app.multiselect(key="metrics").set_value(["population", "reserves_pct_nre", "band_d_council_tax"]).run()
    assert not app.exception
    specs = chart_specs(app)
    assert len(specs) == 2
    panels = specs[1]
    assert title(panels) == "3 measures over time: Barking and Dagenham"
    population = [t for t in panels["data"] if t.get("xaxis", "x") == "x" and t["name"] == "Barking and Dagenham"][0]
    assert dict(zip(population["x"], decode(population["y"])))["2010-11"] == 182_838
    assert app.query_params["metrics"] == ["population", "reserves_pct_nre", "band_d_council_tax"]
    assert len(download_labels(app)) == 6


def test_small_multiples_from_a_link(app):
    app.query_params.update({"metrics": ["total_debt", "debt_pct_csp"], "area": "E09000004"})
    open_trends(app)
    assert title(chart_specs(app)[1]) == "2 measures over time: Bexley"


def test_estimated_values_are_dotted_on_screen(app):
    app.query_params.update({"metric": "reserves_pct_nre"})
    open_trends(app)
    spec = chart_specs(app)[0]
    dotted = trace(spec, "Barking and Dagenham (estimated, budget or forecast)")
    assert dotted["line"]["dash"] == "dot"


def test_adult_social_care_for_a_district_says_not_applicable(app):
    app.query_params.update(
        {"area": "E07000073", "metric": "asc_quality_of_life", "metrics": ["population", "asc_quality_of_life"]}
    )
    open_trends(app)
    assert not app.exception
    summaries = [m.value for m in app.markdown if m.value.startswith("**Summary:**")]
    assert "does not apply to Harlow" in summaries[0]
    panels = chart_specs(app)[-1]
    assert any(a["text"] == "not applicable to this council" for a in panels["layout"]["annotations"])


def test_custom_group_from_a_link_is_named_in_the_chart_and_stays_in_the_url(app):
    app.query_params.update({"cmp": "custom", "group": "E09000004,E09000003,E07000073", "group_name": "Outer London"})
    open_trends(app)
    assert not app.exception
    assert app.selectbox(key="cmp").value == "custom"
    assert app.multiselect(key="group").value == ["E09000004", "E09000003", "E07000073"]
    subtitle = chart_specs(app)[0]["layout"]["title"]["text"].replace("<br>", " ")
    assert "Custom group: Outer London (2 councils)" in subtitle  # Harlow, a district, left out
    summary = next(m.value for m in app.markdown if m.value.startswith("**Summary:**"))
    assert "Harlow" in summary
    assert app.query_params["group"] == "E09000004,E09000003,E07000073"
    assert app.query_params["group_name"] == "Outer London"


def test_custom_group_picked_in_the_sidebar_goes_in_the_url(app):
    open_trends(app)
    app.selectbox(key="cmp").set_value("custom").run()
    app.multiselect(key="group").set_value(["E09000004", "E09000006"]).run()
    app.text_input(key="group_name").set_value("Two neighbours").run()
    assert not app.exception
    assert "Custom group: Two neighbours (2 councils)" in chart_specs(app)[0]["layout"]["title"]["text"]
    assert app.query_params["cmp"] == "custom" and app.query_params["group"] == "E09000004,E09000006"
    assert any("Custom group: Two neighbours (2 councils)" in c.value for c in app.sidebar.caption)


def test_bad_custom_group_in_a_link_falls_back_with_a_notice(app):
    app.query_params.update({"cmp": "custom", "group": "E99999999"})
    open_trends(app)
    assert not app.exception
    assert any("E99999999" in i.value for i in app.info)
    assert app.selectbox(key="cmp").value == "nearest"


def test_a_link_and_the_picker_hold_the_same_number_of_other_councils(app):
    london = [f"E090000{n:02d}" for n in range(3, 3 + MAX_ALSO + 2)]
    app.query_params.update({"also": london})
    open_trends(app)
    picker = app.multiselect(key="also")
    assert picker.max_selections == MAX_ALSO and len(picker.value) == MAX_ALSO
    assert picker.help.startswith(f"Up to {in_words(MAX_ALSO)} other councils drawn as their own lines: those with")


def test_a_link_asking_for_a_council_with_other_functions_as_a_line_leaves_it_out_and_says_why(app):
    app.query_params.update({"also": ["E09000003", "E10000016"]})  # Barnet, a London borough; Kent, a county
    open_trends(app)
    assert not app.exception
    picker = app.multiselect(key="also")
    assert picker.value == ["E09000003"]
    assert not [o for o in picker.options if o.endswith(("(E10000016)", "(E07000223)"))]  # Kent, Adur: not offered
    assert len(picker.options) == 134  # every other single-tier council, former ones included
    assert any(
        "Not drawn as lines, as their figures are not comparable: Kent (functions other than Barking and "
        "Dagenham's)." in c.value
        for c in app.caption
    )
