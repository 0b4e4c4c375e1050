"""The figures of proposed councils, added up as the reorganisation rules add a reorganised council's predecessors
(kpi.model.reorganisations, decision 0008), by each measure's `additive` in data/metrics.csv:

* an area count (population, the council tax base) adds the districts and unitaries, never a county, whose area is
  its districts';
* a flow (spending power, spending, the council tax requirement) adds every council; a county shared between
  proposed councils adds its figure times the share of its districts' population in each, that year (estimated);
* a balance at 31 March (reserves, debt) adds every council whole; a shared county's is divided by agreement, not by
  population, so it is left out with the reason unless the option states shares.

A unitary shared by stated shares adds its figure times the share, whatever the measure. Each measure is taken in
one year for every proposed council: the latest year in which every council named has an official figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.calc.options.model import WHOLE, Option, OptionSet, Part, Proposed, county_districts
from kpi.core import schema as S
from kpi.core.catalogue import Additive
from kpi.core.functions import COUNTY
from kpi.core.periods import mid_year_of
from kpi.model.store import OFFICIAL, Store

POPULATION = "population"
MEASURES = (
    POPULATION,
    "core_spending_power",
    "net_revenue_expenditure",
    "non_ringfenced_reserves",
    "total_debt",
    "council_tax_requirement",
    "council_tax_base",
)
Known = dict[tuple[str, str, str], tuple[float, str, str]]  # (metric, council, year) -> (value, source id, status)


@dataclass(frozen=True)
class Figure:
    option: str
    proposed: str
    metric_id: str
    period: str
    value: float  # nan where there is none
    status: str
    sources: tuple[str, ...]
    notes: str  # how it was formed
    reason: str = ""  # why there is none


def known(store: Store, metrics, codes) -> Known:
    """Each council's official figure by measure and year (the preferred source)."""
    out: Known = {}
    for metric in metrics:
        frame = S.with_values(store.series(metric, list(codes), supplied=OFFICIAL))
        cols = [S.AREA_CODE, S.PERIOD, S.VALUE, S.SOURCE_ID, S.STATUS]
        for code, period, value, source, status in frame[cols].itertuples(index=False):
            out[(metric, str(code), str(period))] = (float(value), str(source), "" if pd.isna(status) else str(status))
    return out


def councils(store: Store, options: OptionSet) -> tuple[str, ...]:
    """The councils whose figures the options need: those named, and the districts of the counties named."""
    cat = store.catalogue
    named = options.codes
    return tuple(
        dict.fromkeys([*named, *(d for c in named if cat.area_class(c) == COUNTY for d in county_districts(cat, c))])
    )


def _counted(store: Store, metric: str, code: str) -> bool:
    """Whether a council's own figure is added: a county adds nothing to an area count, nor a council to a measure
    its type has no duty for."""
    cat = store.catalogue
    kind = cat.metric(metric).additive
    return cat.metric(metric).applies(cat.area_type(code)) and not (
        kind == Additive.AREA and cat.area_class(code) == COUNTY
    )


def measure_year(store: Store, metric: str, options: OptionSet, figures: Known) -> str:
    """The latest year in which every council named has a figure; failing that, the latest any has ("": none)."""
    codes = [c for c in options.codes if _counted(store, metric, c)]
    years = [{p for (m, c, p) in figures if m == metric and c == code} for code in codes]
    every = set.intersection(*years) if years else set()
    return max(every or set().union(*years) or {""})


def sums(store: Store, options: OptionSet) -> tuple[Figure, ...]:
    """Every measure of MEASURES for every proposed council, each in its measure's year."""
    figures = known(store, MEASURES, councils(store, options))
    out = []
    for metric in MEASURES:
        year = measure_year(store, metric, options, figures)
        for option, proposed in options.proposed:
            out.append(_sum(store, figures, option, proposed, metric, year))
    return tuple(out)


def _sum(store: Store, figures: Known, option: Option, proposed: Proposed, metric: str, year: str) -> Figure:
    def gap(why: str) -> Figure:
        return Figure(option.name, proposed.name, metric, year, float("nan"), "", (), "", why)

    name = store.catalogue.area_name
    terms, sources, statuses, said = [], [], [], []
    for part in (p for p in proposed.parts if _counted(store, metric, p.code)):
        if (metric, part.code, year) not in figures:
            return gap(f"no figure for {name(part.code)} for {year or 'any year'}")
        value, source, status = figures[(metric, part.code, year)]
        share = _share(store, figures, option, proposed, part, metric, year)
        if isinstance(share, str):
            return gap(share)
        fraction, note, extra = share
        terms.append(value * fraction)
        sources += [source, *extra]
        statuses.append(S.ESTIMATED if fraction != 1.0 else status)  # a share of a council is an estimate
        said.append(f"{name(part.code)}{note}")
    if not terms:
        counties = store.catalogue.metric(metric).additive == Additive.AREA and proposed.parts
        return gap("a county's area is its districts', and it holds none" if counties else "no council of it has this")
    return Figure(
        option.name,
        proposed.name,
        metric,
        year,
        sum(terms),
        str(S.least_final(statuses)),
        tuple(dict.fromkeys(sources)),
        " + ".join(said),
    )


Share = tuple[float, str, tuple[str, ...]] | str  # (fraction, note, population sources) or why there is none


def _share(
    store: Store, figures: Known, option: Option, proposed: Proposed, part: Part, metric: str, year: str
) -> Share:
    """The fraction of a council's figure a proposed council takes, with the note that says so: a shared county's
    flows by population, its balances (and all of a shared unitary) by stated shares."""
    if not option.shared(part.code):
        return 1.0, "", ()
    county = store.catalogue.area_class(part.code) == COUNTY
    if county and store.catalogue.metric(metric).additive == Additive.FLOW:
        return population_share(store, figures, part.code, proposed, year)
    if part.share is not None:
        return part.share / WHOLE, f" x {part.share:g}% (share stated in the option)", ()
    if not county:
        return 1.0, " (whole, though it is in more than one proposed council)", ()
    return (
        f"{store.catalogue.area_name(part.code)} is shared between proposed councils: its balances at 31 March are "
        "divided by agreement, not by population, so no share is estimated (state shares in the option to see one)"
    )


def population_share(store: Store, figures: Known, county: str, proposed: Proposed, year: str) -> Share:
    """The share of a county's districts' population that lives in the proposed council's districts, that year."""
    districts = county_districts(store.catalogue, county)
    missing = [d for d in districts if (POPULATION, d, year) not in figures]
    name = store.catalogue.area_name
    if missing or not districts:
        who = ", ".join(map(name, missing)) or "its districts"
        return f"no population figure for {who} for {year}, so {name(county)}'s share cannot be worked out"
    people = {d: figures[(POPULATION, d, year)][0] for d in districts}
    here = sum(v for d, v in people.items() if d in proposed.codes)
    fraction = here / sum(people.values())
    sources = tuple(dict.fromkeys(figures[(POPULATION, d, year)][1] for d in districts))
    note = f" x {fraction * 100:.1f}% (the share of its districts' population here, mid-{mid_year_of(year)})"
    return fraction, note, sources
