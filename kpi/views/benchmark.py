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

from kpi.core import schema as S
from kpi.calc.bands import CONTEXT_ONLY, NO_DATA, NOT_APPLICABLE, band_word
from kpi.calc.comparators import GROUPS, NONE, comparators, median_absolute_deviation
from kpi.core.formatting import format_value
from kpi.calc.measures import CASH, MeasureSpec, measure
from kpi.data.store import Store
from kpi.views.citations import ExportText, export_text, source_note
from kpi.views.trend import measure_title

@dataclass(frozen=True)
class BenchmarkRequest:
    area_code: str
    metric_id: str
    year: str = ""                # "" = the latest year with a value for the council
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
    years: tuple[str, ...]        # years with a value for the council (the year picker's options)
    title: str
    subtitle: str
    source_note: str
    unit_label: str
    points: pd.DataFrame          # area_code, area_name, value, status, focus: one row per plotted dot
    own_value: float
    median: float
    q1: float
    q3: float
    mad: float
    n: int
    band: str
    group_label: str
    summary: str
    caveats: str
    sources: tuple[str, ...]
    export: ExportText | None = None     # what its downloads carry


def benchmark_view(store: Store, req: BenchmarkRequest) -> BenchmarkView:
    cat = store.catalogue
    metric = cat.metric(req.metric_id)
    name = cat.area_name(req.area_code)
    group_label = GROUPS.get(req.comparator_group, "")
    nothing = pd.DataFrame(columns=[S.AREA_CODE, "area_name", S.VALUE, S.STATUS, "focus"])
    nan = float("nan")
    if not metric.applies(cat.area_type(req.area_code)):
        text = (f"{metric.title} does not apply to {name}: councils of its type do not provide this service, "
                f"so there is no comparison (not applicable).")
        return BenchmarkView(req, False, "", (), f"{metric.title}: {name}", "", "", "", nothing, nan, nan, nan,
                             nan, nan, 0, NOT_APPLICABLE, group_label, text, metric.caveats, ())

    comp = tuple(comparators(store, req.area_code, req.comparator_group, metric_id=req.metric_id))
    codes = (req.area_code, *comp)
    result = measure(store, MeasureSpec(metric_id=req.metric_id, area_codes=codes, prices=req.prices,
                                        base_year=req.base_year, per_head=req.per_head, index_to=req.index_to))
    frame = result.frame.dropna(subset=[S.VALUE])
    own = frame[frame[S.AREA_CODE] == req.area_code]
    years = tuple(sorted(own[S.PERIOD].unique()))
    year = req.year if req.year in years else (years[-1] if years else "")
    at = frame[frame[S.PERIOD] == year]
    points = at[[S.AREA_CODE, "area_name", S.VALUE, S.STATUS]].assign(focus=at[S.AREA_CODE] == req.area_code)
    points = points.sort_values(S.VALUE).reset_index(drop=True)
    others = points.loc[~points["focus"], S.VALUE]
    own_value = float(points.loc[points["focus"], S.VALUE].iloc[0]) if points["focus"].any() else nan
    if len(others):
        median, q1, q3 = (float(others.median()), float(others.quantile(0.25)), float(others.quantile(0.75)))
        mad = median_absolute_deviation(others)
    else:
        median = q1 = q3 = mad = nan
    band = band_word(own_value, median=median, mad=mad, polarity=metric.polarity) if len(others) else NO_DATA

    used = sorted(at[S.SOURCE_ID].unique().tolist())
    if req.per_head:
        pop = store.series("population", list(codes))
        used += sorted(pop.loc[pop[S.PERIOD] == year, S.SOURCE_ID].unique().tolist())
    if req.prices == "real":
        used.append("ons_gdp_deflator_ybgb")
    title = f"{measure_title(metric.title, result.spec)}: {name} and {len(others)} comparators, {year}"
    subtitle = (f"{result.unit_label}; each dot is one council ({_lower_first(group_label)}); "
                f"{name} highlighted; vertical lines: comparators' median (solid) and quartiles (dashed)")
    summary = _summary(name=name, year=year, own=own_value, median=median, n=len(others), band=band,
                       unit=result.unit_label, group=group_label, polarity=metric.polarity,
                       compared=req.comparator_group != NONE)
    note = source_note(store, used)
    return BenchmarkView(req, True, year, years, title, subtitle, note, result.unit_label,
                         points, own_value, median, q1, q3, mad, int(len(others)), band, group_label, summary,
                         metric.caveats, tuple(dict.fromkeys(used)),
                         export=export_text(store, title=title, subtitle=subtitle, sources=used, note=note))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _summary(*, name: str, year: str, own: float, median: float, n: int, band: str, unit: str, group: str,
             polarity: str, compared: bool) -> str:
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
    rows = view.points.rename(columns={"focus": "highlighted"})[["area_code", "area_name", S.VALUE, S.STATUS,
                                                                  "highlighted"]].copy()
    rows.insert(2, S.PERIOD, view.year)
    stats = pd.DataFrame({"area_code": "", "area_name": ["comparators' lower quartile", "comparators' median",
                                                         "comparators' upper quartile"],
                          S.PERIOD: view.year, S.VALUE: [view.q1, view.median, view.q3], S.STATUS: "",
                          "highlighted": False})
    return pd.concat([rows, stats], ignore_index=True)
