"""How the caching boundary (ui/data.py, ui/views.py) hashes the arguments of a cached call.

The small frozen dataclasses every cached call is keyed by (the data key, a view's request, a comparator group, a
set of reorganisation options) are hashed by their repr, which names every field and its value, instead of
Streamlit's general way for a dataclass (a deep copy of it as a dictionary, then that): about 0.02 ms a key instead
of 0.2 ms, and a run looks up ten or more. Each must keep every field in its repr (tests/pages/test_cache_keys.py).
"""

from __future__ import annotations

KEYED_BY_REPR = (
    "ui.data.DataKey",
    "kpi.views.trend.TrendRequest",
    "kpi.views.benchmark.BenchmarkRequest",
    "kpi.calc.comparators.ComparatorGroup",
    "kpi.calc.options.model.OptionSet",
)
KEYS = dict.fromkeys(KEYED_BY_REPR, repr)  # the hash_funcs of every cache in the boundary
