"""Rendering a chart with its text summary, table alternative and caveats."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st



def chart_block(fig: go.Figure, *, summary: str, table: pd.DataFrame, unit_label: str, caveats: str = "",
                key: str) -> None:
    st.plotly_chart(fig, theme=None, key=f"chart_{key}", config={"displaylogo": False}, alt=summary)
    st.markdown(f"**Summary:** {_escape(summary)}")
    if caveats:
        st.caption(f"Caveats: {caveats}")
    with st.expander("Show as table"):
        st.dataframe(table, hide_index=True, width="stretch")


def _escape(text: str) -> str:
    """Markdown-escape characters that would otherwise format text taken from data."""
    for ch in ("\\", "*", "_", "`", "[", "]", "<", ">", "#", "|", "$"):
        text = text.replace(ch, "\\" + ch)
    return text
