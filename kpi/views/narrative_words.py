"""The narrative's vocabulary: years as people say them, changes between two years, comparator groups in words,
and what a series break or a council-supplied figure means for a sentence."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from kpi.calc.comparators import (
    CUSTOM,
    ENGLAND,
    GROUPS,
    NEAREST,
    SAME_REGION,
    SAME_TYPE,
    ComparatorGroup,
    effective_group,
)
from kpi.calc.measures import MeasureSpec, measure
from kpi.core import schema as S
from kpi.core.functions import CLASS_PLURALS
from kpi.core.periods import FinancialYear
from kpi.core.provenance import COUNCIL_LABEL, is_upload_source
from kpi.model.store import Store

SPENDING_POWER_SOURCES = ("mhclg_revenue_spending_power", "mhclg_core_spending_power")


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
    from_source: str = ""
    to_source: str = ""
    break_sources: tuple[tuple[str, str], ...] = ()  # (source before, source from) at each break

    @property
    def series_break(self) -> bool:
        return bool(self.breaks)

    @property
    def change(self) -> float:
        return self.to_value - self.from_value

    @property
    def pct(self) -> float:
        return self.change / self.from_value * 100 if self.from_value else math.nan


def values(store: Store, spec: MeasureSpec) -> pd.DataFrame:
    return S.with_values(measure(store, spec).frame)


def change_of(rows, first: str, last: str) -> Change | None:
    """The change between two years of one council's figures (kpi.views.council_figures: period, value, source,
    status, break_before, by year); None unless both years have a figure."""
    by_year = {r[0]: r for r in rows}
    if first not in by_year or last not in by_year or first == last:
        return None
    span = [r for r in rows if first <= r[0] <= last]
    at = [i for i in range(1, len(span)) if span[i][4]]
    start, end = by_year[first], by_year[last]
    return Change(
        first,
        last,
        float(start[1]),
        float(end[1]),
        tuple(span[i][0] for i in at),
        str(start[2]),
        str(end[2]),
        tuple((str(span[i - 1][2]), str(span[i][2])) for i in at),
    )


def changes_between(frame: pd.DataFrame, first: str, last: str) -> pd.DataFrame:
    """Every council in `frame` (values: one row per council and year) with figures for both years, in one pass:
    from_value, to_value, change and pct by council code, each as change_of gives it for that council."""
    if first == last:
        return pd.DataFrame(columns=["from_value", "to_value", "change", "pct"], index=pd.Index([]), dtype=float)
    ends = {
        name: frame.loc[frame[S.PERIOD] == year].set_index(S.AREA_CODE)[S.VALUE].astype(float)
        for name, year in (("from_value", first), ("to_value", last))
    }
    table = pd.concat(ends, axis=1, join="inner")
    table["change"] = table["to_value"] - table["from_value"]
    table["pct"] = (table["change"] / table["from_value"] * 100).where(table["from_value"] != 0)
    return table


def years_up_to(periods, since: str, to: str) -> tuple[str, str] | None:
    """(first, last) of the years with figures: the base year (or the first year with figures) and the end year (or
    the latest before it)."""
    periods = sorted(p for p in set(periods) if not to or p <= to)
    if not periods:
        return None
    return (since if since in periods else periods[0]), periods[-1]


def supplied(source_id: str) -> str:
    """ " (council-supplied)" after a figure a council uploaded, so the label travels with it."""
    return f" {COUNCIL_LABEL}" if is_upload_source(source_id) else ""


def council_supplied_note(change: Change, *, name: str, say) -> str:
    """What a change that starts or ends on a council-supplied figure compares, in words."""
    years = [say(p) for p, s in ((change.from_period, change.from_source), (change.to_period, change.to_source))]
    mine = [y for y, s in zip(years, (change.from_source, change.to_source)) if is_upload_source(s)]
    if not mine:
        return ""
    which = " and ".join(mine)
    figures = "figures are" if len(mine) > 1 else "figure is"
    mixed = len(mine) == 1
    text = f" The {which} {figures} council-supplied ({name}'s own, not an official statistic)"
    return text + (", so the change compares it with an official figure." if mixed else ".")


def official_breaks(change: Change) -> list[tuple[str, str, str]]:
    """The breaks between two official sources (a change of vintage or definition): (year, before, from)."""
    return [
        (year, before, after)
        for year, (before, after) in zip(change.breaks, change.break_sources)
        if not is_upload_source(before) and not is_upload_source(after)
    ]


def is_spending_power_redefinition(before: str, after: str) -> bool:
    return (before, after) == SPENDING_POWER_SOURCES


def group_phrase(store: Store, area_code: str, group: str | ComparatorGroup, n: int, total: int) -> str:
    """ "its 15 nearest neighbours", or "the 12 of its 15 nearest neighbours with figures for both years"."""
    group = effective_group(store, area_code, group)  # a council the ONS model has no row for: same type
    area = store.catalogue.area(area_code)
    who = CLASS_PLURALS.get(store.catalogue.area_class(area_code), "councils").split(" (")[0]
    base = {
        NEAREST: "nearest neighbours",
        SAME_TYPE: "other councils of the same type",
        SAME_REGION: f"other {who} in {area['region']}",
        ENGLAND: f"other {who} in England",
        CUSTOM: f"councils in the custom group {group.title}",
    }.get(group.kind, GROUPS.get(group.kind, "comparators").lower())
    own = group.kind == NEAREST
    if n == total:
        return f"its {n} {base}" if own else f"the {n} {base}"
    return (
        f"the {n} of its {total} {base} with figures for both years"
        if own
        else (f"the {n} of {total} {base} with figures for both years")
    )


def count_of(k: int, n: int, phrase: str) -> str:
    """ "12 of its 15 nearest neighbours"; "all of its 15 ..."; "none of its 15 ..."."""
    if k == n:
        return f"all of {phrase}" if n > 1 else phrase.replace("its 1 ", "its ").replace("the 1 ", "the ")
    if k == 0:
        return f"none of {phrase}"
    return f"{k} of {phrase}"
