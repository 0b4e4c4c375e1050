"""Source status on screen: the table for Data and methods, and the short notice when a refresh failed."""

from __future__ import annotations

import streamlit as st

from kpi.data.status import stale_from_log, status_table
from kpi.data.store import Store
from ui.data import status_log


def _table(store: Store):
    sources = store.catalogue.sources.reset_index(drop=True)
    return status_table(sources, store.observations, status_log())


def render_source_status(store: Store) -> None:
    st.header("Source status")
    st.caption(
        "Which release of each source the dashboard holds, when it was retrieved, what it covers, and how "
        "the last refresh went (the Data sources page, or `python -m loaders refresh` or `import`)."
    )
    table = _table(store)
    st.dataframe(
        table.rename(
            columns={
                "source_id": "Source id",
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
        ),
        hide_index=True,
        width="stretch",
    )


def render_stale_notice(store: Store) -> None:
    sources = store.catalogue.sources.reset_index(drop=True)
    for item in stale_from_log(sources, status_log()):
        st.warning(item.notice(), icon=":material/history:")
