"""Small result objects the pages render: everything a chart, its table and its text alternative need."""
from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from kpi.core import schema as S
from kpi.core.formatting import format_value
from kpi.views.citations import ExportText, export_text, source_note
from kpi.calc.comparators import GROUPS, NONE, band, comparators
from kpi.calc.measures import CASH, REAL, REASON, MeasureResult, MeasureSpec, change_since, measure
from kpi.data.store import COUNCIL, OFFICIAL, Store


@dataclass(frozen=True)
class TrendRequest:
    area_code: str
    metric_id: str
    prices: str = CASH
    base_year: str | None = None
    per_head: bool = False
    index_to: str | None = None
    comparator_group: str = NONE
    also: tuple[str, ...] = ()        # other named councils drawn as their own lines


@dataclass(frozen=True)
class TrendView:
    request: TrendRequest
    title: str
    subtitle: str
    source_note: str
    unit_label: str
    periods: tuple[str, ...]
    lines: tuple[tuple[str, str, pd.DataFrame], ...]   # (area_code, name, frame)
    band: pd.DataFrame | None
    band_label: str
    comparator_codes: tuple[str, ...]
    table: pd.DataFrame
    summary: str
    caveats: str
    sources: tuple[str, ...]
    applicable: bool = True       # False where the measure does not apply to the council's type
    display: pd.DataFrame | None = None   # `table` formatted for reading (the download keeps the numbers)
    # Council-supplied series of the named councils, drawn as their own lines beside the official ones.
    council_lines: tuple[tuple[str, str, pd.DataFrame], ...] = ()
    export: ExportText | None = None      # what its downloads carry


def _fmt(value: float, unit_label: str) -> str:
    return format_value(value, unit_label)


def measure_title(metric_title: str, spec: MeasureSpec) -> str:
    """"Core spending power per head in real terms", "Population indexed to 2010-11"."""
    parts = [metric_title]
    if spec.per_head:
        parts.append("per head")
    if spec.prices == REAL:
        parts.append("in real terms")
    if spec.index_to:
        parts.append(f"indexed to {spec.index_to}")
    return " ".join(parts)


def _title(metric_title: str, result: MeasureResult, area_name: str) -> str:
    return f"{measure_title(metric_title, result.spec)}: {area_name}"


def trend_view(store: Store, req: TrendRequest) -> TrendView:
    cat = store.catalogue
    metric = cat.metric(req.metric_id)
    comp_codes = tuple(comparators(store, req.area_code, req.comparator_group, metric_id=req.metric_id))
    named = tuple(dict.fromkeys([req.area_code, *[c for c in req.also if c != req.area_code]]))
    codes = tuple(dict.fromkeys([*named, *comp_codes]))
    spec = MeasureSpec(metric_id=req.metric_id, area_codes=codes, prices=req.prices, base_year=req.base_year,
                       per_head=req.per_head, index_to=req.index_to, supplied=OFFICIAL)
    result = measure(store, spec)
    frame = result.frame
    named_frame = frame[frame[S.AREA_CODE].isin(named)]
    comp_frame = frame[frame[S.AREA_CODE].isin(comp_codes)]
    council = measure(store, replace(spec, area_codes=named, supplied=COUNCIL)).frame
    council_frame = council.dropna(subset=[S.VALUE])
    periods = tuple(sorted(set(named_frame.dropna(subset=[S.VALUE])[S.PERIOD]) | set(council_frame[S.PERIOD])))
    if not periods:
        periods = tuple(sorted(frame[S.PERIOD].unique()))
    band_frame = band(comp_frame[comp_frame[S.PERIOD].isin(periods)]) if comp_codes else None
    band_label = GROUPS.get(req.comparator_group, "") if comp_codes else ""
    lines = tuple((c, cat.area_name(c), named_frame[named_frame[S.AREA_CODE] == c]) for c in named)
    council_lines = tuple((c, f"{cat.area_name(c)} {COUNCIL_LABEL}", council[council[S.AREA_CODE] == c])
                          for c in named if (council_frame[S.AREA_CODE] == c).any())

    area_name = cat.area_name(req.area_code)
    title = _title(metric.title, result, area_name)
    sub = [result.unit_label]
    if comp_codes and band_frame is not None and not band_frame.empty:
        sub.append(f"grey band: middle half of {len(comp_codes)} comparators ({band_label}), dotted line: their median")
    subtitle = "; ".join(sub)
    used = sorted(named_frame[S.SOURCE_ID].unique().tolist()) + sorted(council_frame[S.SOURCE_ID].unique().tolist())
    if req.per_head:
        used += sorted(store.series("population", list(named))[S.SOURCE_ID].unique().tolist())
    if req.prices == REAL:
        used.append("ons_gdp_deflator_ybgb")
    note = source_note(store, used)

    if council_lines:
        subtitle += "; council-supplied figures: dashed line with diamond markers"
        note += " " + "; ".join(dict.fromkeys(store.provenance(s) for s in council_frame[S.SOURCE_ID])) + "."
    both = pd.concat([named_frame, council_frame.assign(area_name=council_frame["area_name"] + " " + COUNCIL_LABEL)],
                     ignore_index=True)
    table = both[["area_name", S.PERIOD, S.VALUE, S.STATUS, S.SOURCE_ID, REASON]].copy()
    if band_frame is not None and not band_frame.empty:
        table = table.merge(band_frame.rename(columns={"median": "comparator_median", "q1": "comparator_q1",
                                                       "q3": "comparator_q3", "n": "comparators"}),
                            on=S.PERIOD, how="left")
    summary = trend_summary(store, req, result, band_frame)
    if council_lines:
        if summary.startswith("No data for"):
            summary = f"No official figures for {area_name} on this measure."
        summary += " " + council_summary(store, req, council_frame)
    return TrendView(request=req, title=title, subtitle=subtitle, source_note=note, unit_label=result.unit_label,
                     periods=periods, lines=lines, band=band_frame, band_label=band_label,
                     comparator_codes=comp_codes, table=table.reset_index(drop=True), summary=summary,
                     caveats=metric.caveats, sources=tuple(dict.fromkeys(used)),
                     applicable=metric.applies(cat.area_type(req.area_code)),
                     display=display_table(table.reset_index(drop=True), result.unit_label),
                     council_lines=council_lines,
                     export=export_text(store, title=title, subtitle=subtitle, sources=used, note=note))


