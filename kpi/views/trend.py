"""Small result objects the pages render: everything a chart, its table and its text alternative need."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property, partial

import numpy as np
import pandas as pd

from kpi.calc.bands import band_of
from kpi.calc.comparable import comparable, not_comparable_note
from kpi.calc.comparators import NONE, ComparatorGroup, ComparatorSet, comparator_set
from kpi.calc.measures import CASH, REAL, REASON, MeasureResult, MeasureSpec, measure, spec_for
from kpi.core import schema as S
from kpi.core.periods import period_range
from kpi.core.provenance import COUNCIL_LABEL, is_combined
from kpi.model.reorganisations import history_note
from kpi.model.store import COUNCIL, OFFICIAL, Store
from kpi.views.chart_table import BAND_COLUMNS, display_table
from kpi.views.citations import Exported, ExportText, export_text, latest_line, source_note, sources_behind
from kpi.views.summaries import chart_summary, gap_notes


@dataclass(frozen=True)
class TrendRequest:
    area_code: str
    metric_id: str
    prices: str = CASH
    base_year: str | None = None
    per_head: bool = False
    index_to: str | None = None
    comparator_group: str | ComparatorGroup = NONE  # a kind ("nearest", ...) or a group (custom groups)
    also: tuple[str, ...] = ()  # other named councils drawn as their own lines


@dataclass(frozen=True)
class TrendView(Exported):
    request: TrendRequest
    export: ExportText  # the title, subtitle and source note drawn on the chart, as its downloads carry them
    unit_label: str
    periods: tuple[str, ...]
    lines: tuple[tuple[str, str, pd.DataFrame], ...]  # (area_code, name, frame)
    band: pd.DataFrame | None
    band_label: str
    summary: str
    caveats: str
    sources: tuple[str, ...]
    applicable: bool = True  # False where the measure does not apply to the council's type
    # False where the council has no official figure and no council-supplied line is drawn (the summary says so).
    has_data: bool = True
    # Council-supplied series of the named councils, drawn as their own lines beside the official ones.
    council_lines: tuple[tuple[str, str, pd.DataFrame], ...] = ()
    notes: tuple[str, ...] = ()  # drawn under the chart: gaps in the series, councils left out of the group
    # Makes `table`, the first time it is asked for (a council's first view need not build a table nobody opens).
    make_table: Callable[[], pd.DataFrame] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def table(self) -> pd.DataFrame:
        """Exactly what the chart plots, as numbers (the download)."""
        return self.make_table()

    @property
    def display(self) -> pd.DataFrame:
        """`table` formatted for reading (the download keeps the numbers)."""
        return display_table(self.table, self.unit_label)


def measure_title(metric_title: str, spec: MeasureSpec) -> str:
    """ "Core spending power per head in real terms", "Population indexed to 2010-11"."""
    parts = [metric_title]
    if spec.per_head:
        parts.append("per head")
    if spec.prices == REAL:
        parts.append("in real terms")
    if spec.index_to:
        parts.append(f"indexed to {spec.index_to}")
    return " ".join(parts)


def _title(metric_title: str, result: MeasureResult, area_name: str) -> str:
    return f"{measure_title(metric_title, result.spec)}: {area_name}"


@dataclass(frozen=True)
class _Series:
    """The measured figures behind one trend chart."""

    result: MeasureResult
    named: tuple[str, ...]  # the chosen council, then the other councils drawn as lines
    group: ComparatorSet
    official: pd.DataFrame  # the named councils' official figures
    council: pd.DataFrame  # the named councils' council-supplied figures (all years)
    periods: tuple[str, ...]
    band: pd.DataFrame | None

    @cached_property
    def supplied(self) -> pd.DataFrame:
        return S.with_values(self.council)

    @property
    def comparators(self) -> tuple[str, ...]:
        return self.group.codes


def _series(store: Store, req: TrendRequest) -> _Series:
    group = comparator_set(store, req.area_code, req.comparator_group, metric_id=req.metric_id)
    comp = group.codes
    lines = comparable(store, req.area_code, req.metric_id) if req.also else ()  # only like with like
    named = tuple(dict.fromkeys([req.area_code, *[c for c in req.also if c in lines]]))
    spec = spec_for(req, dict.fromkeys([*named, *comp]), supplied=OFFICIAL)
    result = measure(store, spec)
    frame = result.frame
    official = frame[frame[S.AREA_CODE].isin(named)]
    council = measure(store, replace(spec, area_codes=named, supplied=COUNCIL)).frame
    # One pass over the few rows as lists: the years the named councils have figures for, and the comparators'.
    rows = list(zip(frame[S.AREA_CODE].tolist(), frame[S.PERIOD].tolist(), frame[S.VALUE].tolist()))
    shown = {p for a, p, v in rows if a in named and v == v} | set(S.with_values(council)[S.PERIOD])
    shown = shown or {p for _, p, _ in rows}
    # Every year from the first to the last, so a year without figures is a gap on the axis, never bridged.
    periods = tuple(period_range(min(shown), max(shown))) if shown else ()
    within, compared = set(periods), set(comp)
    bands = band_of(((p, v) for a, p, v in rows if a in compared and p in within), frame[S.PERIOD].dtype)
    return _Series(result, named, group, official, council, periods, bands if comp else None)


def trend_view(store: Store, req: TrendRequest) -> TrendView:
    cat = store.catalogue
    metric = cat.metric(req.metric_id)
    data = _series(store, req)
    has_band = data.band is not None and not data.band.empty
    band_label = data.group.label if data.comparators else ""
    lines = tuple((c, cat.area_name(c), _of(data.official, c, data.named)) for c in data.named)
    supplied_by = set(data.supplied[S.AREA_CODE].unique()) if len(data.supplied) else set()
    council_lines = tuple(
        (c, f"{cat.area_name(c)} {COUNCIL_LABEL}", _of(data.council, c, data.named))
        for c in data.named
        if c in supplied_by
    )
    area_name = cat.area_name(req.area_code)
    title = _title(metric.title, data.result, area_name)
    subtitle = data.result.unit_label
    if has_band:
        subtitle += f"; grey band: middle half of the comparators, {band_label}; dotted line: their median"
    used = sources_behind(
        store,
        [*sorted(data.official[S.SOURCE_ID].unique()), *sorted(data.supplied[S.SOURCE_ID].unique())],
        per_head_of=data.named if req.per_head else (),
        real=req.prices == REAL,
    )
    shown = pd.concat([data.official, data.supplied], ignore_index=True) if len(data.supplied) else data.official
    note = source_note(store, used, latest=latest_line(store, shown))
    summary, has_data = chart_summary(
        store, req, data.result, data.band, data.supplied if council_lines else None, own=lines[0][2]
    )
    applicable = metric.applies(cat.area_type(req.area_code))
    own = _of(shown, req.area_code, data.named if shown is data.official else ())
    left_out = [c for c in dict.fromkeys(req.also) if c != req.area_code and c not in data.named]
    notes = gap_notes(store, req.metric_id, area_name, own) + ((data.group.note,) if data.group.note else ())
    notes += (not_comparable_note(store, req.area_code, left_out, req.metric_id),) if left_out else ()
    if council_lines:
        subtitle += "; council-supplied figures: dashed line with diamond markers"
        note += " " + "; ".join(dict.fromkeys(store.provenance(s) for s in data.supplied[S.SOURCE_ID])) + "."
    summary = " ".join([summary, *notes])
    return TrendView(
        request=req,
        export=export_text(store, title=title, subtitle=subtitle, sources=used, note=note),
        unit_label=data.result.unit_label,
        periods=data.periods,
        lines=lines,
        band=data.band,
        band_label=band_label,
        summary=summary,
        caveats=" ".join([metric.caveats, *(history_note(cat, c) for c in _combined(data))]).strip(),
        sources=tuple(dict.fromkeys(used)),
        applicable=applicable,
        has_data=has_data,
        council_lines=council_lines,
        notes=notes,
        make_table=partial(_table, data),
    )


def _of(frame: pd.DataFrame, code: str, named: tuple[str, ...]) -> pd.DataFrame:
    """`frame`'s rows of one council; `frame` itself when `named` says it holds that council's rows alone."""
    return frame if named == (code,) else frame[frame[S.AREA_CODE] == code]


def _combined(data: _Series) -> list[str]:
    """The named councils whose lines include their predecessors' figures combined (years before vesting day)."""
    if not any(map(is_combined, data.official[S.SOURCE_ID].unique())):
        return []
    shown = S.with_values(data.official)
    return [c for c in data.named if any(map(is_combined, shown.loc[shown[S.AREA_CODE] == c, S.SOURCE_ID]))]


def _table(data: _Series) -> pd.DataFrame:
    """Exactly what the chart plots: official and council-supplied figures, with the comparators' band by year."""
    rows = data.official
    if len(data.supplied):
        supplied = data.supplied.assign(area_name=data.supplied["area_name"] + " " + COUNCIL_LABEL)
        rows = pd.concat([data.official, supplied], ignore_index=True)
    table = {c: rows[c].array for c in ("area_name", S.PERIOD, S.VALUE, S.STATUS, S.SOURCE_ID, REASON)}
    if data.band is not None and not data.band.empty:  # joined by year (each year once in the band), as a left merge
        at = pd.Index(data.band[S.PERIOD]).get_indexer(rows[S.PERIOD])
        for column, heading in BAND_COLUMNS.items():
            values = data.band[column].to_numpy()
            table[heading] = values[at] if (at >= 0).all() else np.where(at >= 0, values.astype(float)[at], np.nan)
    return pd.DataFrame(table)  # one frame made once, numbered from 0
