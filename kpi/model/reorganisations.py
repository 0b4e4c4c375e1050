"""Reorganised councils have a history: their predecessor councils' figures, combined, before vesting day.

Somerset, North Yorkshire, Buckinghamshire, East and West Suffolk and Somerset West and Taunton cover exactly the
councils they replaced, so a measure that adds up (data/metrics.csv, column `additive`) is, for each year before
vesting day, the sum of the predecessors' figures: source id "combined:<their sources>", notes "predecessor councils
combined: <names>". Where a county was split between successors (Northamptonshire, Cumbria, Dorset with Christchurch
going to Bournemouth, Christchurch and Poole), a flow takes the county's share by the successor's share of the
county's population, status estimated, noted "county share apportioned by population"; a balance at 31 March is not
apportioned. A county's share may instead be stated in reorganisations.csv (kpi.core.successors), noted "county share
as stated". Councils declared there (East and West Surrey, which share Surrey County Council) are formed exactly as
these are, shadow councils included. A figure is formed only where every part has one for that year; `gaps` says why
one was not. Nothing is combined where the successor has its own official figure, which always wins.
"""

from __future__ import annotations

import datetime as dt
import weakref
from dataclasses import dataclass

import pandas as pd

from kpi.core import schema as S
from kpi.core.catalogue import Additive, Catalogue
from kpi.core.provenance import combined_source
from kpi.model.reorganisation_plans import Plan, Split, plans
from kpi.model.series import preferred

COMBINED_NOTE = "predecessor councils combined"
APPORTIONED_NOTE = "county share apportioned by population"
STATED_NOTE = "county share as stated in reorganisations.csv"
_STATED = " (stated)"  # marks a share taken from reorganisations.csv rather than worked out from populations
POPULATION = "population"  # the measure a split county's figures are apportioned by
REASON = "reason"
GAP_COLUMNS = [S.AREA_CODE, S.METRIC_ID, S.PERIOD, REASON]


@dataclass(frozen=True)
class _Figure:
    value: float
    source: str
    status: str
    names: tuple[str, ...]  # the councils whose figures were added
    shares: tuple[str, ...] = ()  # "<county> x <share>%" for each county share apportioned


class _Combiner:
    def __init__(self, obs: pd.DataFrame, catalogue: Catalogue):
        self.cat = catalogue
        areas = catalogue.areas.reset_index(drop=True)
        self.plans = plans_of(catalogue)
        self._types = dict(zip(areas["area_code"], areas["area_type"]))
        self._names = {
            c: " ".join(str(n).split()) for c, n in zip(areas["area_code"], areas["official_name"].fillna(""))
        }
        self.additive = {m.metric_id: m.additive for m in catalogue.metrics.values() if m.additive in set(Additive)}
        codes = {c for p in self.plans for c in (p.successor, *p.councils, *(s.county for s in p.splits))}
        official = ~obs[S.SOURCE_ID].str.contains(":", regex=False)  # not derived:, combined: or upload:
        base = obs[official & obs[S.AREA_CODE].isin(codes) & obs[S.METRIC_ID].isin(set(self.additive))]
        best = preferred(base, catalogue.source_priority)
        cols = [S.AREA_CODE, S.METRIC_ID, S.PERIOD, S.VALUE, S.SOURCE_ID, S.STATUS]
        self.known = {
            (a, m, p): _Figure(float(v), str(s), str(t), (self.name(a),))
            for a, m, p, v, s, t in best[cols].itertuples(index=False)
        }
        self.periods: dict[tuple[str, str], set[str]] = {}
        for area, metric, period in self.known:
            self.periods.setdefault((area, metric), set()).add(period)
        self.rows: list[dict] = []
        self.gaps: dict[tuple, str] = {}

    def name(self, code: str) -> str:
        return self._names.get(code) or self.cat.area_name(code)

    def names(self, codes) -> str:
        return ", ".join(self.name(c) for c in codes)

    def parts(self, plan: Plan, metric: str, kind: Additive) -> tuple[str, ...]:
        """The predecessors whose figures add up: one the measure does not apply to (a shire district, for social
        care spending) adds nothing."""
        codes = plan.areas if kind == Additive.AREA else plan.councils
        return tuple(c for c in codes if self.cat.metrics[metric].applies(self._types.get(c, "")))

    def run(self) -> None:
        for kind in (Additive.AREA, Additive.FLOW, Additive.STOCK):  # populations first: splits are shared by them
            for plan in self.plans:
                counties = () if kind == Additive.AREA else tuple(s.county for s in plan.splits)
                for metric in sorted(m for m, k in self.additive.items() if k == kind):
                    if not self.cat.metrics[metric].applies(self._types.get(plan.successor, "")):
                        continue
                    parts = (*self.parts(plan, metric, kind), *counties)
                    periods = set().union(*(self.periods.get((a, metric), set()) for a in parts))
                    for period in sorted(p for p in periods if p < plan.first_period):
                        if (plan.successor, metric, period) not in self.known:  # its own figure always wins
                            self.combine(plan, metric, period, kind)

    def combine(self, plan: Plan, metric: str, period: str, kind: Additive) -> None:
        key = (plan.successor, metric, period)
        parts = self.parts(plan, metric, kind)
        missing = [c for c in parts if (c, metric, period) not in self.known]
        if missing:
            why = f"no figure for {self.names(missing)} for {period}, so the predecessors' figures cannot be added"
            self.gap(plan, key, why)
            return
        figures = [self.known[(c, metric, period)] for c in parts]
        if kind != Additive.AREA:  # an area's count adds up exactly whatever the county did
            for split in plan.splits:
                share = self.share(plan, split, metric, period)
                if isinstance(share, str):
                    self.gap(plan, key, share)
                    return
                figures.append(share)
        shares = tuple(s for f in figures for s in f.shares)
        figure = _Figure(
            value=sum(f.value for f in figures),
            source=combined_source(f.source for f in figures),
            status=S.ESTIMATED if shares else S.least_final([f.status for f in figures]),
            names=tuple(n for f in figures for n in f.names),
            shares=shares,
        )
        self.known[key] = figure
        self.periods.setdefault(key[:2], set()).add(period)
        said = [f"{COMBINED_NOTE}: {', '.join(figure.names)}"] if figure.names else []
        note = "; ".join(said + _share_notes(shares))
        unit = self.cat.metrics[metric].unit
        self.rows.append(
            dict(zip(S.COLUMNS, (*key[:2], period, figure.value, unit, figure.source, figure.status, note)))
        )

    def gap(self, plan: Plan, key: tuple, why: str) -> None:
        self.gaps[key] = f"{self.name(plan.successor)} {_formed(self.cat, plan)} from other councils; {why}"

    def share(self, plan: Plan, split: Split, metric: str, period: str) -> _Figure | str:
        """The successor's share of a split county's figure, or why there is none."""
        county = self.name(split.county)
        if self.additive[metric] == Additive.STOCK:
            return (
                f"{county} was split between several successors: its balances at 31 March were divided between them "
                "by agreement, not by population, so no share is estimated"
            )
        whole = self.known.get((split.county, metric, period))
        if whole is None:
            return f"no figure for {county} for {period}, so its share cannot be apportioned"
        if split.share is not None:
            text = f"{county} x {split.share:.1f}%{_STATED}"
            return _Figure(whole.value * split.share / 100, whole.source, S.ESTIMATED, (), (text,))
        parts = {p.successor: s.part for p in self.plans for s in p.splits if s.county == split.county}
        missing = [c for part in parts.values() for c in part if (c, POPULATION, period) not in self.known]
        if missing:
            who = self.names(missing)
            return f"no population figure for {who} for {period}, so {county}'s share cannot be apportioned"
        people = {s: sum(self.known[(c, POPULATION, period)].value for c in part) for s, part in parts.items()}
        share = people[plan.successor] / sum(people.values())
        return _Figure(whole.value * share, whole.source, S.ESTIMATED, (), (f"{county} x {share * 100:.1f}%",))


