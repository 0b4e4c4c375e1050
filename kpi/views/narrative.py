"""A plain-English paragraph about a council, generated from the data by fixed templates.

Rules the templates keep: every sentence names its years (population in mid-years, stocks at 31 March, flows as
financial years); figures are computed from unrounded values and rounded half up only for display; a comparison
with comparators counts only those with figures for the same years and says how many; a change across a series
break says so; nothing is said where the data are missing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from kpi.calc.comparators import ENGLAND, GROUPS, NEAREST, NONE, SAME_REGION, SAME_TYPE, comparators
from kpi.calc.measures import REAL, MeasureSpec, measure
from kpi.core import schema as S
from kpi.core.defaults import DEFAULT_BASE_YEAR
from kpi.core.formatting import format_count, format_pct, format_value
from kpi.core.periods import FinancialYear
from kpi.data.store import Store


def mid_year(period: str) -> str:
    """The population estimate shown against 2010-11 is the mid-2010 estimate."""
    return f"mid-{FinancialYear.parse(period).start_year}"


def year_end(period: str) -> str:
    """A stock shown against 2023-24 is the position at 31 March 2024."""
    return f"31 March {FinancialYear.parse(period).start_year + 1}"


@dataclass(frozen=True)
class Change:
    from_period: str
    to_period: str
    from_value: float
    to_value: float
    breaks: tuple[str, ...]  # years whose figure changes source or definition from the year before

    @property
    def series_break(self) -> bool:
        return bool(self.breaks)

    @property
    def change(self) -> float:
        return self.to_value - self.from_value

    @property
    def pct(self) -> float:
        return self.change / self.from_value * 100 if self.from_value else math.nan


def _values(store: Store, spec: MeasureSpec) -> pd.DataFrame:
    return measure(store, spec).frame.dropna(subset=[S.VALUE])


def _change(frame: pd.DataFrame, area: str, first: str, last: str) -> Change | None:
    own = frame[frame[S.AREA_CODE] == area].set_index(S.PERIOD)
    if first not in own.index or last not in own.index or first == last:
        return None
    between = own[(own.index > first) & (own.index <= last)]
    breaks = tuple(str(p) for p in between.index[between["break_before"].astype(bool)])
    return Change(first, last, float(own.at[first, S.VALUE]), float(own.at[last, S.VALUE]), breaks)


def group_phrase(store: Store, area_code: str, group: str, n: int, total: int) -> str:
    """ "its 15 nearest neighbours", or "the 12 of its 15 nearest neighbours with figures for both years"."""
    area = store.catalogue.area(area_code)
    base = {
        NEAREST: "nearest neighbours",
        SAME_TYPE: "other councils of the same type",
        SAME_REGION: f"other councils in {area['region']}",
        ENGLAND: "other English councils",
    }.get(group, GROUPS.get(group, "comparators").lower())
    if n == total:
        return f"its {n} {base}" if group == NEAREST else f"the {n} {base}"
    return (
        f"the {n} of its {total} {base} with figures for both years"
        if group == NEAREST
        else f"the {n} of {total} {base} with figures for both years"
    )


def _count_of(k: int, n: int, phrase: str) -> str:
    """ "12 of its 15 nearest neighbours"; "all of its 15 ..."; "none of its 15 ..."."""
    if k == n:
        return f"all of {phrase}" if n > 1 else phrase.replace("its 1 ", "its ").replace("the 1 ", "the ")
    if k == 0:
        return f"none of {phrase}"
    return f"{k} of {phrase}"


def population_sentence(
    store: Store, area_code: str, *, since: str, to: str | None = None, group: str = NEAREST
) -> str:
    name = store.catalogue.area_name(area_code)
    comp = comparators(store, area_code, group, metric_id="population") if group != NONE else []
    frame = _values(store, MeasureSpec(metric_id="population", area_codes=(area_code, *comp)))
    own = frame[frame[S.AREA_CODE] == area_code]
    if own.empty:
        return ""
    last = to or own[S.PERIOD].max()
    first = since if since in set(own[S.PERIOD]) else own[S.PERIOD].min()
    change = _change(frame, area_code, first, last)
    if change is None:
        return ""
    verb = "grew" if change.change > 0 else "fell" if change.change < 0 else "did not change"
    text = f"{name}'s population {verb}"
    if change.change:
        text += f" by {format_count(change.change)} ({format_pct(change.pct)})"
    text += f" between {mid_year(first)} and {mid_year(last)}"
    others = [c for c in (_change(frame, code, first, last) for code in comp) if c is not None]
    if others and change.change:
        phrase = group_phrase(store, area_code, group, len(others), len(comp))
        if change.change > 0:
            k = sum(1 for o in others if o.pct < change.pct)
            text += f", faster than {_count_of(k, len(others), phrase)}"
        else:
            k = sum(1 for o in others if o.pct > change.pct)
            text += f", a larger fall than {_count_of(k, len(others), phrase)}"
    text += "."
    if change.series_break:
        text += (
            f" The estimates change basis from {mid_year(change.breaks[0])} (a later Census), so part of the "
            f"change between {mid_year(first)} and {mid_year(last)} may reflect revisions rather than growth."
        )
    return text


def spending_power_sentence(store: Store, area_code: str, *, since: str, group: str = NEAREST) -> str:
    name = store.catalogue.area_name(area_code)
    comp = comparators(store, area_code, group, metric_id="core_spending_power") if group != NONE else []
    spec = MeasureSpec(metric_id="core_spending_power", area_codes=(area_code, *comp), prices=REAL, per_head=True)
    result = measure(store, spec)
    frame = result.frame.dropna(subset=[S.VALUE])
    own = frame[frame[S.AREA_CODE] == area_code]
    if own.empty:
        return ""
    first = since if since in set(own[S.PERIOD]) else own[S.PERIOD].min()
    last = own[S.PERIOD].max()
    change = _change(frame, area_code, first, last)
    if change is None:
        return ""
    unit = result.unit_label
    verb = "rose" if change.change > 0 else "fell" if change.change < 0 else "did not change"
    text = (
        f"In real terms ({result.base_year} prices), {name}'s core spending power per head {verb} from "
        f"{format_value(change.from_value, unit)} in {first} to {format_value(change.to_value, unit)} in {last}"
    )
    if change.change:
        text += f", {'an increase' if change.change > 0 else 'a fall'} of {format_pct(change.pct)}"
    others = [c.pct for c in (_change(frame, code, first, last) for code in comp) if c is not None]
    if others:
        median = float(pd.Series(others).median())
        direction = "an increase" if median > 0 else "a fall" if median < 0 else "no change"
        amount = f" of {format_pct(median)}" if median else ""
        text += (
            f"; the median change for {group_phrase(store, area_code, group, len(others), len(comp))} "
            f"was {direction}{amount}"
        )
    text += "."
    if change.series_break:
        text += (
            f" Spending power changes definition from {change.breaks[0]} (Revenue Spending Power before it, "
            f"Core Spending Power from it), so the change is indicative."
        )
    return text


def _latest_against_median(store: Store, area_code: str, metric_id: str, group: str) -> tuple | None:
    comp = comparators(store, area_code, group, metric_id=metric_id) if group != NONE else []
    frame = _values(store, MeasureSpec(metric_id=metric_id, area_codes=(area_code, *comp)))
    own = frame[frame[S.AREA_CODE] == area_code]
    if own.empty:
        return None
    last = own.sort_values(S.PERIOD).iloc[-1]
    others = frame[(frame[S.AREA_CODE] != area_code) & (frame[S.PERIOD] == last[S.PERIOD])][S.VALUE]
    median = float(others.median()) if len(others) else math.nan
    return str(last[S.PERIOD]), float(last[S.VALUE]), str(last[S.STATUS]), median, len(others), len(comp)


def reserves_sentence(store: Store, area_code: str, *, group: str = NEAREST) -> str:
    found = _latest_against_median(store, area_code, "reserves_pct_nre", group)
    if found is None:
        return ""
    period, value, status, median, n, total = found
    text = (
        f"At {year_end(period)}, non-ringfenced reserves were {format_pct(value)} of net revenue expenditure "
        f"for {period}"
    )
    if status:
        text += f" ({status} figures)"
    if n:
        text += f", against a median of {format_pct(median)} for {_latest_phrase(store, area_code, group, n, total)}"
    return text + "."


def debt_sentence(store: Store, area_code: str, *, group: str = NEAREST) -> str:
    found = _latest_against_median(store, area_code, "debt_pct_csp", group)
    if found is None:
        return ""
    period, value, _status, median, n, total = found
    text = f"At {year_end(period)}, total debt was {format_pct(value)} of core spending power for {period}"
    if n:
        text += f", against a median of {format_pct(median)} for {_latest_phrase(store, area_code, group, n, total)}"
    return text + "."


def _latest_phrase(store: Store, area_code: str, group: str, n: int, total: int) -> str:
    return group_phrase(store, area_code, group, n, total).replace("for both years", "for that year")


def council_tax_sentence(store: Store, area_code: str, *, since: str) -> str:
    name = store.catalogue.area_name(area_code)
    frame = _values(store, MeasureSpec(metric_id="band_d_council_tax", area_codes=(area_code,)))
    if frame.empty:
        return ""
    first = since if since in set(frame[S.PERIOD]) else frame[S.PERIOD].min()
    last = frame[S.PERIOD].max()
    value = float(frame.set_index(S.PERIOD).at[last, S.VALUE])
    text = f"{name}'s own Band D council tax was £{value:,.2f} in {last}"
    change = _change(frame, area_code, first, last)
    if change is not None and change.change:
        word = "up" if change.change > 0 else "down"
        text += f", {word} {format_pct(change.pct)} on {first} (cash, before inflation)"
    return text + "."


def paragraph(store: Store, area_code: str, *, since: str = DEFAULT_BASE_YEAR, group: str = NEAREST) -> tuple[str, ...]:
    """The profile's sentences, in order; empty ones (no data) are left out."""
    sentences = (
        population_sentence(store, area_code, since=since, group=group),
        spending_power_sentence(store, area_code, since=since, group=group),
        reserves_sentence(store, area_code, group=group),
        debt_sentence(store, area_code, group=group),
        council_tax_sentence(store, area_code, since=since),
    )
    return tuple(s for s in sentences if s)
