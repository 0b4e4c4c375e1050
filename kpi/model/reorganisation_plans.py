"""Which councils a reorganised council was formed from, read from the area catalogue: its predecessors added
whole, and the counties it shares with other successors (kpi.model.reorganisations combines their figures).

A county is whole when every council of its lower tier on the eve of vesting day went to this successor; otherwise
it is split, and its share is by the successor's population unless reorganisations.csv states one
(kpi.core.successors).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from kpi.core.periods import year_end_to_period


@dataclass(frozen=True)
class Split:
    county: str
    part: tuple[str, ...]  # whose population is the successor's part of the county: itself, or its districts there
    share: float | None = None  # the successor's stated share of the county in percent; None: by population


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


def plans(areas: pd.DataFrame, shares: dict[tuple[str, str], float] | None = None) -> tuple[Plan, ...]:
    """Every council formed from others, in order of vesting day (an earlier successor can be a predecessor);
    `shares`: (successor, county) -> its stated share of a county it shares, where not by population."""
    shares = shares or {}
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
                part = (rec["area_code"],) if inside == lower else inside
                splits.append(Split(county, part, shares.get((rec["area_code"], county))))
        councils = lower + tuple(whole)
        out.append(Plan(rec["area_code"], vesting, year_end_to_period(vesting), councils, lower, tuple(splits)))
    return tuple(out)
