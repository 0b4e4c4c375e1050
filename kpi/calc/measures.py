"""The measures councils quote: per head, real terms, index to a base year, change since a base year.

Every function returns values with a `reason` column: where an input is missing, the value is missing and the
reason says which input, never a wrong number.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpi.calc.toggles import CASH, REAL, Toggles
from kpi.core import schema as S
from kpi.core.catalogue import UNIT_NAMES
from kpi.core.periods import FinancialYear
from kpi.model.series import area_spans, rows_of, sliceable
from kpi.model.store import BEST, MemoKey, Store

REASON = "reason"


class MeasureError(ValueError):
    """A measure that cannot apply to this metric (e.g. per head of a percentage)."""


@dataclass(frozen=True)
class MeasureSpec:
    metric_id: str
    area_codes: tuple[str, ...]
    prices: str = CASH
    base_year: str | None = None  # real-terms base; default the latest year with a deflator
    per_head: bool = False
    index_to: str | None = None
    first: str | None = None
    last: str | None = None
    supplied: str = BEST  # best (official, gaps filled by council figures), official or council


@dataclass(frozen=True)
class MeasureResult:
    frame: (
        pd.DataFrame
    )  # area_code, area_name, metric_id, period, value, unit, source_id, status, notes, reason, break_before
    unit_label: str  # what was applied, e.g. "£ per head, 2024-25 prices"
    base_year: str | None
    spec: MeasureSpec


def _with_reason(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    if REASON not in out:
        out[REASON] = ""
    return out


def per_head(values: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Divide by the same area's population for the same financial year."""
    out = _with_reason(values)
    pop = population.set_index([S.AREA_CODE, S.PERIOD])[S.VALUE]
    keys = pd.MultiIndex.from_frame(out[[S.AREA_CODE, S.PERIOD]])
    denom = pop.reindex(keys).to_numpy()
    missing = np.isnan(denom) | (denom <= 0)
    out[S.VALUE] = np.where(missing, np.nan, out[S.VALUE].to_numpy() / np.where(missing, 1, denom))
    out.loc[missing & (out[REASON] == ""), REASON] = "no population estimate for " + out[S.PERIOD]
    return out


def real_terms(values: pd.DataFrame, deflators: dict[str, float], base_year: str) -> pd.DataFrame:
    """Cash -> prices of `base_year` using the GDP deflator: value x D(base) / D(year)."""
    check_base_year(deflators, base_year)
    out = _with_reason(values)
    d = out[S.PERIOD].map(deflators).astype(float).to_numpy()
    missing = np.isnan(d)
    out[S.VALUE] = np.where(missing, np.nan, out[S.VALUE].to_numpy() * deflators[base_year] / np.where(missing, 1, d))
    out.loc[missing & (out[REASON] == ""), REASON] = "no GDP deflator for " + out[S.PERIOD]
    return out


def check_base_year(deflators: dict[str, float], base_year: str) -> None:
    """A real-terms base year needs a deflator: MeasureError naming the years there are."""
    if base_year not in deflators or pd.isna(deflators[base_year]):
        raise MeasureError(
            f"no GDP deflator for the base year {base_year}; choose a year between "
            f"{min(deflators)} and {max(deflators)}"
        )


def index_to(values: pd.DataFrame, base_period: str) -> pd.DataFrame:
    """Each area's series divided by its own value in `base_period`, times 100."""
    out = _with_reason(values)
    base = out[out[S.PERIOD] == base_period].set_index(S.AREA_CODE)[S.VALUE]
    denom = out[S.AREA_CODE].map(base).astype(float).to_numpy()
    missing = np.isnan(denom) | (denom == 0)
    out[S.VALUE] = np.where(missing, np.nan, out[S.VALUE].to_numpy() / np.where(missing, 1, denom) * 100)
    out.loc[missing & (out[REASON] == ""), REASON] = f"no value for the base year {base_period}"
    return out


def change_since(values: pd.DataFrame, base_period: str, to_period: str | None = None) -> pd.DataFrame:
    """Per area: value in the base year and in the latest (or given) year, absolute and % change."""
    rows = []
    for area, group in values.groupby(S.AREA_CODE, sort=False):
        group = S.with_values(group).sort_values(S.PERIOD)
        base = group[group[S.PERIOD] == base_period]
        end = group[group[S.PERIOD] == to_period] if to_period else group.tail(1)
        row = {
            S.AREA_CODE: area,
            "from_period": base_period,
            "to_period": to_period or (end[S.PERIOD].iloc[0] if len(end) else None),
            "from_value": np.nan,
            "to_value": np.nan,
            "change": np.nan,
            "pct_change": np.nan,
            REASON: "",
        }
        if base.empty:
            row[REASON] = f"no value for {base_period}"
        elif end.empty:
            row[REASON] = f"no value for {to_period}"
        else:
            a, b = float(base[S.VALUE].iloc[0]), float(end[S.VALUE].iloc[0])
            change, pct = change_between(a, b)
            row.update(from_value=a, to_value=b, change=change, pct_change=pct)
            if not a:
                row[REASON] = f"the {base_period} value is zero, so a percentage change has no meaning"
        rows.append(row)
    return pd.DataFrame(
        rows,
        columns=[S.AREA_CODE, "from_period", "to_period", "from_value", "to_value", "change", "pct_change", REASON],
    )


