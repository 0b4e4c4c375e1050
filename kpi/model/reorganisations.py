"""Reorganised councils have a history: their predecessor councils' figures, combined, before vesting day.

Somerset, North Yorkshire, Buckinghamshire, East and West Suffolk and Somerset West and Taunton cover exactly the
councils they replaced, so a measure that adds up (data/metrics.csv, column `additive`) is, for each year before
vesting day, the sum of the predecessors' figures: source id "combined:<their sources>", notes "predecessor councils
combined: <names>". Where a county was split between successors (Northamptonshire, Cumbria, Dorset with Christchurch
going to Bournemouth, Christchurch and Poole), a flow takes the county's share by the successor's share of the
county's population, status estimated, noted "county share apportioned by population"; a balance at 31 March is not
apportioned. A figure is formed only where every part has one for that year; `gaps` says why one was not. Nothing is
combined where the successor has its own official figure, which always wins.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from kpi.core import schema as S
from kpi.core.catalogue import Additive, Catalogue
from kpi.core.periods import year_end_to_period
from kpi.core.provenance import combined_source
from kpi.model.series import preferred

COMBINED_NOTE = "predecessor councils combined"
APPORTIONED_NOTE = "county share apportioned by population"
POPULATION = "population"  # the measure a split county's figures are apportioned by
REASON = "reason"
GAP_COLUMNS = [S.AREA_CODE, S.METRIC_ID, S.PERIOD, REASON]


@dataclass(frozen=True)
class Split:
    county: str
    part: tuple[str, ...]  # whose population is the successor's part of the county: itself, or its districts there


@dataclass(frozen=True)
class Plan:
    successor: str
    vesting: str  # ISO date the successor took over
    first_period: str  # the financial year starting on vesting day: figures before it are combined
    councils: tuple[str, ...]  # predecessor councils added whole (districts, unitaries, a county wholly inside)
    areas: tuple[str, ...]  # predecessors whose areas make up the successor's (counties left out: no double count)
    splits: tuple[Split, ...] = ()  # counties divided between this successor and others


def _codes(cell: object) -> list[str]:
    return [c for c in str(cell or "").split(";") if c]


def _day(iso: str, shift: int = 0) -> str:
    return (dt.date.fromisoformat(iso) + dt.timedelta(days=shift)).isoformat()


def _districts_before(areas: dict[str, dict], county: str, vesting: str) -> set[str]:
    """The councils of a county's lower tier on the eve of vesting day."""
    eve = _day(vesting, -1)
    return {
        code
        for code, rec in areas.items()
        if rec["county_code"] == county
        and rec["start_date"] <= eve  # "" (long before 2010) sorts first
        and (rec["end_date"] == "" or rec["end_date"] >= eve)
    }


def plans(areas: pd.DataFrame) -> tuple[Plan, ...]:
    """Every council formed from others, in order of vesting day (an earlier successor can be a predecessor)."""
    cols = ["area_code", "area_type", "start_date", "end_date", "county_code", "predecessor_codes"]
    table = {r["area_code"]: r for r in areas[cols].fillna("").astype(str).to_dict("records")}
    formed = sorted(
        (r for r in table.values() if r["predecessor_codes"] and r["start_date"]),
        key=lambda r: (r["start_date"], r["area_code"]),
    )
    out = []
    for rec in formed:
        vesting = rec["start_date"]
        preds = [c for c in _codes(rec["predecessor_codes"]) if c in table]
        lower = tuple(c for c in preds if table[c]["area_type"] != "county")
        counties = [c for c in preds if table[c]["area_type"] == "county"]
        for code in lower:  # a district's county abolished on the same day (Dorset, for Christchurch) had a part too
            county = table[code]["county_code"]
            ended = table[county]["end_date"] if county in table else ""
            if county not in counties and ended and _day(vesting, -1) <= ended <= vesting:
                counties.append(county)
        whole, splits = [], []
        for county in counties:
            inside = tuple(c for c in lower if table[c]["county_code"] == county)
            if _districts_before(table, county, vesting) <= set(lower):
                whole.append(county)
            else:
                splits.append(Split(county, (rec["area_code"],) if inside == lower else inside))
        councils = lower + tuple(whole)
        out.append(Plan(rec["area_code"], vesting, year_end_to_period(vesting), councils, lower, tuple(splits)))
    return tuple(out)


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
        self.plans = plans(areas)
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
        note = "; ".join(said + ([f"{APPORTIONED_NOTE}: {', '.join(shares)}"] if shares else []))
        unit = self.cat.metrics[metric].unit
        self.rows.append(
            dict(zip(S.COLUMNS, (*key[:2], period, figure.value, unit, figure.source, figure.status, note)))
        )

    def gap(self, plan: Plan, key: tuple, why: str) -> None:
        formed = dt.date.fromisoformat(plan.vesting)
        self.gaps[key] = (
            f"{self.name(plan.successor)} was formed on {formed.day} {formed:%B %Y} from other councils; {why}"
        )

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
        parts = {p.successor: s.part for p in self.plans for s in p.splits if s.county == split.county}
        missing = [c for part in parts.values() for c in part if (c, POPULATION, period) not in self.known]
        if missing:
            who = self.names(missing)
            return f"no population figure for {who} for {period}, so {county}'s share cannot be apportioned"
        people = {s: sum(self.known[(c, POPULATION, period)].value for c in part) for s, part in parts.items()}
        share = people[plan.successor] / sum(people.values())
        return _Figure(whole.value * share, whole.source, S.ESTIMATED, (), (f"{county} x {share * 100:.1f}%",))


def combine(obs: pd.DataFrame, catalogue: Catalogue) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(figures of reorganised councils before vesting day, in the observation schema; the years where none could
    be formed, with the reason), from the official observations."""
    combiner = _Combiner(obs, catalogue)
    combiner.run()
    rows = S.coerce(pd.DataFrame(combiner.rows, columns=S.COLUMNS)) if combiner.rows else S.empty()
    gaps = pd.DataFrame([(*k, why) for k, why in combiner.gaps.items()], columns=GAP_COLUMNS)
    return rows, gaps


def history_note(catalogue: Catalogue, area_code: str) -> str:
    """The sentence a chart or table of a reorganised council carries when it shows years before vesting day."""
    plan = next((p for p in plans(catalogue.areas.reset_index(drop=True)) if p.successor == area_code), None)
    if plan is None:
        return ""
    day = dt.date.fromisoformat(plan.vesting)
    text = (
        f"{catalogue.area_name(area_code)} was formed on {day.day} {day:%B %Y}: figures before then are its "
        "predecessor councils' figures combined (source ids starting combined:)"
    )
    if plan.splits:
        text += (
            "; the split county's spending, income and spending power are shared by population (estimated), "
            "its debt and reserves not at all"
        )
    return text + "."


def gaps(obs: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """area_code, metric_id, period, reason: years before vesting day with no combined figure, and why."""
    return combine(obs, catalogue)[1]
