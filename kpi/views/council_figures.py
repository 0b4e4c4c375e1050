"""One council's figures as plain values, for the views that read a dozen rows many times (profile cards, the
narrative): the same figures measure() gives, read from the table of every council worked out once per store,
without building a frame for each council."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from kpi.calc.measures import MeasureSpec, every_council, measure, resolved
from kpi.core import schema as S
from kpi.model.store import MemoKey, Store

# (period, value, source_id, status, break_before): one council's figure for one year.
Figure = tuple[str, float, str, str, bool]


@dataclass(frozen=True)
class _Years:
    """Where each row of the table of every council sits, as small arrays (a few bytes a row): its year and council
    as numbers, and whether it has a figure, so the rows of some councils in one year are one pass of numpy."""

    period_ids: dict[str, int]
    code_ids: dict[str, int]
    period_of: np.ndarray  # int32 per row
    code_of: np.ndarray  # int32 per row
    valued: np.ndarray  # bool per row

    @classmethod
    def of(cls, rows: tuple[Figure, ...], spans: dict) -> _Years:
        period_ids = {p: k for k, p in enumerate(dict.fromkeys(r[0] for r in rows))}
        code_of = np.zeros(len(rows), dtype=np.int32)
        for k, (start, stop) in enumerate(spans.values()):
            code_of[start:stop] = k
        return cls(
            period_ids,
            {code: k for k, code in enumerate(spans)},
            np.fromiter((period_ids[r[0]] for r in rows), dtype=np.int32, count=len(rows)),
            code_of,
            np.fromiter((not math.isnan(r[1]) for r in rows), dtype=bool, count=len(rows)),
        )

    def positions(self, codes, period: str) -> np.ndarray:
        """The rows with a figure of these councils in this year, in the table's order (by council, then year)."""
        if period not in self.period_ids:
            return np.array([], dtype=np.intp)
        wanted = np.zeros(len(self.code_ids) + 1, dtype=bool)
        wanted[[self.code_ids.get(c, -1) for c in codes]] = True
        wanted[-1] = False  # councils the table does not hold
        return np.flatnonzero((self.period_of == self.period_ids[period]) & self.valued & wanted[self.code_of])


def _every(store: Store, spec: MeasureSpec, base_year: str | None) -> tuple[tuple[Figure, ...], dict, _Years]:
    """Every council's rows of a measure as plain values, with each council's span and where each row sits
    (once per store)."""

    def build() -> tuple[tuple[Figure, ...], dict, _Years]:
        frame, spans = every_council(store, spec, base_year)
        columns = [frame[c].tolist() for c in (S.PERIOD, S.VALUE, S.SOURCE_ID, S.STATUS, "break_before")]
        rows = tuple((str(p), float(v), s, t, b is True) for p, v, s, t, b in zip(*columns))
        return rows, spans, _Years.of(rows, spans)

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


def years_with_figures(store: Store, spec: MeasureSpec) -> tuple[tuple[str, ...], str]:
    """(the years the council `spec` names first has a figure for, in order; the measure's unit label)."""
    own = replace(spec, area_codes=spec.area_codes[:1])
    if spec.index_to:  # an index divides by each council's own base year: the measure as a whole
        result = measure(store, own)
        return tuple(sorted(set(S.with_values(result.frame)[S.PERIOD]))), result.unit_label
    figures, unit_label, _ = council_figures(store, own)
    return tuple(sorted({period for period, *_ in figures})), unit_label


def rows_in_year(store: Store, spec: MeasureSpec, period: str) -> pd.DataFrame:
    """The rows with a figure of the councils `spec` names, for one year, numbered from 0: what measure() gives for
    them, without its gaps, filtered to that year, taken from the table of every council without building the
    councils' other years (with an index, which needs each council's base year, from the measure as a whole)."""
    if spec.index_to:
        frame = S.with_values(measure(store, spec).frame)
        return frame[frame[S.PERIOD] == period].reset_index(drop=True)
    if (spec.first and period < spec.first) or (spec.last and period > spec.last):
        period = ""  # outside the years asked for: no rows
    base_year, _ = resolved(store, spec)
    frame, _ = every_council(store, spec, base_year)
    _, _, years = _every(store, spec, base_year)
    out = frame.take(years.positions(set(spec.area_codes), period))
    out.index = pd.RangeIndex(len(out))
    return out
