"""Rendering a chart with its text summary, table alternative and caveats."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from kpi.formatting import format_value


def chart_block(fig: go.Figure, *, summary: str, table: pd.DataFrame, unit_label: str, caveats: str = "",
                key: str) -> None:
    st.plotly_chart(fig, theme=None, key=f"chart_{key}", config={"displaylogo": False})
    st.markdown(f"**Summary:** {escape(summary)}")
    if caveats:
        st.caption(f"Caveats: {caveats}")
    with st.expander("Show as table"):
        shown = table.copy()
        for col in [c for c in shown.columns if c in ("value", "comparator_median", "comparator_q1", "comparator_q3")]:
            shown[col] = shown[col].map(lambda v: format_value(v, unit_label))
        st.dataframe(shown, hide_index=True, width="stretch")


def escape(text: str) -> str:
    """Markdown-escape characters that would otherwise format text taken from data."""
    for ch in ("\\", "*", "_", "`", "[", "]", "<", ">", "#", "|", "$"):
        text = text.replace(ch, "\\" + ch)
    return text


_escape = escape
