"""Trends for a reorganised council through AppTest: its predecessors' figures before vesting day, said so."""

import pytest

from tests.pages.helpers import chart_specs, decode, title, trace

pytestmark = pytest.mark.filterwarnings("ignore")


def test_somerset_spending_power_starts_in_2011_12_with_its_history_explained(app):
    app.run()
    app.switch_page("pages/explore/trends.py").run()
    app.selectbox(key="area").set_value("E06000066").run()
    assert not app.exception
    spec = chart_specs(app)[0]
    assert title(spec).startswith("Core spending power: Somerset")
    line = trace(spec, "Somerset")
    assert line["x"][0] == "2011-12"
    # Somerset CC 359.93 + Mendip 13.35 + Sedgemoor 14.09 + South Somerset 18.22 + Taunton Deane 12.55
    # + West Somerset 4.98 (£m, SpendingMillions.csv, 2011-12).
    assert decode(line["y"])[0] == pytest.approx(423.12)
    notes = " ".join(a["text"] for a in spec["layout"]["annotations"]).replace("<br>", " ")
    assert "predecessor councils' figures combined by this dashboard" in notes
    captions = " ".join(c.value for c in app.caption)
    assert "Somerset was formed on 1 April 2023" in captions
