"""The floor: Streamlit's own cost for the same shell (st.navigation, a page in a sub-folder) around one selectbox and
one cached chart. Every project figure in the benchmark is reported next to this app's, measured in the same run."""

import streamlit as st

st.navigation([st.Page("pages/one/chart.py", title="Chart", default=True)]).run()
