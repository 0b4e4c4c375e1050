"""Source status on screen: the table for Data and methods, and the short notice when a refresh failed."""

from __future__ import annotations

import streamlit as st

from ui.views import cached_source_status

# The source status table's headings, here and on the Data sources page.
STATUS_HEADINGS = {
    "title": "Source",
    "release": "Release",
    "retrieved": "Retrieved",
    "councils": "Councils",
    "first": "First year",
    "last": "Last year",
    "last_attempt": "Last refresh",
    "result": "Result",
    "message": "Message",
}


def render_source_status() -> None:
    st.header("Source status")
    st.caption(
        "Which release of each source the dashboard holds, when it was retrieved, what it covers, and how "
        "the last refresh went (the Data sources page, or `python -m loaders refresh` or `import`)."
    )
    table = cached_source_status().table
    st.dataframe(table.rename_columns({"source_id": "Source id", **STATUS_HEADINGS}), hide_index=True, width="stretch")


def render_stale_notice() -> None:
    for notice in cached_source_status().notices:
        st.warning(notice, icon=":material/history:")
