"""A plain-English paragraph about a council, generated from the data by fixed templates.

Rules the templates keep: every sentence names both its years (population in mid-years, stocks at 31 March, flows
as financial years), from a base year to an end year (the latest with figures unless one is asked for); figures
are computed from unrounded values and rounded half up only for display; a comparison with comparators counts only
those with figures for the same years and says how many; a change across a series break says what changed (a new
Census basis, a new definition of spending power, or official figures meeting a council's own); a figure a council
uploaded is labelled council-supplied; per-head and real-terms figures name the population and prices they use;
nothing is said where the data are missing.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd

from kpi.calc.comparators import NEAREST, NONE, ComparatorGroup, comparators
from kpi.calc.measures import REAL, MeasureSpec
from kpi.core.defaults import DEFAULT_BASE_YEAR
from kpi.core.formatting import format_count, format_pct, format_value
from kpi.model.store import MemoKey
from kpi.views.council_figures import council_figures, values_at
from kpi.views.narrative_words import (
    Change,
    change_of,
    changes_between,
    council_supplied_note,
    count_of,
    group_phrase,
    is_spending_power_redefinition,
    mid_year,
    official_breaks,
    supplied,
    values,
    year_end,
    years_up_to,
)

__all__ = ["Change", "NOTE", "group_phrase", "mid_year", "paragraph", "year_end"]

# Under the paragraph wherever it is shown (the Council profile, the pack).
NOTE = (
    "Generated from the figures by fixed rules; each sentence names both its years. Population estimates are for "
    "mid-year (mid-2010 is shown as 2010-11); reserves and debt are at 31 March."
)


def _comparators(store, area_code: str, group, metric_id: str) -> list[str]:
    return [] if ComparatorGroup.of(group).kind == NONE else comparators(store, area_code, group, metric_id=metric_id)


def _comparator_changes(store, spec: MeasureSpec, comp: list[str], first: str, last: str) -> list[float]:
    """The % changes of the comparators with figures for both years (in the group's order), from one table of every
    council's changes between the two years, worked out once per store (Store.memo)."""
    every = replace(spec, area_codes=())

    def build() -> dict[str, float]:
        everyone = values(store, replace(every, area_codes=tuple(store.catalogue.areas.index)))
        return changes_between(everyone, first, last)["pct"].to_dict()

    pct = store.memo(MemoKey.changes(every, first, last), build)
    return [pct[c] for c in comp if c in pct]


def population_sentence(store, area_code: str, *, since: str, to: str | None = None, group=NEAREST) -> str:
    name = store.catalogue.area_name(area_code)
    comp = _comparators(store, area_code, group, "population")
    spec = MeasureSpec(metric_id="population", area_codes=(area_code,))
    rows, _, _ = council_figures(store, spec)
    years = years_up_to([r[0] for r in rows], since, to or "")
    change = change_of(rows, *years) if years else None
    if change is None:
        return ""
    first, last = years
    verb = "grew" if change.change > 0 else "fell" if change.change < 0 else "did not change"
    text = f"{name}'s population {verb}"
    if change.change:
        text += f" by {format_count(change.change)} ({format_pct(change.pct)})"
    text += f" between {mid_year(first)}{supplied(change.from_source)} and {mid_year(last)}{supplied(change.to_source)}"
    others = _comparator_changes(store, spec, comp, first, last)
    if others and change.change:
        phrase = group_phrase(store, area_code, group, len(others), len(comp))
        if change.change > 0:
            k = sum(1 for pct in others if pct < change.pct)
            text += f", faster than {count_of(k, len(others), phrase)}"
        else:
            k = sum(1 for pct in others if pct > change.pct)
            text += f", a larger fall than {count_of(k, len(others), phrase)}"
    text += "."
    if vintage := official_breaks(change):
        text += (
            f" The estimates change basis from {mid_year(vintage[0][0])} (a later Census), so part of the "
            f"change between {mid_year(first)} and {mid_year(last)} may reflect revisions rather than growth."
        )
    return text + council_supplied_note(change, name=name, say=mid_year)


def _spending_power_break(change: Change, name: str) -> str:
    text = ""
    for year, before, after in official_breaks(change):
        if is_spending_power_redefinition(before, after):
            text += (
                f" Spending power changes definition from {year} (Revenue Spending Power before it, "
                f"Core Spending Power from it), so the change is indicative."
            )
        else:
            text += f" The source of the figures changes from {year}, so the change is indicative."
    return text + council_supplied_note(change, name=name, say=str)


def spending_power_sentence(store, area_code: str, *, since: str, to: str | None = None, group=NEAREST) -> str:
    name = store.catalogue.area_name(area_code)
    comp = _comparators(store, area_code, group, "core_spending_power")
    spec = MeasureSpec(metric_id="core_spending_power", area_codes=(area_code,), prices=REAL, per_head=True)
    rows, unit, base_year = council_figures(store, spec)
    years = years_up_to([r[0] for r in rows], since, to or "")
    change = change_of(rows, *years) if years else None
    if change is None:
        return ""
    first, last = years
    verb = "rose" if change.change > 0 else "fell" if change.change < 0 else "did not change"
    text = (
        f"In real terms ({base_year} prices, ONS GDP deflator), {name}'s core spending power per head "
        f"(divided by the {mid_year(first)} and {mid_year(last)} population estimates) {verb} from "
        f"{format_value(change.from_value, unit)}{supplied(change.from_source)} in {first} to "
        f"{format_value(change.to_value, unit)}{supplied(change.to_source)} in {last}"
    )
    if change.change:
        text += f", {'an increase' if change.change > 0 else 'a fall'} of {format_pct(change.pct)}"
    others = _comparator_changes(store, spec, comp, first, last)
    if others:
        median = float(pd.Series(others).median())
        direction = "an increase" if median > 0 else "a fall" if median < 0 else "no change"
        amount = f" of {format_pct(median)}" if median else ""
        text += (
            f"; the median change for {group_phrase(store, area_code, group, len(others), len(comp))} "
            f"was {direction}{amount}"
        )
    return text + "." + _spending_power_break(change, name)


def _latest_against_median(store, area_code: str, metric_id: str, group, to: str) -> tuple | None:
    comp = _comparators(store, area_code, group, metric_id)
    spec = MeasureSpec(metric_id=metric_id, area_codes=(area_code,), last=to or None)
    own, _, _ = council_figures(store, spec)
    if not own:
        return None
    period, value, source, status, _ = own[-1]
    others = values_at(store, spec, [c for c in comp if c != area_code], period)
    median = float(pd.Series(others).median()) if others else math.nan
    return period, float(value), str(status), supplied(str(source)), median, len(others), len(comp)


def reserves_sentence(store, area_code: str, *, to: str | None = None, group=NEAREST) -> str:
    found = _latest_against_median(store, area_code, "reserves_pct_nre", group, to or "")
    if found is None:
        return ""
    period, value, status, label, median, n, total = found
    text = (
        f"At {year_end(period)}, non-ringfenced reserves were {format_pct(value)}{label} of net revenue "
        f"expenditure for {period}"
    )
    if status:
        text += f" ({status} figures)"
    if n:
        text += f", against a median of {format_pct(median)} for {_latest_phrase(store, area_code, group, n, total)}"
    return text + "."


def debt_sentence(store, area_code: str, *, to: str | None = None, group=NEAREST) -> str:
    found = _latest_against_median(store, area_code, "debt_pct_csp", group, to or "")
    if found is None:
        return ""
    period, value, _status, label, median, n, total = found
    text = f"At {year_end(period)}, total debt was {format_pct(value)}{label} of core spending power for {period}"
    if n:
        text += f", against a median of {format_pct(median)} for {_latest_phrase(store, area_code, group, n, total)}"
    return text + "."


def _latest_phrase(store, area_code: str, group, n: int, total: int) -> str:
    return group_phrase(store, area_code, group, n, total).replace("for both years", "for that year")


def council_tax_sentence(store, area_code: str, *, since: str, to: str | None = None) -> str:
    name = store.catalogue.area_name(area_code)
    rows, _, _ = council_figures(store, MeasureSpec(metric_id="band_d_council_tax", area_codes=(area_code,)))
    years = years_up_to([r[0] for r in rows], since, to or "")
    if years is None:
        return ""
    first, last = years
    _, value, source, _, _ = next(r for r in rows if r[0] == last)
    text = f"{name}'s own Band D council tax was £{float(value):,.2f}{supplied(str(source))} in {last}"
    change = change_of(rows, first, last)
    if change is not None and change.change:
        word = "up" if change.change > 0 else "down"
        text += f", {word} {format_pct(change.pct)} on {first}{supplied(change.from_source)} (cash, before inflation)"
    return text + "."


def paragraph(store, area_code: str, *, since: str = DEFAULT_BASE_YEAR, to: str = "", group=NEAREST) -> tuple[str, ...]:
    """The profile's sentences, in order, from `since` to `to` ("" = the latest year with figures); empty ones
    (no data) are left out. The command line prints the same sentences."""
    since = since or DEFAULT_BASE_YEAR
    to = to if to and to > since else ""
    sentences = (
        population_sentence(store, area_code, since=since, to=to, group=group),
        spending_power_sentence(store, area_code, since=since, to=to, group=group),
        reserves_sentence(store, area_code, to=to, group=group),
        debt_sentence(store, area_code, to=to, group=group),
        council_tax_sentence(store, area_code, since=since, to=to),
    )
    return tuple(s for s in sentences if s)
