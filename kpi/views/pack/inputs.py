"""Where the report pack meets the explore views: the one adapter over profile, narrative, trend and benchmark.

The pack asks for a council, a base year, an end year, a comparator group and some measures; this module turns
those into calls of the views the pages use, so the pack shows what the pages show, with the same comparator
groups (within the council's class of functions, or a named custom group) and the same span of years.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from functools import partial

import pandas as pd

from kpi.calc.comparators import NEAREST, NONE, ComparatorGroup, comparator_set, comparators
from kpi.calc.measures import REAL, MeasureResult
from kpi.core import schema as S
from kpi.core.catalogue import UnknownError
from kpi.model.store import OFFICIAL, Store
from kpi.views import citations, narrative, profile
from kpi.views.benchmark import BenchmarkRequest, BenchmarkView, benchmark_view
from kpi.views.profile import CARDS, Card, CardSpec
from kpi.views.summaries import chart_summary
from kpi.views.trend import TrendRequest, TrendView, trend_view

MAX_MEASURES = 12
NEIGHBOURS_SOURCE = "ons_nearest_neighbours_2025"
NAMES_SOURCE = "mysociety_la_lookup"


def measure_choices(store: Store) -> dict[str, CardSpec]:
    """Every measure a pack can hold: the profile's cards, then each other measure with data (as published)."""
    choices = {c.key: c for c in CARDS}
    plain = {(c.metric_id, c.prices, c.per_head) for c in CARDS}
    for metric_id in store.metrics_with_data():
        spec = CardSpec(metric_id, metric_id, store.catalogue.metric(metric_id).title)
        if (spec.metric_id, spec.prices, spec.per_head) not in plain and metric_id not in choices:
            choices[metric_id] = spec
    return choices


def resolve_measure(store: Store, given: str) -> CardSpec:
    """A card key ("csp_real") or a metric id ("core_spending_power": as published) -> the measure."""
    choices = measure_choices(store)
    if given in choices:
        return choices[given]
    for spec in choices.values():
        if spec.metric_id == given and spec.prices != REAL and not spec.per_head:
            return spec
    raise UnknownError("measure", given, difflib.get_close_matches(given, list(choices), n=3, cutoff=0.5))


def profile_cards(store: Store, area_code: str, *, since: str, to: str | None = None) -> dict[str, Card]:
    """The profile's cards for this council by key (optional ones only where the council has figures), from the
    base year to the end year (None: each measure's latest year)."""
    return {card.spec.key: card for card in profile.profile(store, area_code, since=since, to=to or "").cards}


def default_measures(store: Store, area_code: str, *, since: str, to: str | None = None) -> tuple[str, ...]:
    """The pack's measures unless others are chosen: the profile's cards."""
    return tuple(profile_cards(store, area_code, since=since, to=to))


@dataclass(frozen=True)
class GroupInfo:
    key: str
    label: str  # "15 nearest neighbours of the same class (ONS 2025 upper-tier model)", "Custom group: ..."
    count: int  # comparator councils in the group (before a measure leaves some out)
    note: str  # what was left out and why, or why there is no group

    @property
    def text(self) -> str:
        if self.key == NONE:
            return "No comparison"
        return " ".join(t.rstrip(".") + "." for t in (self.label, self.note) if t)


def comparator_group(store: Store, area_code: str, group: str | ComparatorGroup) -> GroupInfo:
    """The pack's comparator group in words: named, with how many councils and which model (as on the pages)."""
    found = comparator_set(store, area_code, group)
    return GroupInfo(found.group.kind, found.label, len(found.codes), found.note)


def headline_card(
    store: Store, spec: CardSpec, area_code: str, *, since: str, to: str | None, known: Card | None = None
) -> Card:
    """The profile card of a measure from the base year to the end year (`known` when the profile made it)."""
    if known is not None:
        return known
    return profile._card(store, spec, area_code, since, to or "", profile.newest_period(store))


def benchmark_at(store: Store, spec: CardSpec, area_code: str, *, year: str, group: str) -> BenchmarkView:
    """Where the council sits among its comparators in one year (the Benchmark page's view)."""
    request = BenchmarkRequest(
        area_code, spec.metric_id, year=year, prices=spec.prices, per_head=spec.per_head, comparator_group=group
    )
    return benchmark_view(store, request)


