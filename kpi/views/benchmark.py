"""Where a council sits among its comparators for one measure and year, in words as well as numbers.

The band compares the council with the comparators' median in units of their median absolute deviation (MAD):
within 0.5 MADs "broadly similar", 0.5 to 1.5 "slightly better/worse", 1.5 to 3 "better/worse", over 3
"much better/worse". Measures without a direction are "context only"; a measure that does not apply to the
council's type (adult social care for a district) is "not applicable". There is no rank and no league table: the
table lists the chosen council first (marked), then its comparators by name, those without a figure included.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from kpi.calc.bands import CONTEXT_ONLY, NO_DATA, NOT_APPLICABLE, ComparatorStats, band_word, comparator_stats
from kpi.calc.comparators import NONE, ComparatorGroup, ComparatorSet, comparator_set
from kpi.calc.measures import CASH, REAL, spec_for
from kpi.core import schema as S
from kpi.core.formatting import format_value
from kpi.core.provenance import COUNCIL_LABEL, is_upload_source
from kpi.model.store import Store
from kpi.views.citations import ExportText, export_text, latest_line, source_note, sources_behind
from kpi.views.council_figures import rows_in_year, years_with_figures
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
    comparator_group: str | ComparatorGroup = "nearest"


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
    members: tuple[tuple[str, str], ...] = ()  # (code, name) of the chosen council, then its comparators by name

    median = property(lambda self: self.stats.median)
    q1 = property(lambda self: self.stats.q1)
    q3 = property(lambda self: self.stats.q3)
    mad = property(lambda self: self.stats.mad)
    n = property(lambda self: self.stats.n)

    @cached_property
    def table(self) -> pd.DataFrame:
        """The chart's figures as a table (points_table): the chosen council, its comparators, median and quartiles;
        made the first time it is asked for."""
        return points_table(self)


def benchmark_view(store: Store, req: BenchmarkRequest) -> BenchmarkView:
    cat = store.catalogue
    metric = cat.metric(req.metric_id)
    name = cat.area_name(req.area_code)
    group = comparator_set(store, req.area_code, req.comparator_group, metric_id=req.metric_id)
    if not metric.applies(cat.area_type(req.area_code)):
        return _not_applicable(req, metric, name, group.label)
    codes = (req.area_code, *group.codes)
    spec = spec_for(req, codes)
    years, unit_label = years_with_figures(store, spec)
    year = req.year if req.year in years else (years[-1] if years else "")
    at = rows_in_year(store, spec, year)
    points = _points(at, req.area_code)
    focus, values = points["focus"].tolist(), points[S.VALUE].tolist()
    own = float(next((v for f, v in zip(focus, values) if f), NAN))
    stats = comparator_stats([v for f, v in zip(focus, values) if not f])
    band = band_word(own, median=stats.median, mad=stats.mad, polarity=metric.polarity) if stats.n else NO_DATA
    used = sources_behind(
        store,
        sorted(at[S.SOURCE_ID].unique()),
        per_head_of=codes if req.per_head else (),
        year=year,
        real=req.prices == REAL,
    )
    title = f"{measure_title(metric.title, spec)}: {name} and {stats.n} comparators" + (f", {year}" if year else "")
    subtitle = (
        f"{unit_label}; each dot is one council ({group.label or 'no comparators'}); {name} highlighted; "
        "vertical lines: comparators' median (solid) and quartiles (dashed)"
    )
    compared = ComparatorGroup.of(req.comparator_group).kind != NONE
    summary = _summary(name, year, own, stats, band=band, unit=unit_label, group=group.label, compared=compared)
    label = "Latest figures" if years and year == years[-1] else "Figures for"
    note = source_note(store, used, latest=latest_line(store, at, label=label))
    return BenchmarkView(
        request=req,
        applicable=True,
        year=year,
        years=years,
        title=title,
        subtitle=subtitle,
        source_note=note,
        unit_label=unit_label,
        points=points,
        own_value=own,
        stats=stats,
        band=band,
        group_label=group.label,
        summary=" ".join(t for t in (summary, group.note) if t),
        caveats=metric.caveats,
        sources=tuple(dict.fromkeys(used)),
        export=export_text(store, title=title, subtitle=subtitle, sources=used, note=note),
        members=_members(store, req.area_code, group),
    )


def _points(at: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """One row per council with a figure; council-supplied figures keep their label in the name."""
    sources = at[S.SOURCE_ID].tolist()
    names = [f"{n} {COUNCIL_LABEL}" if is_upload_source(s) else n for n, s in zip(at["area_name"].tolist(), sources)]
    codes = at[S.AREA_CODE]
    return pd.DataFrame(  # one frame made once, numbered from 0
        {
            S.AREA_CODE: codes.array,
            "area_name": pd.array(names, dtype=at["area_name"].dtype),
            **{c: at[c].array for c in (S.VALUE, S.STATUS, S.SOURCE_ID)},
            "focus": (codes == area_code).array,
        }
    )


def _members(store: Store, area_code: str, group: ComparatorSet) -> tuple[tuple[str, str], ...]:
    cat = store.catalogue
    others = sorted(group.codes, key=lambda c: (cat.area_name(c), c))
    return tuple((c, cat.area_name(c)) for c in (area_code, *others))


NAN = float("nan")


def _not_applicable(req: BenchmarkRequest, metric, name: str, group_label: str) -> BenchmarkView:
    """A measure the council's type does not provide: no comparison at all."""
    text = (
        f"{metric.title} does not apply to {name}: councils of its type do not provide this service, so there "
        "is no comparison (not applicable)."
    )
    nothing = pd.DataFrame(columns=[S.AREA_CODE, "area_name", S.VALUE, S.STATUS, S.SOURCE_ID, "focus"])
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