def _share_notes(shares: tuple[str, ...]) -> list[str]:
    """How the county shares in a figure were formed: by population, or as stated in reorganisations.csv."""
    stated = [s.removesuffix(_STATED) for s in shares if s.endswith(_STATED)]
    by_people = [s for s in shares if not s.endswith(_STATED)]
    notes = [(APPORTIONED_NOTE, by_people), (STATED_NOTE, stated)]
    return [f"{note}: {', '.join(parts)}" for note, parts in notes if parts]


def _formed(catalogue: Catalogue, plan: Plan) -> str:
    """ "was formed on 1 April 2023", or for a shadow council "takes over on 1 April 2027"."""
    day = dt.date.fromisoformat(plan.vesting)
    return f"{'takes over' if catalogue.shadow_until(plan.successor) else 'was formed'} on {day.day} {day:%B %Y}"


def combine(obs: pd.DataFrame, catalogue: Catalogue) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(figures of reorganised councils before vesting day, in the observation schema; the years where none could
    be formed, with the reason), from the official observations."""
    combiner = _Combiner(obs, catalogue)
    combiner.run()
    rows = S.coerce(pd.DataFrame(combiner.rows, columns=S.COLUMNS)) if combiner.rows else S.empty()
    gaps = pd.DataFrame([(*k, why) for k, why in combiner.gaps.items()], columns=GAP_COLUMNS)
    return rows, gaps


_PLANS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def plans_of(catalogue: Catalogue) -> tuple[Plan, ...]:
    """The catalogue's councils formed from others (`plans`), worked out once per catalogue (a catalogue does not
    change once made): a reorganised council's every chart names its history, and working it out takes milliseconds."""
    found = _PLANS.get(catalogue)
    if found is None:
        found = _PLANS[catalogue] = plans(catalogue.areas.reset_index(drop=True), catalogue.county_shares())
    return found


def history_note(catalogue: Catalogue, area_code: str) -> str:
    """The sentence a chart or table of a reorganised council carries when it shows years before vesting day."""
    plan = next((p for p in plans_of(catalogue) if p.successor == area_code), None)
    if plan is None:
        return ""
    text = (
        f"{catalogue.area_name(area_code)} {_formed(catalogue, plan)}: figures before then are its "
        "predecessor councils' figures combined (source ids starting combined:)"
    )
    if plan.splits:
        how = "as stated in reorganisations.csv" if all(s.share is not None for s in plan.splits) else "by population"
        text += (
            f"; the split county's spending, income and spending power are shared {how} (estimated), "
            "its debt and reserves not at all"
        )
    return text + "."


def gaps(obs: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """area_code, metric_id, period, reason: years before vesting day with no combined figure, and why."""
    return combine(obs, catalogue)[1]
