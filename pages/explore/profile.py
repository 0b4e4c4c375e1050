"""Council profile (the landing page): headline cards, a small trend each, and a plain-English paragraph."""

from __future__ import annotations

import streamlit as st

from kpi.core.catalogue import Polarity
from kpi.core.defaults import DEFAULT_BASE_YEAR
from kpi.core.safecsv import to_csv_bytes
from ui import controls, render, state
from ui.data import get_store
from ui.views import cached_narrative, cached_profile

DELTA_COLOUR = {
    Polarity.HIGHER_BETTER: "normal",
    Polarity.LOWER_BETTER: "inverse",
}  # context measures: no good/bad colour

store = get_store()
view_state = state.current(store)
prof = cached_profile(view_state.area, view_state.since or DEFAULT_BASE_YEAR)
st.title(f"Council profile: {prof.area_name}")
controls.since_picker(store)

columns = st.columns(3)
for i, card in enumerate(prof.cards):
    with columns[i % 3], st.container(border=True):
        metric = store.catalogue.metric(card.spec.metric_id)
        help_text = (
            f"{metric.title} ({card.unit_label}). {metric.definition} {card.source_note}"
            if card.has_data
            else "No figure for this council in the data."
        )
        st.metric(
            card.spec.label,
            card.value_text,
            delta=card.change_amount or None,
            delta_color=DELTA_COLOUR.get(card.polarity, "off"),
            help=help_text,
            chart_data=[v for _p, v in card.trend] if len(card.trend) > 1 else None,
        )
        if card.has_data:
            status = f" ({card.latest_status})" if card.latest_status else ""
            parts = [f"Latest {card.latest_period}{status}", card.unit_label]
            if card.change_amount:
                parts.insert(1, f"change {card.base_note}")
            if card.series_break:
                parts.append("series break in between")
            if card.council_supplied:
                parts.append("council-supplied (not an official statistic)")
            st.caption(" · ".join(parts))

st.header("In brief")
sentences = cached_narrative(view_state.area, view_state.since or DEFAULT_BASE_YEAR, view_state.cmp)
st.markdown(render.escape(" ".join(sentences)) if sentences else "There are not enough figures for a summary.")
st.caption(
    "Generated from the figures above by fixed rules; each sentence names its years. Population estimates "
    "are for mid-year (mid-2010 is shown as 2010-11); reserves and debt are at 31 March."
)

table = prof.table()
with st.expander("Show as table"):
    st.dataframe(table, hide_index=True, width="stretch")
st.download_button(
    "Download data (CSV)",
    data=lambda: to_csv_bytes(table, header_lines=prof.export.lines()),
    file_name=f"{render.file_stem('profile ' + prof.area_name)}.csv",
    mime="text/csv",
    key="csv_profile",
    on_click="ignore",
    icon=":material/table:",
)
st.page_link(
    "pages/explore/pack.py", label="Make a report pack (Word and PDF) of this profile", icon=":material/description:"
)
