"""Council profile (the landing page): headline cards, a small trend each, and a plain-English paragraph."""

from __future__ import annotations

import streamlit as st

from kpi.core.defaults import DEFAULT_BASE_YEAR
from kpi.core.formatting import file_slug
from kpi.core.safecsv import to_csv_bytes
from kpi.views.narrative import NOTE
from ui import controls, render, state
from ui.data import get_store
from ui.views import cached_narrative, cached_profile

store = get_store()
view_state = state.current(store)
prof, shown, cards = cached_profile(view_state.area, view_state.since or DEFAULT_BASE_YEAR, view_state.to)
st.title(f"Council profile: {prof.area_name}")
with st.container(horizontal=True):  # the two years side by side: one block, not a column each
    controls.since_picker(store)
    controls.to_picker(store)

st.html(cards)  # one block for every card (charts/cards.py): their figures, changes, lines and notes

st.header("In brief")
sentences = cached_narrative(
    view_state.area, view_state.since or DEFAULT_BASE_YEAR, view_state.to, view_state.comparator_group()
)
st.markdown(render.escape(" ".join(sentences)) if sentences else "There are not enough figures for a summary.")
st.caption(f"{NOTE} The same sentences: python -m kpi narrative --area CODE --from YYYY-YY --to YYYY-YY.")

if render.table_toggle("profile"):  # the cards' figures as a table
    st.dataframe(shown.get(), hide_index=True, width="stretch")
st.download_button(
    "Download data (CSV)",
    data=lambda: to_csv_bytes(prof.table(), header_lines=prof.export.lines()),
    file_name=f"{file_slug('profile ' + prof.area_name)}.csv",
    mime="text/csv",
    key="csv_profile",
    on_click="ignore",
    icon=":material/table:",
)
st.page_link(
    "pages/explore/pack.py", label="Make a report pack (Word and PDF) of this profile", icon=":material/description:"
)
