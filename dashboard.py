"""Council KPI dashboard: configuration, navigation, shared controls and URL state. Nothing else."""

from __future__ import annotations

import streamlit as st

from ui import controls, navigation, render, state
from ui.data import db_error, get_store, start_run
from ui.status import render_stale_notice

st.set_page_config(page_title="Council KPI dashboard", page_icon=":material/monitoring:", layout="wide")

start_run()  # the data key is looked up afresh once per run
render.inject_page_css()
store = get_store()
state.load_from_url(store)

pages = st.navigation(navigation.pages())

with st.sidebar:
    controls.council_picker(store)
    controls.comparator_picker(store)
    st.caption(
        "Contains public sector information licensed under the Open Government Licence v3.0. "
        "Council names and codes: mySociety (MIT). See Data and methods."
    )

for notice in state.notices():
    st.info(notice, icon=":material/info:")
controls.shadow_notice(store)
if db_error():
    st.warning(db_error() + " Official figures are shown.", icon=":material/database:")

render_stale_notice()
pages.run()
state.write_to_url(state.current(store))
