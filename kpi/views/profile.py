"""The council profile: headline cards with the latest value up to an end year, the change from a base year to it,
and a small trend; each card dated by its latest year and release, and flagged when that year is old."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.calc.measures import REAL, MeasureSpec
from kpi.core import schema as S
from kpi.core.defaults import DEFAULT_BASE_YEAR
from kpi.core.periods import start_year
from kpi.core.provenance import UPLOAD_PREFIX, is_upload_source
from kpi.model.store import MemoKey, Store
from kpi.views.cards import CARDS, Card, CardSpec, card_caption
from kpi.views.citations import ExportText, export_text, latest_line_of, period_release, source_note
from kpi.views.council_figures import Figure, council_figures, council_sources
from kpi.views.narrative_words import mid_year


@dataclass(frozen=True)
class Profile:
    area_code: str
    area_name: str
    since: str
    cards: tuple[Card, ...]
    export: ExportText | None = None  # what the table's download carries
    to: str = ""  # the end year asked for ("" = the latest with data)

    def table(self) -> pd.DataFrame:
        """The cards as a table (the text alternative and the CSV download)."""
        rows = [
            {
                "measure": c.spec.label,
                "metric_id": c.spec.metric_id,
                "unit": c.unit_label,
                "basis": c.basis,
                "latest_year": c.latest_period,
                "latest_value": c.latest_value,
                "status": c.latest_status,
                "latest_release": c.latest_release,
                "years_behind_newest": c.years_behind if c.has_data else None,
                "base_year": c.base_period,
                "base_value": c.base_value,
                "change": c.change,
                "change_pct": c.pct_change if not c.points else float("nan"),
                "series_break_in_between": c.series_break,
                "council_supplied": c.council_supplied,
                "council_supplied_years": ", ".join(c.council_years),
            }
            for c in self.cards
        ]
        return pd.DataFrame(rows)


def _base(rows: list[Figure], since: str, end: str) -> tuple[Figure, str]:
    """The base year's figure and the span in words, naming both years."""
    on_or_after = [r for r in rows if r[0] >= since]
    if on_or_after and on_or_after[0][0] == since:
        return on_or_after[0], f"from {since} to {end}"
    if on_or_after:
        base = on_or_after[0]
        why = f"first year with data after {since}" if any(r[0] < since for r in rows) else "first year with data"
        return base, f"from {base[0]} ({why}) to {end}"
    return rows[0], f"from {rows[0][0]} (first year with data) to {end}"


def _basis(spec: CardSpec, base_year: str | None, first: str, last: str) -> str:
    """Which population and which price base a per-head or real-terms figure divides by."""
    parts = []
    if spec.per_head:
        years = mid_year(last) if first == last else f"{mid_year(first)} and {mid_year(last)}"
        parts.append(f"per head of the {years} population estimates (same year as each figure)")
    if spec.prices == REAL and base_year:
        parts.append(f"in {base_year} prices (ONS GDP deflator)")
    return "; ".join(parts)


def newest_period(store: Store) -> str:
    """The newest year any measure has an official figure for (worked out once per store)."""

    def build() -> str:
        best = store.best
        official = best[~best[S.SOURCE_ID].str.startswith(UPLOAD_PREFIX)]
        return str(official[S.PERIOD].max()) if len(official) else ""

    return store.memo(MemoKey.newest_period(), build)


def _card(store: Store, spec: CardSpec, area_code: str, since: str, to: str, newest: str) -> Card:
    metric = store.catalogue.metric(spec.metric_id)
    asked = MeasureSpec(spec.metric_id, (area_code,), prices=spec.prices, per_head=spec.per_head, last=to or None)
    rows, unit, base_year = council_figures(store, asked)
    nan = float("nan")
    if not rows:
        return Card(spec, unit, metric.polarity, "", nan, "", "", nan, "", nan, nan, False, False, (), "", ())
    latest = rows[-1]
    end = latest[0]
    base, span = _base(rows, since, end)
    a, b = base[1], latest[1]
    sources = sorted({str(r[2]) for r in rows})
    if spec.per_head:
        sources += council_sources(store, "population", area_code)
    if spec.prices == REAL:
        sources.append("ons_gdp_deflator_ybgb")
    council_years = tuple(r[0] for r in rows if is_upload_source(r[2]))
    return Card(
        spec=spec,
        unit_label=unit,
        polarity=metric.polarity,
        latest_period=end,
        latest_value=b,
        latest_status=str(latest[3]),
        base_period=base[0],
        base_value=a,
        base_note=span,
        change=b - a,
        pct_change=(b - a) / a * 100 if a else nan,
        points=metric.unit == "percent",
        series_break=any(r[4] for r in rows if base[0] < r[0] <= end),
        trend=tuple((r[0], r[1]) for r in rows),
        source_note=source_note(store, sources, latest=latest_line_of(store, end, [str(latest[2])])),
        sources=tuple(dict.fromkeys(sources)),
        council_supplied=bool(council_years),
        council_years=council_years,
        latest_release=period_release(store, str(latest[2]), end),
        years_behind=start_year(newest) - start_year(end) if newest else 0,
        newest=newest,
        basis=_basis(spec, base_year, base[0], end),
    )


def profile(store: Store, area_code: str, *, since: str = DEFAULT_BASE_YEAR, to: str = "") -> Profile:
    """The headline cards from `since` to `to` (default: the latest year each measure has); an end year not after
    the base year is ignored."""
    since = since or DEFAULT_BASE_YEAR
    to = to if to and to > since else ""
    cards = []
    newest = newest_period(store)
    for spec in CARDS:
        card = _card(store, spec, area_code, since, to, newest)
        if spec.optional and not card.has_data:
            continue
        cards.append(card)
    name = store.catalogue.area_name(area_code)
    sources = tuple(dict.fromkeys(s for card in cards for s in card.sources))
    span = f"from {since or DEFAULT_BASE_YEAR} to {to or 'the latest year'}"
    export = export_text(
        store,
        title=f"Council profile: {name}",
        subtitle=f"Headline figures: latest value up to the end year and change {span}",
        sources=sources,
        note="Latest figures: each row's latest_year and latest_release. Sources: see Data and methods.",
    )
    return Profile(area_code, name, since or DEFAULT_BASE_YEAR, tuple(cards), export, to)


__all__ = ["CARDS", "Card", "CardSpec", "Profile", "card_caption", "profile"]
