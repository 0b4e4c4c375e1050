"""How the caching boundary (ui/data.py, ui/views.py) hashes the arguments of a cached call.

The small frozen dataclasses every cached call is keyed by (the data key, a view's request, a comparator group, a
set of reorganisation options) are hashed by their repr, which names every field and its value, instead of
Streamlit's general way for a dataclass (a deep copy of it as a dictionary, then that): about 0.02 ms a key instead
of 0.2 ms, and a run looks up ten or more. Each must keep every field in its repr (tests/pages/test_cache_keys.py).
"""

from __future__ import annotations

import functools
import inspect

KEYED_BY_REPR = (
    "ui.data.DataKey",
    "kpi.views.trend.TrendRequest",
    "kpi.views.benchmark.BenchmarkRequest",
    "kpi.calc.comparators.ComparatorGroup",
    "kpi.calc.options.model.OptionSet",
)
KEYS = dict.fromkeys(KEYED_BY_REPR, repr)  # the hash_funcs of every cache in the boundary


def by_name(cache):
    """A Streamlit cache decorator whose functions are called with their arguments by name. Streamlit looks up the
    name of each positional argument of a cached call in the function's signature (inspect.signature, on every call:
    about 6 µs an argument, and a run passes twenty or more); given by name, it hashes the same names and values, so
    the key is the same. Wrap the cache's decorator in it, as ui/data.py and ui/views.py do."""

    def decorate(func):
        cached = cache(func)
        names = tuple(inspect.signature(cached).parameters)

        @functools.wraps(cached)
        def call(*args, **kwargs):
            if len(args) > len(names):
                raise TypeError(f"{cached.__name__} takes {len(names)} arguments, {len(args)} given")
            return cached(**dict(zip(names, args)), **kwargs)

        call.clear = cached.clear  # the cache's own method (tests start from an empty cache)
        return call

    return decorate
