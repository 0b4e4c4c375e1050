"""The floor: Streamlit's own cost for the same shell (st.navigation, a page in a sub-folder) around one selectbox and
one cached chart. Every project figure in the benchmark is reported next to this app's, measured in the same run.
The same page is listed three times under other paths, so that the load bench's journeys open pages on the floor
as they do on the dashboard (a page's hash comes from its path: three pages, one script)."""

import streamlit as st

st.navigation(
    [
        st.Page("pages/one/chart.py", title="Chart", default=True),
        st.Page("pages/one/chart.py", title="Chart two", url_path="two"),
        st.Page("pages/one/chart.py", title="Chart three", url_path="three"),
    ]
).run()
