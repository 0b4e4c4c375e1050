"""How ui/views.py's cached functions are called and what they keep: with this run's data key or the database URL
as the last or first argument, and the tables a page only shows converted once to Arrow, when first shown (nothing
is kept by Streamlit here)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

import pandas as pd
import pyarrow as pa

from ui.data import data_key, db_url


def with_data_key(cached):
    """The cached function `cached(*args, key)` as a function of `*args` alone, called with this run's data key."""
    return functools.wraps(cached)(lambda *args: cached(*args, data_key()))


def with_db_url(cached):
    """The cached function `cached(url, *args)` as a function of `*args` alone, called with the database URL."""
    return functools.wraps(cached)(lambda *args: cached(db_url(), *args))


def arrow(frame: pd.DataFrame) -> pa.Table:
    """A table as st.dataframe sends it, converted once where it is cached rather than on every rerun."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def arrow_of(frame: pd.DataFrame, headings: Mapping[str, str]) -> pa.Table:
    """A small table as st.dataframe sends it, under the headings members see: built from its columns as lists,
    which for a few dozen rows is quicker than renaming the frame and converting it through pandas."""
    return pa.table({headings.get(c, c): frame[c].tolist() for c in frame.columns})


class Later:
    """A table made the first time someone asks to see it (a chart's "Show as table"), then kept with the cached
    result it belongs to. Two sessions asking at once may both make it; either result is the same."""

    def __init__(self, make: Callable[[], pa.Table]):
        self._make, self._made = make, None

    def get(self) -> pa.Table:
        if self._made is None:
            self._made = self._make()
        return self._made