def change_between(a: float, b: float) -> tuple[float, float]:
    """(change, % change) from a to b; no % change from zero (NaN)."""
    return b - a, (b - a) / a * 100 if a else np.nan


def unit_label(
    unit: str, *, per_head_applied: bool, prices: str, base_year: str | None, index_base: str | None, money: bool
) -> str:
    label = UNIT_NAMES.get(unit, unit)
    if per_head_applied:
        label += " per head"
    if money:
        label += f", {base_year} prices" if prices == REAL else ", cash"
    if index_base:
        label = f"index, {index_base} = 100 ({label})"
    return label


def measure(store: Store, spec: MeasureSpec) -> MeasureResult:
    """Apply per head, real terms and index (in that order) to a metric for some areas."""
    base_year, label = resolved(store, spec)
    frame = rows_of(every_council(store, spec, base_year), spec.area_codes)
    if spec.first:
        frame = frame[frame[S.PERIOD] >= spec.first]
    if spec.last:
        frame = frame[frame[S.PERIOD] <= spec.last]
    if spec.index_to:
        frame = index_to(frame, spec.index_to).assign(**{S.UNIT: label})
    return MeasureResult(frame=frame.reset_index(drop=True), unit_label=label, base_year=base_year, spec=spec)


def resolved(store: Store, spec: MeasureSpec) -> tuple[str | None, str]:
    """(real-terms base year, unit label) of a measure, once it is checked that the measure applies to its metric."""
    metric = store.catalogue.metric(spec.metric_id)
    takes = Toggles.of(metric)
    if spec.per_head and not takes.per_head:
        raise MeasureError(
            f"{metric.title} cannot be shown per head (its unit is {UNIT_NAMES.get(metric.unit, metric.unit)})"
        )
    if spec.prices == REAL and not takes.real_terms:
        raise MeasureError(f"{metric.title} is not an amount of money, so it has no real-terms version")
    if spec.prices not in (CASH, REAL):
        raise MeasureError(f"prices must be 'cash' or 'real', not {spec.prices!r}")
    for label in (spec.first, spec.last, spec.base_year, spec.index_to):
        if label:
            FinancialYear.parse(label)
    base_year = (spec.base_year or store.latest_deflator_period()) if spec.prices == REAL else None
    if base_year is not None:
        check_base_year(store.deflator_index, base_year)
    label = unit_label(
        metric.unit,
        per_head_applied=spec.per_head,
        prices=spec.prices,
        base_year=base_year,
        index_base=spec.index_to,
        money=metric.money,
    )
    return base_year, label


def every_council(store: Store, spec: MeasureSpec, base_year: str | None) -> tuple[pd.DataFrame, dict]:
    """The measure (per head and real terms as `spec` asks, before any index) for every council and year, named
    and sorted by council and year, with each council's rows as a (start, stop) span: worked out once per store
    (Store.memo), so a council's figures are a slice (its text held as Python strings: `sliceable`). Per head and
    real terms work row by row, so a council's slice equals the measure worked out for that council alone."""
    key = MemoKey.measure(spec.metric_id, spec.prices, base_year, spec.per_head, spec.supplied)

    def build() -> tuple[pd.DataFrame, dict]:
        metric = store.catalogue.metric(spec.metric_id)
        frame = _with_reason(store.series(spec.metric_id, supplied=spec.supplied))
        if spec.per_head:
            frame = per_head(frame, store.series("population"))
        if spec.prices == REAL:
            frame = real_terms(frame, store.deflator_index, base_year)
        label = unit_label(
            metric.unit,
            per_head_applied=spec.per_head,
            prices=spec.prices,
            base_year=base_year,
            index_base=None,
            money=metric.money,
        )
        frame = frame.assign(**{S.UNIT: label})
        codes = frame[S.AREA_CODE]
        frame.insert(1, "area_name", codes.map(store.catalogue.area_names).fillna(codes))
        frame = sliceable(frame.sort_values([S.AREA_CODE, S.PERIOD]).reset_index(drop=True))
        return frame, area_spans(frame[S.AREA_CODE].to_numpy())

    return store.memo(key, build)


def spec_for(request, area_codes, **more) -> MeasureSpec:
    """The measure a view's request asks for (its metric, prices, base year, per head and index) for some areas."""
    return MeasureSpec(
        metric_id=request.metric_id,
        area_codes=tuple(area_codes),
        prices=request.prices,
        base_year=request.base_year,
        per_head=request.per_head,
        index_to=request.index_to,
        **more,
    )
