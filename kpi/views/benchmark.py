"""Where a council sits among its comparators for one measure and year, in words as well as numbers.

The band compares the council with the comparators' median in units of their median absolute deviation (MAD):
within 0.5 MADs "broadly similar", 0.5 to 1.5 "slightly better/worse", 1.5 to 3 "better/worse", over 3
"much better/worse". Measures without a direction are "context only"; a measure that does not apply to the
council's type (adult social care for a district) is "not applicable". There is no rank and no league table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from kpi.calc.bands import CONTEXT_ONLY, NO_DATA, NOT_APPLICABLE, ComparatorStats, band_word, comparator_stats
from kpi.calc.comparators import GROUPS, NONE, comparators
from kpi.calc.measures import CASH, REAL, measure, spec_for
from kpi.core import schema as S
from kpi.core.formatting import format_value
from kpi.data.store import Store
from kpi.views.citations import ExportText, export_text, source_note, sources_behind
from kpi.views.trend import measure_title


@dataclass(frozen=True)
class BenchmarkRequest:
    area_code: str
    metric_id: str
    year: str = ""  # "" = the latest year with a value for the council
    prices: str = CASH
    base_year: str | None = None
    per_head: bool = False
    index_to: str | None = None
    comparator_group: str = "nearest"


@dataclass(frozen=True)
class BenchmarkView:
    request: BenchmarkRequest
    applicable: bool
    year: str
    years: tuple[str, ...]  # years with a value for the council (the year picker's options)
    title: str
    subtitle: str
    source_note: str
    unit_label: str
    points: pd.DataFrame  # area_code, area_name, value, status, focus: one row per plotted dot
    own_value: float
    stats: ComparatorStats  # the comparators' median, quartiles, MAD and count
    band: str
    group_label: str
    summary: str
    caveats: str
    sources: tuple[str, ...]
    export: ExportText | None = None  # what its downloads carry

    median = property(lambda self: self.stats.median)
    q1 = property(lambda self: self.stats.q1)
    q3 = property(lambda self: self.stats.q3)
    mad = property(lambda self: self.stats.mad)
    n = property(lambda self: self.stats.n)


def benchmark_view(store: Store, req: BenchmarkRequest) -> BenchmarkView:
    cat = store.catalogue
    metric = cat.metric(req.metric_id)
    name = cat.area_name(req.area_code)
    group_label = GROUPS.get(req.comparator_group, "")
    if not metric.applies(cat.area_type(req.area_code)):
        return _not_applicable(req, metric, name, group_label)
    codes = (req.area_code, *comparators(store, req.area_code, req.comparator_group, metric_id=req.metric_id))
    result = measure(store, spec_for(req, codes))
    frame = result.frame.dropna(subset=[S.VALUE])
    years = tuple(sorted(frame.loc[frame[S.AREA_CODE] == req.area_code, S.PERIOD].unique()))
    year = req.year if req.year in years else (years[-1] if years else "")
    at = frame[frame[S.PERIOD] == year]
    points = at[[S.AREA_CODE, "area_name", S.VALUE, S.STATUS]].assign(focus=at[S.AREA_CODE] == req.area_code)
    points = points.sort_values(S.VALUE).reset_index(drop=True)
    own = float(points.loc[points["focus"], S.VALUE].iloc[0]) if points["focus"].any() else NAN
    stats = comparator_stats(points.loc[~points["focus"], S.VALUE])
    band = band_word(own, median=stats.median, mad=stats.mad, polarity=metric.polarity) if stats.n else NO_DATA
    per_head_of = codes if req.per_head else ()
    used = sources_behind(
        store, sorted(at[S.SOURCE_ID].unique()), per_head_of=per_head_of, year=year, real=req.prices == REAL
    )
    title = f"{measure_title(metric.title, result.spec)}: {name} and {stats.n} comparators, {year}"
    subtitle = (
        f"{result.unit_label}; each dot is one council ({_lower_first(group_label)}); {name} highlighted; "
        "vertical lines: comparators' median (solid) and quartiles (dashed)"
    )
    compared = req.comparator_group != NONE
    summary = _summary(name, year, own, stats, band=band, unit=result.unit_label, group=group_label, compared=compared)
    note = source_note(store, used)
    export = export_text(store, title=title, subtitle=subtitle, sources=used, note=note)
    return BenchmarkView(
        req,
        True,
        year,
        years,
        title,
        subtitle,
        note,
        result.unit_label,
        points,
        own,
        stats,
        band,
        group_label,
        summary,
        metric.caveats,
        tuple(dict.fromkeys(used)),
        export,
    )


NAN = float("nan")


def _not_applicable(req: BenchmarkRequest, metric, name: str, group_label: str) -> BenchmarkView:
    text = (
        f"{metric.title} does not apply to {name}: councils of its type do not provide this service, so there "
        "is no comparison (not applicable)."
    )
    nothing = pd.DataFrame(columns=[S.AREA_CODE, "area_name", S.VALUE, S.STATUS, "focus"])
    return BenchmarkView(
        req,
        False,
        "",
        (),
        f"{metric.title}: {name}",
        "",
        "",
        "",
        nothing,
        NAN,
        comparator_stats(pd.Series(dtype=float)),
        NOT_APPLICABLE,
        group_label,
        text,
        metric.caveats,
        (),
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _summary(
    name: str, year: str, own: float, stats: ComparatorStats, *, band: str, unit: str, group: str, compared: bool
) -> str:
    median, n = stats.median, stats.n
    if not year or math.isnan(own):
        return f"No data for {name} on this measure."
    text = f"{name}: {format_value(own, unit)} in {year}."
    if not compared or n == 0:
        return text + " No comparator councils have a value for this year."
    text += f" The median of {n} comparators ({_lower_first(group)}) was {format_value(median, unit)}"
    if band == CONTEXT_ONLY:
        return text + "; this measure has no better or worse direction (context only)."
    return text + f": {name} is {band} (measured in median absolute deviations from the median)."


def points_table(view: BenchmarkView) -> pd.DataFrame:
    """Exactly what the strip chart plots: one row per council, then the median and quartiles."""
    rows = view.points.rename(columns={"focus": "highlighted"})[
        ["area_code", "area_name", S.VALUE, S.STATUS, "highlighted"]
    ].copy()
    rows.insert(2, S.PERIOD, view.year)
    stats = pd.DataFrame(
        {
            "area_code": "",
            "area_name": ["comparators' lower quartile", "comparators' median", "comparators' upper quartile"],
            S.PERIOD: view.year,
            S.VALUE: [view.q1, view.median, view.q3],
            S.STATUS: "",
            "highlighted": False,
        }
    )
    return pd.concat([rows, stats], ignore_index=True)
