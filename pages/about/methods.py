"""Data and methods: definitions, sources, licences and the conventions behind every figure."""

from __future__ import annotations

import streamlit as st

from kpi.views.cards import BEHIND_RULE
from ui.render import prose
from ui.status import render_source_status
from ui.views import cached_methods_tables, full_dataset_csv

DOWNLOADS = {
    "observations": "All observations (CSV)",
    "areas": "Councils (CSV)",
    "metrics": "Measures (CSV)",
    "sources": "Sources (CSV)",
}

tables = cached_methods_tables()
st.title("Data and methods")

st.header("Conventions")
prose("conventions", behind_rule=BEHIND_RULE)

st.header("Measures")
st.dataframe(tables["measures"], hide_index=True, width="stretch")

st.header("Sources and licences")
st.dataframe(tables["sources"], hide_index=True, width="stretch")
prose("sources_licences")

render_source_status()

st.header("Coverage")
prose("coverage")
st.dataframe(tables["coverage"], hide_index=True, width="stretch")

st.header("Measures the bundled files cannot give")
prose("unavailable")
st.dataframe(tables["unavailable"], hide_index=True, width="stretch")

st.header("Reorganisation history")
prose("reorganisations")
st.dataframe(tables["reorganisations"], hide_index=True, width="stretch")
st.subheader("Councils created by structural changes orders")
prose("reorganisation_orders")
st.dataframe(tables["orders"], hide_index=True, width="stretch")

st.header("Download the data")
prose("download")
for col, (name, label) in zip(st.columns(len(DOWNLOADS)), DOWNLOADS.items()):
    with col:
        st.download_button(
            label,
            data=lambda name=name: full_dataset_csv(name),
            file_name=f"{name}.csv",
            mime="text/csv",
            key=f"download_{name}",
            on_click="ignore",
            icon=":material/download:",
        )

st.header("Accessibility statement")
prose("accessibility")