def paragraph(store: Store, area_code: str, *, since: str, to: str | None, group) -> tuple[str, ...]:
    """The profile's paragraph: the same sentences as the profile page and `python -m kpi narrative`."""
    return narrative.paragraph(store, area_code, since=since, to=to or "", group=group)


def paragraph_note() -> str:
    """The note under the paragraph, as on the profile page."""
    return narrative.NOTE


def trend_request(spec: CardSpec, area_code: str, group: str) -> TrendRequest:
    return TrendRequest(area_code, spec.metric_id, prices=spec.prices, per_head=spec.per_head, comparator_group=group)


def trend_between(store: Store, spec: CardSpec, area_code: str, *, group: str, since: str, to: str | None) -> TrendView:
    """The Trends page's view of a measure, kept to the pack's years (from the base year, or the first year with
    data after it, to the end year); its one-line summary is made for those years by the page's own rules."""
    req = trend_request(spec, area_code, group)
    view = trend_view(store, req)
    keep = tuple(p for p in view.periods if p >= since and (to is None or p <= to))
    if keep == view.periods:
        return view
    lines = tuple((c, n, _within(f, keep)) for c, n, f in view.lines)
    council_lines = tuple((c, n, _within(f, keep)) for c, n, f in view.council_lines)
    band = view.band[view.band[S.PERIOD].isin(keep)] if view.band is not None else None
    own = next((f for c, _n, f in lines if c == area_code), pd.DataFrame(columns=[S.PERIOD, S.VALUE]))
    result = MeasureResult(frame=own, unit_label=view.unit_label, base_year=None, spec=None)
    supplied = S.with_values(pd.concat([f for _c, _n, f in council_lines])) if council_lines else None
    summary, has_data = chart_summary(store, req, result, band, supplied)
    return replace(
        view,
        periods=keep,
        lines=lines,
        council_lines=council_lines,
        band=band,
        make_table=partial(_kept, view, keep),
        summary=summary,
        has_data=has_data,
    )


def _kept(view: TrendView, keep: tuple[str, ...]) -> pd.DataFrame:
    """The view's table, kept to some years."""
    return view.table[view.table[S.PERIOD].isin(keep)].reset_index(drop=True)


def _within(frame: pd.DataFrame, keep: tuple[str, ...]) -> pd.DataFrame:
    """A series kept to some years; a break before the first kept year is no longer inside the chart."""
    out = frame[frame[S.PERIOD].isin(keep)].copy()
    if keep and "break_before" in out:
        out.loc[out[S.PERIOD] == keep[0], "break_before"] = False
    return out


def comparator_sources(store: Store, spec: CardSpec, area_code: str, *, group: str, periods) -> list[str]:
    """The sources behind the comparators' band over some years (their own figures, population, deflator)."""
    codes = comparators(store, area_code, group, metric_id=spec.metric_id) if group != NONE else []
    rows = store.series(spec.metric_id, codes, supplied=OFFICIAL)  # bands use official figures only
    rows = rows[rows[S.PERIOD].isin(list(periods))]
    ids = sorted(rows[S.SOURCE_ID].unique().tolist())
    return citations.sources_behind(store, ids, per_head_of=codes if spec.per_head else (), real=spec.prices == REAL)


def base_sources(store: Store, source_ids) -> list[str]:
    """Catalogue rows behind source ids: derived ratios name their inputs, uploads the council-supplied row."""
    return citations._base_sources(store, list(source_ids))


# The profile cards whose measures the paragraph speaks of (for the council and its comparators).
NARRATIVE_CARDS = ("population", "csp_per_head", "reserves", "debt", "band_d")


def narrative_sources(store: Store, area_code: str, *, group: str) -> list[str]:
    """The sources behind the paragraph's sentences, the comparator group and the council names."""
    cards = {c.key: c for c in CARDS}
    used = [NAMES_SOURCE] + ([NEIGHBOURS_SOURCE] if ComparatorGroup.of(group).kind == NEAREST else [])
    for key in NARRATIVE_CARDS:
        spec = cards[key]
        own = store.series(spec.metric_id, [area_code])
        used += citations.sources_behind(
            store,
            sorted(own[S.SOURCE_ID].unique()),
            per_head_of=(area_code,) if spec.per_head else (),
            real=spec.prices == REAL,
        )
        used += comparator_sources(store, spec, area_code, group=group, periods=store.periods(spec.metric_id))
    return used