TABLE_NAMES = {"area_name": "Council", S.PERIOD: "Year", S.VALUE: "Value", S.STATUS: "Status",
               S.SOURCE_ID: "Source", REASON: "Why missing", "comparator_median": "Comparator median",
               "comparator_q1": "Comparator lower quartile", "comparator_q3": "Comparator upper quartile",
               "comparators": "Comparators with data"}


def display_table(table: pd.DataFrame, unit_label: str) -> pd.DataFrame:
    """The chart's data as a person reads it: formatted values, plain column names."""
    shown = table.copy()
    for col in ("value", "comparator_median", "comparator_q1", "comparator_q3"):
        if col in shown:
            shown[col] = shown[col].map(lambda v: format_value(v, unit_label))
    return shown.rename(columns=TABLE_NAMES)


COUNCIL_LABEL = "(council-supplied)"


def council_summary(store: Store, req: TrendRequest, council_frame: pd.DataFrame) -> str:
    """One sentence on the council-supplied series of the chosen council."""
    own = council_frame[council_frame[S.AREA_CODE] == req.area_code].sort_values(S.PERIOD)
    if own.empty:
        return ""
    unit = str(own[S.UNIT].iloc[0])
    first, last = own.iloc[0], own.iloc[-1]
    text = (f"Council-supplied figures: {_fmt(first[S.VALUE], unit)} in {first[S.PERIOD]}")
    if first[S.PERIOD] != last[S.PERIOD]:
        text += f" and {_fmt(last[S.VALUE], unit)} in {last[S.PERIOD]}"
        change = change_since(own, first[S.PERIOD], last[S.PERIOD]).iloc[0]
        if pd.notna(change["pct_change"]) and change["change"]:
            text += f" ({'up' if change['change'] > 0 else 'down'} {abs(change['pct_change']):.1f}%)"
    return text + "."


def trend_summary(store: Store, req: TrendRequest, result: MeasureResult, band_frame: pd.DataFrame | None) -> str:
    """One plain sentence: first and latest values, the change, and where the comparator median ended."""
    name = store.catalogue.area_name(req.area_code)
    own = result.frame[(result.frame[S.AREA_CODE] == req.area_code)].dropna(subset=[S.VALUE])
    if own.empty:
        reasons = result.frame.loc[result.frame[S.AREA_CODE] == req.area_code, REASON]
        why = f" ({reasons.iloc[0]})" if len(reasons) and reasons.iloc[0] else ""
        metric = store.catalogue.metric(req.metric_id)
        if not metric.applies(store.catalogue.area_type(req.area_code)):
            return f"{metric.title} does not apply to {name}: councils of its type do not provide this service."
        return f"No data for {name} on this measure{why}."
    first, last = own.iloc[0], own.iloc[-1]
    text = (f"{name}: {_fmt(first[S.VALUE], result.unit_label)} in {first[S.PERIOD]} and "
            f"{_fmt(last[S.VALUE], result.unit_label)} in {last[S.PERIOD]}")
    if first[S.PERIOD] != last[S.PERIOD]:
        change = change_since(own, first[S.PERIOD], last[S.PERIOD]).iloc[0]
        if pd.notna(change["pct_change"]):
            direction = "up" if change["change"] > 0 else "down" if change["change"] < 0 else "unchanged"
            text += f" ({direction} {abs(change['pct_change']):.1f}%)" if direction != "unchanged" else " (unchanged)"
        if own["break_before"].any():
            text += "; the series changes source or definition in between, so read the change with care"
    text += "."
    if band_frame is not None and not band_frame.empty:
        at = band_frame[band_frame[S.PERIOD] == last[S.PERIOD]]
        if not at.empty:
            text += (f" The median of its {int(at['n'].iloc[0])} comparators with data in {last[S.PERIOD]} was "
                     f"{_fmt(at['median'].iloc[0], result.unit_label)}.")
    return text
