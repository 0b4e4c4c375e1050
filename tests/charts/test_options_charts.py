"""The options' charts in the house style: a bar per proposed council under its option, from zero, estimated figures
hatched (not told by colour alone), the population guide as context, gaps and older figures said under the chart."""

from __future__ import annotations

from pathlib import Path

import pytest

from charts.options import figures
from charts.theme import FOCUS
from kpi.views.options.files import read_options
from kpi.views.options.view import options_view

EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "EXAMPLE_reorganisation_options.csv"


@pytest.fixture(scope="module")
def drawn(store):
    view = options_view(store, read_options(store.catalogue, EXAMPLE.read_bytes(), EXAMPLE.name))
    return view, figures(view)


def notes(fig) -> str:
    return " ".join(a.text for a in fig.layout.annotations)


def test_a_chart_per_measure_and_per_option(drawn):
    view, found = drawn
    assert list(found) == [*(b.metric_id for b in view.measures), "tax:EXAMPLE one council", "tax:EXAMPLE two councils"]
    for key, fig in found.items():
        assert fig.layout.title.text.split("<br>")[0], key
        assert fig.layout.yaxis.rangemode == "tozero", key  # bars start at zero
        assert fig.layout.template.layout.font.family.startswith("Liberation Sans"), key


def test_bars_keep_the_options_order_and_hatch_estimated_figures(drawn):
    _, found = drawn
    whole, estimated = found["core_spending_power"].data
    assert list(whole.x[0]) == ["EXAMPLE one council", "EXAMPLE two councils", "EXAMPLE two councils"]
    assert list(whole.x[1]) == ["EXAMPLE Worcestershire", "EXAMPLE North", "EXAMPLE South"]
    assert whole.y[1] is None and estimated.y[0] is None  # each bar in one trace only
    assert estimated.marker.pattern.shape == "/" and whole.marker.pattern.shape is None
    assert whole.marker.color == estimated.marker.color == FOCUS  # told apart by the hatching and the legend
    assert estimated.name.startswith("Estimated")


def test_the_population_guide_is_context_and_gaps_are_said(drawn):
    _, found = drawn
    assert "guide" in notes(found["population"])
    assert found["population"].data[-1].name.startswith("Dashed line: 500,000, the guide in the English Devolution")
    assert "guide" not in notes(found["core_spending_power"])
    debt = notes(found["total_debt"])
    assert "No figure for EXAMPLE North (EXAMPLE two councils)" in debt and "Older figures: 2019-20" in debt
    assert list(found["total_debt"].data[0].text) == ["£632.3m", "no figure", "no figure"]


def test_the_harmonisation_chart_names_each_part_with_its_band_d(drawn):
    _, found = drawn
    county, own, average = found["tax:EXAMPLE two councils"].data
    assert list(own.x[1])[:3] == ["Bromsgrove<br>£1,708.52", "Redditch<br>£1,727.53", "Wyre Forest<br>£1,701.99"]
    assert list(county.y)[:3] == [1465.78] * 3 and own.marker.pattern.shape == "/"
    assert average.y[0] == pytest.approx(1711.2808, abs=1e-4) and average.marker.symbol == "line-ew-open"


def test_names_typed_into_options_are_text_not_markup(store):
    from kpi.calc.options.model import Option, OptionSet, Part, Proposed

    typed = OptionSet(options=(Option("<b>A</b>", (Proposed("<a href='x'>B</a>", (Part("E07000236"),)),)),))
    found = figures(options_view(store, typed))
    bars = found["population"].data[0]
    assert list(bars.x[0]) == ["&lt;b&gt;A&lt;/b&gt;"] and list(bars.x[1]) == [
        "&lt;a href=&#x27;x&#x27;&gt;B&lt;/a&gt;"
    ]
    assert "<b>A</b>" not in found["tax:<b>A</b>"].layout.title.text
