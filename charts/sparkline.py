"""The small trend line on a profile card, as an SVG image with a text alternative (role="img", a title and an
aria-label), so a screen reader hears what the line shows. Plain SVG, no plotly: a card needs no axes or hover.

In the page it is an <img> of that SVG (`sparkline_img`) with the same text as its alt: the page's HTML is cleaned
before it is shown, and the cleaning removes inline SVG, so an inline line would never be drawn."""

from __future__ import annotations

import base64
import html
import math

from charts.theme import FOCUS

WIDTH, HEIGHT, PAD = 200, 44, 4


def sparkline_svg(values: list[float], *, label: str, colour: str = FOCUS) -> str:
    """An SVG polyline of the values (gaps as breaks in the line), its last point marked; `label` is its text
    alternative. Every piece of text is escaped; the numbers are drawn, never written."""
    finite = [v for v in values if v is not None and math.isfinite(v)]
    alt = html.escape(label, quote=True)
    if len(finite) < 2:
        return ""
    low, high = min(finite), max(finite)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(1, len(values) - 1)

    def point(i: int, v: float) -> str:
        return f"{PAD + i * step:.1f},{PAD + (HEIGHT - 2 * PAD) * (1 - (v - low) / span):.1f}"

    runs, run = [], []
    for i, v in enumerate(values):
        if v is None or not math.isfinite(v):
            runs, run = runs + [run] if run else runs, []
        else:
            run.append(point(i, v))
    runs += [run] if run else []
    lines = "".join(
        f'<polyline points="{" ".join(r)}" fill="none" stroke="{colour}" stroke-width="2.5" '
        f'stroke-linejoin="round" stroke-linecap="round"/>'
        for r in runs
    )
    last_i = max(i for i, v in enumerate(values) if v is not None and math.isfinite(v))
    x, y = point(last_i, values[last_i]).split(",")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{alt}" width="100%" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="none"><title>{alt}</title>{lines}'
        f'<circle cx="{x}" cy="{y}" r="3.5" fill="{colour}"/></svg>'
    )


def sparkline_img(values: list[float], *, label: str, colour: str = FOCUS) -> str:
    """The same line as an <img> (the SVG as a data URL) with `label` as its alt text; "" where there is too little."""
    svg = sparkline_svg(values, label=label, colour=colour)
    if not svg:
        return ""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    alt = html.escape(label, quote=True)
    return f'<img class="kpi-sparkline" src="data:image/svg+xml;base64,{data}" alt="{alt}" height="{HEIGHT}">'
