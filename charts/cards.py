"""The profile's headline cards as one block of HTML: for each card its label (a heading), latest figure, change
with its direction in words, small trend line, the line saying which year and release the figure is, the flag on
older figures and what the measure is (a disclosure a keyboard opens).

One block for the seven cards, where drawing each card from Streamlit's elements (a bordered container, a metric,
the trend line, a caption or two, in a grid of columns) sent thirty-odd elements on every run: what the page cost
was mostly Streamlit drawing those (decision 0018). Every piece of text is escaped here, so nothing a user typed
is ever written into the page as HTML. The look (a grid that wraps on narrow screens, the colours) is in the
page's style sheet (ui/render.py)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from charts.sparkline import sparkline_img
from kpi.views.cards import BEHIND_RULE, Card, behind_note, card_caption, trend_text, trend_values

# The change's judgement (Card.judgement) as a colour, always beside the word: never colour alone.
_COLOURS = {"better": "kpi-better", "worse": "kpi-worse", "": "kpi-context"}
_ARROWS = {1: ("▲", "up"), -1: ("▼", "down")}


def _change(card: Card) -> str:
    amount = card.change_amount
    if not amount:
        return ""
    word = card.judgement
    arrow, said = _ARROWS.get(card.direction, ("", ""))
    shown = f'<span aria-hidden="true">{arrow}</span> ' if arrow else ""
    judged = f", {word}" if word else ""
    heard = f'<span class="kpi-sr">{said}, </span>' if said else ""
    return f'<p class="kpi-card-change {_COLOURS[word]}">{shown}{heard}{escape(amount)}{escape(judged)}</p>'


def card_html(card: Card, sparkline: str, about: str) -> str:
    """One card. `sparkline` is its image (charts.sparkline, already escaped; "" for none); `about` says what the
    measure is and where it comes from."""
    ident = f"kpi-card-{escape(card.spec.key, quote=True)}"
    parts = [
        f'<section class="kpi-card" aria-labelledby="{ident}">',
        f'<h2 class="kpi-card-label" id="{ident}">{escape(card.spec.label)}</h2>',
        f'<p class="kpi-card-value">{escape(card.value_text)}</p>',
        _change(card),
        sparkline,
    ]
    if card.has_data:
        parts.append(f'<p class="kpi-card-note">{escape(card_caption(card))}</p>')
        if card.behind:
            parts.append(
                f'<p class="kpi-card-note"><strong>Older figures:</strong> {escape(behind_note(card))} '
                f"(Flagged when a card's latest year is {escape(BEHIND_RULE)}, so it is not read as current.)</p>"
            )
    about = f"<p>{escape(about)}</p>"
    parts.append(f'<details class="kpi-card-about"><summary>About this figure</summary>{about}</details>')
    parts.append("</section>")
    return "".join(p for p in parts if p)


def about_text(card: Card, catalogue) -> str:
    """What the card's measure is and where its figures come from (its "About this figure")."""
    if not card.has_data:
        return "No figure for this council in the data."
    metric = catalogue.metric(card.spec.metric_id)
    return f"{metric.title} ({card.unit_label}). {metric.definition} {card.source_note}"


def cards_html(cards: Sequence[Card], catalogue) -> str:
    """The cards in order, as one block, each with its small trend line (SVG with its text alternative)."""
    inner = "".join(
        card_html(c, sparkline_img(trend_values(c), label=trend_text(c)), about_text(c, catalogue)) for c in cards
    )
    return f'<div class="kpi-cards">{inner}</div>'
