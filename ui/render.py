"""Rendering a chart with its text summary, table alternative, caveats and report-ready downloads."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from string import Template

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from charts.views import ChartView
from kpi.core.formatting import file_slug
from kpi.core.safecsv import to_csv_bytes
from kpi.views.chart_table import formatted
from kpi.views.citations import ExportText
from ui.data import get_exporter

# Static CSS (nothing from data or users): a visible keyboard focus ring, and a print layout without the sidebar,
# header, controls or download buttons, so "print to PDF" gives clean charts.
PAGE_CSS = """
<style>
:focus-visible { outline: 3px solid #FFDD00 !important; outline-offset: 0 !important;
                 box-shadow: 0 0 0 6px #0B0C0C !important; }
/* Captions and help text at 7:1 instead of Streamlit's 3.8:1 grey (WCAG 1.4.3). */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  color: #505A5F !important; opacity: 1 !important; }
/* A date's day, month and year fields: each a target of at least 24 by 24 pixels (WCAG 2.5.8). */
[data-testid="stDateInput"] [role="spinbutton"] { display: inline-block; min-width: 24px; min-height: 24px;
  line-height: 24px; text-align: center; }
/* Labels of controls that do not apply to the chosen measure: still readable (4.6:1). */
[data-testid="stWidgetLabel"][disabled] p { color: #6F777B !important; }
/* The profile's cards (charts/cards.py): a grid that wraps on narrow screens; text at 6:1 or more. */
.kpi-cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: 1rem;
  margin: 0.5rem 0 1rem; }
.kpi-card { border: 1px solid #B1B4B6; border-radius: 0.5rem; padding: 0.75rem 1rem; color: #0B0C0C;
  background: #FFFFFF; }  /* its own colours, whichever theme a reader picks */
.kpi-card h2.kpi-card-label { font-size: 0.875rem !important; font-weight: 400 !important; line-height: 1.4;
  margin: 0 !important; padding: 0 !important; scroll-margin-top: 0; }
.kpi-card p { margin: 0 0 0.25rem; }
.kpi-card .kpi-card-value { font-size: 2rem; line-height: 1.25; }
.kpi-card .kpi-card-change { font-size: 0.95rem; color: #505A5F; }
.kpi-card .kpi-better { color: #00703C; } .kpi-card .kpi-worse { color: #AA2A16; }
.kpi-card .kpi-card-note { font-size: 0.875rem; color: #505A5F; }
.kpi-card .kpi-card-about, .kpi-card .kpi-card-about p { font-size: 0.875rem; color: #505A5F; }
.kpi-card img.kpi-sparkline { display: block; width: 100%; height: 44px; margin: 0.25rem 0; }
.kpi-card .kpi-card-about summary { cursor: pointer; color: #12436D; text-decoration: underline; }
.kpi-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stDownloadButton"], [data-testid="stButton"], [data-testid="stExpander"],
  [data-testid="stWidgetLabel"], [data-testid="stSelectbox"], [data-testid="stMultiSelect"],
  [data-testid="stRadio"], [data-testid="stCheckbox"], [data-testid="stToggle"], .modebar-container,
  .stAlert { display: none !important; }
  [data-testid="stAppViewContainer"], [data-testid="stMain"], [data-testid="stMainBlockContainer"] {
    margin: 0 !important; padding: 0 !important; max-width: 100% !important; width: 100% !important; }
  [data-testid="stPlotlyChart"], [data-testid="stMetric"], .kpi-card { break-inside: avoid; page-break-inside: avoid; }
  body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
</style>
"""


def inject_page_css() -> None:
    st.html(PAGE_CSS)


def chart_block(
    fig: go.Figure,
    *,
    summary: str,
    table: Callable[[], pd.DataFrame],
    unit_label: str,
    caveats: str = "",
    key: str,
    export: ExportText | None = None,
    display: Callable[[], object] | None = None,
) -> None:
    """A chart with its accessible name, summary, caveats, table alternative and downloads.

    `table()` gives the figures as numbers (what the CSV download gives), made only when shown or downloaded;
    `display`, when given, makes the same table formatted for reading, called only while the table is switched on.
    """
    st.plotly_chart(fig, theme=None, key=f"chart_{key}", config={"displaylogo": False}, alt=summary)
    st.markdown(f"**Summary:** {escape(summary)}")
    if caveats:
        st.caption(f"Caveats: {escape(caveats)}")
    if table_toggle(key):
        if display is not None:
            st.dataframe(display(), hide_index=True, width="stretch")
        else:
            _formatted_table(table(), unit_label)
    if export is not None:
        download_buttons(fig, export=export, data=table, key=key)


def table_toggle(key: str) -> bool:
    """The chart's table alternative, drawn below it while switched on (a table is sent only when asked for)."""
    return st.toggle("Show as table", key=f"table_{key}", help="The chart's figures as a table, below this switch.")


def view_block(
    fig: go.Figure, view: ChartView, *, key: str, export: bool = True, display: Callable[[], object] | None = None
) -> None:
    """`chart_block` for a view (trend, benchmark, small multiples): its summary, table, caveats, export; the view's
    table is asked for only when it is shown or downloaded, and `display` makes it as shown (ui.keyed.Later.get)."""
    chart_block(
        fig,
        summary=view.summary,
        table=lambda: view.table,
        display=display,
        unit_label=view.unit_label,
        caveats=view.caveats,
        key=key,
        export=view.export if export else None,
    )


def _formatted_table(table: pd.DataFrame, unit_label: str) -> None:
    st.dataframe(formatted(table, unit_label), hide_index=True, width="stretch")


IMAGE_FORMATS = {
    "png": (
        "image/png",
        ":material/image:",
        "A 3200 × 1800 pixel image (1600 × 900 at 2×) with the title, units, source and date, for a committee report.",
    ),
    "svg": ("image/svg+xml", ":material/draw:", "A scalable vector image with the title, units, source and date."),
}


def download_buttons(fig: go.Figure, *, export: ExportText, data: Callable[[], pd.DataFrame], key: str) -> None:
    """PNG and SVG (rendered only when clicked) and the plotted data (`data()`, made only when clicked) as CSV."""
    exporter = get_exporter()
    stem = file_slug(export.title)
    reason = exporter.unavailable_reason
    row = st.container(horizontal=True)  # the three buttons side by side: one block, not a column each

    def image(fmt: str):
        def make() -> bytes:  # runs only when the button is clicked; the button shows it is busy meanwhile
            return exporter.render(fig, fmt)

        return make

    for fmt, (mime, icon, hint) in IMAGE_FORMATS.items():
        with row:
            st.download_button(
                f"Download {fmt.upper()}",
                data=image(fmt) if not reason else b"",
                file_name=f"{stem}.{fmt}",
                mime=mime,
                key=f"{fmt}_{key}",
                on_click="ignore",
                disabled=bool(reason),
                icon=icon,
                help=reason or hint,
            )
    with row:
        lines = export.lines()
        st.download_button(
            "Download data (CSV)",
            data=lambda: to_csv_bytes(data(), header_lines=lines),
            file_name=f"{stem}.csv",
            mime="text/csv",
            key=f"csv_{key}",
            on_click="ignore",
            icon=":material/table:",
            help="Exactly the figures the chart plots, with title, source, licence and date lines.",
        )
    if reason:
        st.caption(escape(reason))


def escape(text: str) -> str:
    """Markdown-escape characters that would otherwise format text taken from data."""
    for ch in ("\\", "*", "_", "`", "[", "]", "<", ">", "#", "|", "$"):
        text = text.replace(ch, "\\" + ch)
    return text


TEXT_DIR = Path(__file__).resolve().parent / "text"


def prose(name: str, **values: object) -> None:
    """A page's fixed explanatory text, kept as markdown in ui/text/<name>.md ($name placeholders filled in)."""
    st.markdown(_text(name).substitute(**values))


@cache
def _text(name: str) -> Template:
    """The text of ui/text/<name>.md, read once per process (it is part of the code, as a module is)."""
    return Template((TEXT_DIR / f"{name}.md").read_text())