def _summary(
    name: str, year: str, own: float, stats: ComparatorStats, *, band: str, unit: str, group: str, compared: bool
) -> str:
    median, n = stats.median, stats.n
    if not year or math.isnan(own):
        return f"No data for {name} on this measure."
    text = f"{name}: {format_value(own, unit)} in {year}."
    if not compared or n == 0:
        return text + " No comparator councils have a value for this year."
    text += f" The median of the {n} comparators with a figure ({group}) was {format_value(median, unit)}"
    if band == CONTEXT_ONLY:
        return text + "; this measure has no better or worse direction (context only)."
    return text + f": {name} is {band} (measured in median absolute deviations from the median)."


def points_table(view: BenchmarkView) -> pd.DataFrame:
    """The chart's figures as a table that does not read as a league table: the chosen council first (marked),
    then every comparator by name, those without a figure for the year listed as such; then the median and
    quartiles. Never sorted by value, no ranks."""
    points = view.points
    by_code = {  # one row per council: (name, value, status, source)
        code: row
        for code, *row in zip(
            points[S.AREA_CODE].tolist(),
            points["area_name"].tolist(),
            points[S.VALUE].tolist(),
            points[S.STATUS].tolist(),
            points[S.SOURCE_ID].tolist(),
        )
    }
    missing = f" for {view.year}" if view.year else ""
    chosen = view.request.area_code
    members = view.members or tuple(zip(points[S.AREA_CODE], points["area_name"]))
    table: dict[str, list] = {c: [] for c in ("area_code", "area_name", S.VALUE, S.STATUS, S.SOURCE_ID, "note")}
    for code, name in members:
        found = by_code.get(code)
        table["area_code"].append(code)
        table["area_name"].append(str(found[0]) if found else name)
        table[S.VALUE].append(float(found[1]) if found else NAN)
        table[S.STATUS].append(str(found[2]) if found else "")
        table[S.SOURCE_ID].append(str(found[3]) if found else "")
        table["note"].append(
            ("chosen council" if code == chosen else "")
            + ("" if found else f"{'; ' if code == chosen else ''}no figure{missing}")
        )
    # Then the comparators' lower quartile, median and upper quartile, each a row of its own.
    table["area_code"] += [""] * 3
    table["area_name"] += ["comparators' lower quartile", "comparators' median", "comparators' upper quartile"]
    table[S.VALUE] += [view.q1, view.median, view.q3]
    table[S.STATUS] += [""] * 3
    table[S.SOURCE_ID] += [""] * 3
    table["note"] += [f"of {view.n} comparators with a figure"] * 3
    rows = len(members) + 3
    return pd.DataFrame(
        {
            "area_code": table["area_code"],
            "area_name": table["area_name"],
            S.PERIOD: [view.year] * rows,
            S.VALUE: pd.array(table[S.VALUE], dtype="float64"),
            S.STATUS: table[S.STATUS],
            S.SOURCE_ID: table[S.SOURCE_ID],
            "highlighted": [code == chosen for code, _ in members] + [False] * 3,
            "note": table["note"],
        }
    )
