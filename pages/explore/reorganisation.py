"""Reorganisation: options for an area, each a set of proposed councils made of current councils, and their figures
added up by the reorganisation rules, with what harmonising council tax would mean."""

from __future__ import annotations

import streamlit as st

from ui import options, render
from ui.data import get_store
from ui.views import cached_options

store = get_store()
st.title("Reorganisation options")
render.prose("options")
options.area_picker(store)
chosen = options.editor(store)
if not chosen.options:
    st.info(
        "No options yet: add rows above and choose Use these options, or load an options file (the EXAMPLE file "
        "shows the columns).",
        icon=":material/info:",
    )
    st.stop()

view, figures = cached_options(chosen)
options.findings(view)
st.header("Figures of the proposed councils")
options.measure(view, figures, store)
st.header("Council tax harmonisation")
render.prose("options_council_tax")
options.council_tax(view, figures)
st.header("Every figure")
options.table(view)
