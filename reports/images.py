"""The pack's charts as images: the Trends page's figures, drawn by the one exporter (charts/export.py).

All of a pack's charts go through the exporter in one turn of its lock, so two packs made at the same time each
get their own images, and a pack never waits between its charts for another user's PNG.
"""

from __future__ import annotations

from collections.abc import Callable

from charts.export import Exporter
from charts.options import figures as options_figures
from charts.trend import trend_figure_from_view
from kpi.views.pack.build import Pack


def render_charts(
    pack: Pack, exporter: Exporter, *, fmt: str = "png", done: Callable[[int], None] | None = None
) -> dict[str, bytes]:
    """Each section's chart by section key, and the reorganisation options' charts by theirs ("options:..."), at
    print resolution (1600 x 900 at 2x for PNG)."""
    drawn = {section.key: trend_figure_from_view(section.view) for section in pack.charts()}
    if pack.options is not None:
        drawn.update({f"options:{key}": fig for key, fig in options_figures(pack.options.view).items()})
    images = exporter.render_many(list(drawn.values()), fmt, done=done)
    return dict(zip(drawn, images))
