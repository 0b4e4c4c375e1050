"""The upload preview chart: the file's series beside the official one, in the house style."""

from __future__ import annotations

import plotly.graph_objects as go

from charts.trend import Line, TrendSpec, trend_figure
from kpi.core.catalogue import UNIT_NAMES


def comparison_figure(
    preview, *, official_name: str = "Official figures", uploaded_name: str = "Your file (council-supplied)"
) -> go.Figure:
    """`preview` is a kpi.views.figures_preview.SeriesPreview."""
    uploaded = preview.uploaded.assign(status="", break_before=False)
    periods = tuple(sorted(set(preview.official["period"]) | set(uploaded["period"])))
    lines = []
    if not preview.official.empty:
        lines.append(Line(name=official_name, frame=preview.official, focus=True))
    lines.append(Line(name=uploaded_name, frame=uploaded, council_supplied=True))
    unit_label = UNIT_NAMES.get(preview.unit, preview.unit)
    note = (
        "No official series for this council and measure."
        if preview.official.empty
        else "Official series from the bundled snapshot; the dashed line is your file."
    )
    spec = TrendSpec(
        title=f"Preview: {preview.title}",
        subtitle=f"{unit_label}, as in your file",
        source_note=note,
        unit_label=unit_label,
        lines=tuple(lines),
        periods=periods,
        zero_baseline=True,
    )
    fig = trend_figure(spec)
    fig.update_layout(height=480)
    return fig
