"""The one-line summaries under a trend chart: first and latest figures, the change, the comparators' median."""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from kpi.calc.measures import REASON, MeasureResult, change_between
from kpi.core import schema as S
from kpi.core.formatting import format_value
from kpi.core.periods import period_range
from kpi.model.store import Store


def council_summary(store: Store, req, council_frame: pd.DataFrame) -> str:
    """One sentence on the council-supplied series of the chosen council."""
    own = council_frame[council_frame[S.AREA_CODE] == req.area_code].sort_values(S.PERIOD)
    if own.empty:
        return ""
    unit = str(own[S.UNIT].iloc[0])
    first, last = own.iloc[0], own.iloc[-1]
    text = f"Council-supplied figures: {format_value(first[S.VALUE], unit)} in {first[S.PERIOD]}"
    if first[S.PERIOD] != last[S.PERIOD]:
        text += f" and {format_value(last[S.VALUE], unit)} in {last[S.PERIOD]}"
        change, pct = change_between(float(first[S.VALUE]), float(last[S.VALUE]))
        if pd.notna(pct) and change:
            text += f" ({'up' if change > 0 else 'down'} {abs(pct):.1f}%)"
    return text + "."


class Summary(NamedTuple):
    """A trend's one-line summary, and whether the council has a figure in it (False: the summary says the
    measure does not apply to the council, or that there is no data for it)."""

    text: str
    has_data: bool


def trend_summary(
    store: Store, req, result: MeasureResult, band_frame: pd.DataFrame | None, *, own: pd.DataFrame | None = None
) -> Summary:
    """One plain sentence: first and latest values, the change, and where the comparator median ended. `own`, when
    given, is the council's rows of `result.frame` already picked out."""
    name = store.catalogue.area_name(req.area_code)
    if own is None:
        own = result.frame[result.frame[S.AREA_CODE] == req.area_code]
    own = S.with_values(own)
    if own.empty:
        reasons = result.frame.loc[result.frame[S.AREA_CODE] == req.area_code, REASON]
        why = f" ({reasons.iloc[0]})" if len(reasons) and reasons.iloc[0] else ""
        metric = store.catalogue.metric(req.metric_id)
        if not metric.applies(store.catalogue.area_type(req.area_code)):
            return Summary(
                f"{metric.title} does not apply to {name}: councils of its type do not provide this service.", False
            )
        return Summary(f"No data for {name} on this measure{why}.", False)
    periods, values = own[S.PERIOD].tolist(), own[S.VALUE].tolist()  # the few rows as lists, not a Series a row
    text = (
        f"{name}: {format_value(values[0], result.unit_label)} in {periods[0]} and "
        f"{format_value(values[-1], result.unit_label)} in {periods[-1]}"
    )
    if periods[0] != periods[-1]:
        change, pct = change_between(float(values[0]), float(values[-1]))
        if pd.notna(pct):
            direction = "up" if change > 0 else "down" if change < 0 else "unchanged"
            text += f" ({direction} {abs(pct):.1f}%)" if direction != "unchanged" else " (unchanged)"
        if own["break_before"].any():
            text += "; the series changes source or definition in between, so read the change with care"
    text += "."
    years = band_frame[S.PERIOD].tolist() if band_frame is not None else []
    if periods[-1] in years:
        at = years.index(periods[-1])
        text += (
            f" The median of its {int(band_frame['n'].iloc[at])} comparators with data in {periods[-1]} was "
            f"{format_value(band_frame['median'].iloc[at], result.unit_label)}."
        )
    return Summary(text, True)


def chart_summary(
    store: Store, req, result: MeasureResult, band_frame, supplied: pd.DataFrame | None, *, own=None
) -> Summary:
    """The trend's one-line summary (trend_summary); where the chart draws council-supplied lines (`supplied`:
    their figures), missing official figures are said as such, the chosen council's own are summarised, and the
    chart counts as having data."""
    summary = trend_summary(store, req, result, band_frame, own=own)
    if supplied is None:
        return summary
    text = summary.text
    metric = store.catalogue.metric(req.metric_id)
    if not summary.has_data and metric.applies(store.catalogue.area_type(req.area_code)):
        text = f"No official figures for {store.catalogue.area_name(req.area_code)} on this measure."
    return Summary(f"{text} {council_summary(store, req, supplied)}".strip(), True)


def gap_years(periods: list[str] | tuple[str, ...], have: set[str]) -> list[tuple[str, str]]:
    """Runs of years inside `periods` without a figure, as (first, last) pairs."""
    runs: list[tuple[str, str]] = []
    start = prev = None
    for period in periods:
        if period in have:
            if start is not None:
                runs.append((start, prev))
            start = None
        else:
            start = start or period
        prev = period
    if start is not None:
        runs.append((start, prev))
    return runs


def gap_notes(store: Store, metric_id: str, area_name: str, frame: pd.DataFrame) -> tuple[str, ...]:
    """ "No figures for 2018-19 to 2022-23 (not in the bundled snapshot): the line is broken there." for each run of
    years without a figure inside the council's series; never bridged by a line."""
    have = set(S.with_values(frame)[S.PERIOD])
    if len(have) < 2:
        return ()
    anywhere = set(store.periods(metric_id))
    notes = []
    for first, last in gap_years(period_range(min(have), max(have)), have):
        years = first if first == last else f"{first} to {last}"
        missing = set(period_range(first, last))
        why = "not in the bundled snapshot" if not missing & anywhere else f"none in the data for {area_name}"
        notes.append(f"No figures for {years} ({why}): the line is broken there, not joined.")
    return tuple(notes)
