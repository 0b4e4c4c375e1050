"""One council's figures as plain values, for the views that read a dozen rows many times (profile cards, the
narrative): the same figures measure() gives, read from the table of every council worked out once per store,
without building a frame for each council."""

from __future__ import annotations

import math

import pandas as pd

from kpi.calc.measures import MeasureSpec, every_council, resolved
from kpi.core import schema as S
from kpi.model.store import MemoKey, Store

# (period, value, source_id, status, break_before): one council's figure for one year.
Figure = tuple[str, float, str, str, bool]


def _every(store: Store, spec: MeasureSpec, base_year: str | None) -> tuple[tuple[Figure, ...], dict, dict]:
    """Every council's rows of a measure as plain values, with each council's span and the positions of each
    council's rows in each year (once per store)."""

    def build() -> tuple[tuple[Figure, ...], dict, dict]:
        frame, spans = every_council(store, spec, base_year)
        columns = [frame[c].tolist() for c in (S.PERIOD, S.VALUE, S.SOURCE_ID, S.STATUS, "break_before")]
        rows = tuple((str(p), float(v), s, t, b is True) for p, v, s, t, b in zip(*columns))
        in_year: dict[tuple[str, str], list[int]] = {}
        for code, (start, stop) in spans.items():
            for i in range(start, stop):
                in_year.setdefault((code, rows[i][0]), []).append(i)
        return rows, spans, in_year

    key = MemoKey.figures(spec.metric_id, spec.prices, base_year, spec.per_head, spec.supplied)
    return store.memo(key, build)


def council_figures(store: Store, spec: MeasureSpec) -> tuple[list[Figure], str, str | None]:
    """The figures with a value of the council `spec` names first, by year, within its first and last years, with
    the measure's unit label and real-terms base year (no index)."""
    if spec.index_to:
        raise ValueError("council_figures gives figures without an index; use measure() for an index")
    base_year, label = resolved(store, spec)
    rows, spans, _ = _every(store, spec, base_year)
    start, stop = spans.get(spec.area_codes[0], (0, 0))
    kept = [
        r
        for r in rows[start:stop]
        if not math.isnan(r[1]) and (not spec.first or r[0] >= spec.first) and (not spec.last or r[0] <= spec.last)
    ]
    return kept, label, base_year


def values_at(store: Store, spec: MeasureSpec, codes, period: str) -> list[float]:
    """The figures of some councils (each once, in the order given) for one year, where they have one."""
    base_year, _ = resolved(store, spec)
    rows, spans, _ = _every(store, spec, base_year)
    out = []
    for code in dict.fromkeys(codes):
        start, stop = spans.get(code, (0, 0))
        out += [r[1] for r in rows[start:stop] if r[0] == period and not math.isnan(r[1])]
    return out


def council_sources(store: Store, metric_id: str, area_code: str) -> list[str]:
    """The source ids of a council's series of a metric (every year), sorted."""
    rows, spans, _ = _every(store, MeasureSpec(metric_id, (area_code,)), None)
    start, stop = spans.get(area_code, (0, 0))
    return sorted({r[2] for r in rows[start:stop]})


def rows_in_year(store: Store, spec: MeasureSpec, period: str) -> pd.DataFrame:
    """The rows with a figure of the councils `spec` names, for one year, numbered from 0: what measure() gives for
    them, without its gaps, filtered to that year, taken from the table of every council without building the
    councils' other years (no index: an index needs each council's base year)."""
    if spec.index_to:
        raise ValueError("rows_in_year gives figures without an index; use measure() for an index")
    if (spec.first and period < spec.first) or (spec.last and period > spec.last):
        period = ""  # outside the years asked for: no rows
    base_year, _ = resolved(store, spec)
    frame, _ = every_council(store, spec, base_year)
    rows, _, in_year = _every(store, spec, base_year)
    found = (in_year.get((code, period), ()) for code in sorted(set(spec.area_codes)))
    positions = [i for held in found for i in held if not math.isnan(rows[i][1])]
    out = frame.take(positions)
    out.index = pd.RangeIndex(len(out))
    return out
