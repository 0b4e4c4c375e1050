"""What every officers' page does the same way: read a file, list its problems, save, say what happened, rerun.

A save that is refused writes nothing and says why; a save that worked is announced on the next run (the page is
drawn again so every table shows the new version).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from kpi.officers.access import Access
from kpi.officers.files.tabular import FileRejected, sha256
from kpi.storage.db import StoreError, WriteResult
from ui.render import escape


def show_message(key: str) -> None:
    """The outcome of the previous run's save, once. It takes one place on the page in every run (an empty container
    when there is nothing to say), so what follows keeps its place: a tab bar that moved down is drawn afresh by the
    browser, which then shows the tab a save opened but reports the tab clicked before it on the next rerun."""
    box = st.container()
    if st.session_state.get(key):
        kind, text = st.session_state.pop(key)
        (box.success if kind == "success" else box.info)(text)


def read_file(uploaded, read: Callable[[bytes, str, int], object], *, memo: str, extra: tuple = ()):
    """`read(data, name, size)` on an uploaded file; None (with the reason shown) if the file cannot be read.

    The outcome is kept in this session's state under `memo`, keyed by the file's SHA-256, its name and `extra`
    (what else the reading depends on), so a rerun with the same file attached does not read it again. It is never
    put in a shared cache: an upload nobody has confirmed is private to its session."""
    data = uploaded.getvalue()
    key = (sha256(data), uploaded.name, uploaded.size, extra)
    kept = st.session_state.get(memo)
    if kept is not None and kept[0] == key:
        outcome = kept[1]
    else:
        try:
            outcome = read(data, uploaded.name, uploaded.size)
        except FileRejected as exc:
            outcome = exc
        st.session_state[memo] = (key, outcome)
    if isinstance(outcome, FileRejected):
        st.error(f"This file cannot be read: {escape(str(outcome))}. Nothing was written.", icon=":material/error:")
        return None
    return outcome


def show_problems(problems: pd.DataFrame, *, intro: str, key: str) -> None:
    """Every problem as a table (row, column, value, what was expected); nothing was written."""
    st.error(f"{len(problems)} problem(s) found, so nothing was written. {intro}", icon=":material/error:")
    table = problems.copy()
    table["value"] = [_shown(v) for v in table["value"]]
    st.dataframe(table, hide_index=True, width="stretch", key=key)


def _shown(value: object, limit: int = 200) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text):,} characters)"


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


def save_file(
    write: Callable[..., WriteResult],
    uploaded,
    *,
    access: Access,
    expected_head: int,
    message_key: str,
    after: Callable[[], None] | None = None,
) -> None:
    """`save` for an uploaded file: `write(data=..., file_name=..., access=..., expected_head=...)` is the page's own
    save step (its repository and the parsed file already given), called with the file's bytes and name."""
    save(
        lambda: write(data=uploaded.getvalue(), file_name=uploaded.name, access=access, expected_head=expected_head),
        message_key=message_key,
        after=after,
    )
