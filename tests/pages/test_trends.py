"""The Trends page through Streamlit's AppTest: defaults, controls, URL state."""
import pytest

from tests.pages.helpers import chart_specs, decode, title, trace

pytestmark = pytest.mark.filterwarnings("ignore")


def test_opens_on_a_real_chart_not_a_blank_page(app):
    app.run()
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
    app.run()
    app.selectbox(key="area").set_value("E09000004").run()
    spec = chart_specs(app)[0]
    assert "Bexley" in title(spec)
    assert app.query_params["area"] == "E09000004"


def test_per_head_real_terms_toggle_changes_values(app):
    app.run()
    app.toggle(key="per_head").set_value(True).run()
    app.radio(key="prices").set_value("real").run()
    spec = chart_specs(app)[0]
    assert title(spec) == "Core spending power per head in real terms: Barking and Dagenham"
    y = decode(trace(spec, "Barking and Dagenham")["y"])
    assert y[-1] == pytest.approx(163_020_000 / 214_107 * 112.375 / 95.825, rel=1e-3)  # 2020-21
    assert app.query_params["per_head"] == "1" and app.query_params["prices"] == "real"


def test_index_toggle_sets_base_year_to_100(app):
    app.run()
    app.selectbox(key="metric").set_value("population").run()
    app.toggle(key="index_on").set_value(True).run()
    spec = chart_specs(app)[0]
    line = trace(spec, "Barking and Dagenham")
    y = dict(zip(line["x"], decode(line["y"])))
    assert y["2010-11"] == pytest.approx(100)
    assert app.query_params["index"] == "2010-11"


def test_table_alternative_and_summary_are_present(app):
    app.run()
    assert any(m.value.startswith("**Summary:**") for m in app.markdown)
    assert app.expander[0].label == "Show as table"
    table = app.dataframe[0].value
    assert "2011-12" in set(table["Year"]) and "Comparator median" in table.columns
    assert table.set_index("Year").at["2011-12", "Value"] == "£182.3m"


def test_url_opens_the_same_view(app):
    app.query_params.update({"area": "E09000004", "metric": "total_debt", "per_head": "1", "cmp": "region"})
    app.run()
    spec = chart_specs(app)[0]
    assert title(spec) == "Total debt (gross borrowing) per head: Bexley"
    assert "same region" in spec["layout"]["title"]["text"]
    assert app.selectbox(key="cmp").value == "region"


def test_bad_url_values_fall_back_with_a_notice(app):
    app.query_params.update({"area": "E99999999", "metric": "<script>", "per_head": "perhaps"})
    app.run()
    assert not app.exception
    notices = [i.value for i in app.info]
    assert len(notices) == 3
    assert "Barking and Dagenham" in title(chart_specs(app)[0])


def test_comparator_none_hides_the_band(app):
    app.run()
    app.selectbox(key="cmp").set_value("none").run()
    spec = chart_specs(app)[0]
    assert not any("median" in (t.get("name") or "") for t in spec["data"])


def test_methods_page_lists_sources_and_licences(app):
    app.run()
    app.switch_page("pages/about/methods.py").run()
    assert not app.exception
    text = " ".join(m.value for m in app.markdown)
    assert "Open Government Licence v3.0" in text and "mySociety" in text
