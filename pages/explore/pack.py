"""Report pack: a council's evidence pack for a committee report, as a Word document and an accessible PDF."""

from __future__ import annotations

import streamlit as st

from kpi.core.defaults import DEFAULT_BASE_YEAR
from ui import controls, pack, render, state
from ui.data import get_store

store = get_store()
view_state = state.current(store)
st.title(f"Report pack: {store.catalogue.area_name(view_state.area)}")
render.prose("pack")
left, right = st.columns(2)
with left:
    controls.since_picker(store)
with right:
    controls.to_picker(store)
view_state = state.current(store)
choice = pack.controls(
    store,
    area=view_state.area,
    since=view_state.since or DEFAULT_BASE_YEAR,
    to=view_state.to,
    group=view_state.comparator_group(),
)
if st.button("Make pack", type="primary", icon=":material/description:", key="pack_make"):
    pack.make(store, choice)
pack.downloads(choice)
