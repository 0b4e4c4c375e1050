"""The profile cards' small trend lines are images with a text alternative, and gaps stay gaps."""

import re

from charts.sparkline import sparkline_svg
from kpi.views.cards import trend_text, trend_values
from kpi.views.profile import profile


def test_svg_is_an_image_named_by_its_text_alternative():
    svg = sparkline_svg([1.0, 2.0, 3.0], label='Trend of <b>"x"</b>')
    assert 'role="img"' in svg
    assert 'aria-label="Trend of &lt;b&gt;&quot;x&quot;&lt;/b&gt;"' in svg
    assert "<title>Trend of &lt;b&gt;&quot;x&quot;&lt;/b&gt;</title>" in svg
    assert "<b>" not in svg


def test_a_missing_year_breaks_the_line_and_non_finite_values_are_never_drawn():
    svg = sparkline_svg([1.0, 2.0, None, 4.0, 5.0, float("inf")], label="t")
    assert svg.count("<polyline") == 2
    assert "inf" not in svg and "nan" not in svg
    assert sparkline_svg([1.0], label="t") == ""


def test_profile_cards_say_what_their_line_shows(store):
    card = next(
        c for c in profile(store, "E09000002", since="2010-11", to="2023-24").cards if c.spec.metric_id == "population"
    )
    text = trend_text(card)
    assert text.startswith("Trend of population, 2001-02 to 2023-24: 165,654 in 2001-02, 222,308 in 2023-24")
    assert re.search(r"lowest 165,610 in 2004-05, highest 222,308 in 2023-24\.$", text)
    values = trend_values(card)
    assert len(values) == 23 and values[9] == 182_838
