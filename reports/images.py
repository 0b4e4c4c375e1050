"""The pack's charts as images: the Trends page's figures, drawn by the one exporter (charts/export.py).

All of a pack's charts go through the exporter in one turn of its lock, so two packs made at the same time each
get their own images, and a pack never waits between its charts for another user's PNG.
"""

from __future__ import annotations

from collections.abc import Callable

from charts.export import Exporter
from charts.trend import trend_figure_from_view
from kpi.views.pack.build import Pack


def render_charts(
    pack: Pack, exporter: Exporter, *, fmt: str = "png", done: Callable[[int], None] | None = None
) -> dict[str, bytes]:
    """Each section's chart by section key, at print resolution (1600 x 900 at 2x for PNG)."""
    charts = pack.charts()
    figures = [trend_figure_from_view(section.view) for section in charts]
    images = exporter.render_many(figures, fmt, done=done)
    return {section.key: image for section, image in zip(charts, images)}
