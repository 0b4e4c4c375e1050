"""The profile's cards as one block of HTML: the figures as the page states them, the change's direction and
judgement in words (never colour alone), every text escaped, and a trend line that a browser draws."""

import base64
import re
from dataclasses import replace

from charts.cards import card_html, cards_html
from charts.sparkline import sparkline_img, sparkline_svg
from kpi.core.terms import Polarity
from kpi.views.profile import profile


def _cards(store):
    return {c.spec.key: c for c in profile(store, "E09000002", since="2010-11", to="2024-25").cards}


def test_every_card_is_a_section_named_by_its_heading_with_its_figure_line_and_notes(store):
    block = cards_html(profile(store, "E09000002", since="2010-11", to="2024-25").cards, store.catalogue)
    assert block.startswith('<div class="kpi-cards">') and block.count("<section") == 7
    assert '<section class="kpi-card" aria-labelledby="kpi-card-population">' in block
    assert '<h2 class="kpi-card-label" id="kpi-card-population">Population</h2>' in block
    assert '<p class="kpi-card-value">232,747</p>' in block
    assert block.count("<img") == 7 and block.count("<summary>About this figure</summary>") == 7
    assert "<svg" not in block  # inline SVG is removed by the page's cleaning; the lines are images


def test_the_change_says_its_direction_and_whether_it_is_better_or_worse(store):
    cards = _cards(store)
    population, debt = cards["population"], cards["debt"]
    assert 'kpi-context"><span aria-hidden="true">▲</span> <span class="kpi-sr">up, </span>+49,909 (+27.3%)</p>' in (
        card_html(population, "", "")
    )
    assert debt.polarity == Polarity.LOWER_BETTER and debt.change > 0
    assert re.search(r'kpi-worse">.*percentage points, worse</p>', card_html(debt, "", ""))
    fell = replace(debt, change=-debt.change)
    assert "▼" in card_html(fell, "", "") and ", better</p>" in card_html(fell, "", "")
    flat = replace(debt, base_period=debt.latest_period)  # no change shown: no arrow, no judgement
    assert "kpi-card-change" not in card_html(flat, "", "")


def test_text_from_the_data_is_escaped_and_a_card_without_figures_says_so(store):
    card = _cards(store)["population"]
    odd = replace(card, spec=replace(card.spec, label='<script>alert("x")</script>'))
    html = card_html(odd, "", 'About <b>"this"</b>')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html and "About &lt;b&gt;&quot;this&quot;&lt;/b&gt;" in html
    empty = replace(card, latest_period="", latest_value=float("nan"))
    html = card_html(empty, "", "No figure for this council in the data.")
    assert '<p class="kpi-card-value">no data</p>' in html and "kpi-card-note" not in html


def test_the_trend_line_is_an_image_of_the_same_svg_with_its_text_as_alt():
    img = sparkline_img([1.0, 2.0, 3.0], label='Trend of <b>"x"</b>')
    assert img.startswith('<img class="kpi-sparkline" src="data:image/svg+xml;base64,')
    assert 'alt="Trend of &lt;b&gt;&quot;x&quot;&lt;/b&gt;"' in img
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", img).group(1)
    assert base64.b64decode(data).decode() == sparkline_svg([1.0, 2.0, 3.0], label='Trend of <b>"x"</b>')
    assert sparkline_img([1.0], label="t") == ""
