"""The council profile: headline cards with the latest value, the change since a base year and a small trend."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.calc.measures import CASH, REAL, MeasureSpec, measure
from kpi.core import schema as S
from kpi.core.defaults import DEFAULT_BASE_YEAR
from kpi.core.formatting import format_count, format_pct, format_value, round_half_up
from kpi.core.provenance import UPLOAD_PREFIX
from kpi.data.store import Store
from kpi.views.citations import ExportText, export_text, source_note


@dataclass(frozen=True)
class CardSpec:
    key: str
    metric_id: str
    label: str
    prices: str = CASH
    per_head: bool = False
    optional: bool = False  # shown only when the council has data (FTE is council-supplied)


CARDS = (
    CardSpec("population", "population", "Population"),
    CardSpec("csp_cash", "core_spending_power", "Spending power, cash"),
    CardSpec("csp_real", "core_spending_power", "Spending power, real terms", prices=REAL),
    CardSpec("csp_per_head", "core_spending_power", "Spending power per head, real terms", prices=REAL, per_head=True),
    CardSpec("reserves", "reserves_pct_nre", "Reserves, % of net revenue spend"),
    CardSpec("debt", "debt_pct_csp", "Debt, % of spending power"),
    CardSpec("band_d", "band_d_council_tax", "Band D council tax"),
    CardSpec("fte", "fte", "Staff (full-time equivalent)", optional=True),
)


@dataclass(frozen=True)
class Card:
    spec: CardSpec
    unit_label: str
    polarity: str
    latest_period: str
    latest_value: float
    latest_status: str
    base_period: str
    base_value: float
    base_note: str  # "since 2010-11" or "since 2011-12 (first year with data)"
    change: float
    pct_change: float
    points: bool  # change in percentage points (for measures that are percentages)
    series_break: bool  # the source or definition changes between the base year and the latest
    trend: tuple[tuple[str, float], ...]
    source_note: str
    sources: tuple[str, ...]
    council_supplied: bool = False  # some of the card's figures were uploaded by the council (not official)

    @property
    def has_data(self) -> bool:
        return bool(self.latest_period)

    @property
    def value_text(self) -> str:
        return format_value(self.latest_value, self.unit_label) if self.has_data else "no data"

    @property
    def change_text(self) -> str:
        """ "+39,470 (+21.6%) since 2010-11"; percentages change in percentage points."""
        return f"{self.change_amount} {self.base_note}" if self.change_amount else ""

    @property
    def change_amount(self) -> str:
        """ "+39,470 (+21.6%)" or "+2.3 percentage points"."""
        if not self.has_data or not self.base_period or self.base_period == self.latest_period:
            return ""
        sign = "+" if self.change > 0 else "-" if self.change < 0 else ""
        if self.points:
            return f"{sign}{round_half_up(abs(self.change), 1):.1f} percentage points"
        if self.unit_label.startswith(("people", "FTE")):
            amount = format_count(self.change)
        else:
            amount = format_value(abs(self.change), self.unit_label)
        pct = f" ({sign}{format_pct(self.pct_change)})" if pd.notna(self.pct_change) else ""
        return f"{sign}{amount}{pct}"


@dataclass(frozen=True)
class Profile:
    area_code: str
    area_name: str
    since: str
    cards: tuple[Card, ...]
    export: ExportText | None = None  # what the table's download carries

    def table(self) -> pd.DataFrame:
        """The cards as a table (the text alternative and the CSV download)."""
        rows = [
            {
                "measure": c.spec.label,
                "metric_id": c.spec.metric_id,
                "unit": c.unit_label,
                "latest_year": c.latest_period,
                "latest_value": c.latest_value,
                "status": c.latest_status,
                "base_year": c.base_period,
                "base_value": c.base_value,
                "change": c.change,
                "change_pct": c.pct_change if not c.points else float("nan"),
                "series_break_in_between": c.series_break,
                "council_supplied": c.council_supplied,
            }
            for c in self.cards
        ]
        return pd.DataFrame(rows)


def _card(store: Store, spec: CardSpec, area_code: str, since: str) -> Card:
    metric = store.catalogue.metric(spec.metric_id)
    result = measure(
        store,
        MeasureSpec(metric_id=spec.metric_id, area_codes=(area_code,), prices=spec.prices, per_head=spec.per_head),
    )
    frame = result.frame.dropna(subset=[S.VALUE]).sort_values(S.PERIOD)
    nan = float("nan")
    if frame.empty:
        return Card(
            spec, result.unit_label, metric.polarity, "", nan, "", "", nan, "", nan, nan, False, False, (), "", ()
        )
    latest = frame.iloc[-1]
    on_or_after = frame[frame[S.PERIOD] >= since]
    if not on_or_after.empty and on_or_after[S.PERIOD].iloc[0] == since:
        base, note = on_or_after.iloc[0], f"since {since}"
    elif not on_or_after.empty:
        base = on_or_after.iloc[0]
        note = (
            f"since {base[S.PERIOD]} (first year with data after {since})"
            if (frame[S.PERIOD] < since).any()
            else f"since {base[S.PERIOD]} (first year with data)"
        )
    else:
        base, note = frame.iloc[0], f"since {frame[S.PERIOD].iloc[0]} (first year with data)"
    a, b = float(base[S.VALUE]), float(latest[S.VALUE])
    between = frame[(frame[S.PERIOD] > base[S.PERIOD]) & (frame[S.PERIOD] <= latest[S.PERIOD])]
    sources = sorted(frame[S.SOURCE_ID].unique().tolist())
    if spec.per_head:
        sources += sorted(store.series("population", [area_code])[S.SOURCE_ID].unique().tolist())
    if spec.prices == REAL:
        sources.append("ons_gdp_deflator_ybgb")
    return Card(
        spec=spec,
        unit_label=result.unit_label,
        polarity=metric.polarity,
        latest_period=str(latest[S.PERIOD]),
        latest_value=b,
        latest_status=str(latest[S.STATUS]),
        base_period=str(base[S.PERIOD]),
        base_value=a,
        base_note=note,
        change=b - a,
        pct_change=(b - a) / a * 100 if a else nan,
        points=metric.unit == "percent",
        series_break=bool(between["break_before"].any()),
        trend=tuple((str(p), float(v)) for p, v in zip(frame[S.PERIOD], frame[S.VALUE])),
        source_note=source_note(store, sources),
        sources=tuple(dict.fromkeys(sources)),
        council_supplied=bool(frame[S.SOURCE_ID].str.startswith(UPLOAD_PREFIX).any()),
    )


def profile(store: Store, area_code: str, *, since: str = DEFAULT_BASE_YEAR) -> Profile:
    cards = []
    for spec in CARDS:
        card = _card(store, spec, area_code, since or DEFAULT_BASE_YEAR)
        if spec.optional and not card.has_data:
            continue
        cards.append(card)
    name = store.catalogue.area_name(area_code)
    sources = tuple(dict.fromkeys(s for card in cards for s in card.sources))
    export = export_text(
        store,
        title=f"Council profile: {name}",
        subtitle="Headline figures: latest value and change since a base year",
        sources=sources,
        note="Sources: see Data and methods.",
    )
    return Profile(area_code, name, since or DEFAULT_BASE_YEAR, tuple(cards), export)
