"""What every officers' page does the same way: read a file, list its problems, save, say what happened, rerun.

A save that is refused writes nothing and says why; a save that worked is announced on the next run (the page is
drawn again so every table shows the new version).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from kpi.data.db import StoreError, WriteResult
from kpi.officers.tabular import FileRejected
from ui.render import escape


def show_message(key: str) -> None:
    """The outcome of the previous run's save, once."""
    if st.session_state.get(key):
        kind, text = st.session_state.pop(key)
        (st.success if kind == "success" else st.info)(text)


def read_file(uploaded, read: Callable[[bytes, str, int], object]):
    """`read(data, name, size)` on an uploaded file; None (with the reason shown) if the file cannot be read."""
    try:
        return read(uploaded.getvalue(), uploaded.name, uploaded.size)
    except FileRejected as exc:
        st.error(f"This file cannot be read: {escape(str(exc))}. Nothing was written.", icon=":material/error:")
        return None


def show_problems(problems: pd.DataFrame, *, intro: str, key: str) -> None:
    """Every problem as a table (row, column, value, what was expected); nothing was written."""
    st.error(f"{len(problems)} problem(s) found, so nothing was written. {intro}", icon=":material/error:")
    table = problems.copy()
    table["value"] = table["value"].astype(str)
    st.dataframe(table, hide_index=True, width="stretch", key=key)


def save(write: Callable[[], WriteResult], *, message_key: str, after: Callable[[], None] | None = None) -> None:
    """Run a write; on refusal say why (nothing written), otherwise remember the message and draw the page again."""
    try:
        result = write()
    except StoreError as exc:
        st.error(f"Nothing was written: {escape(str(exc))}.", icon=":material/error:")
        return
    st.session_state[message_key] = ("success" if result.version_id else "info", result.message)
    if after is not None:
        after()
    st.rerun()
