"""The profile's headline cards: what each shows, and the line under it (latest year and release, the span of
the change, units, basis, labels)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.calc.bands import judgement
from kpi.calc.measures import CASH, REAL
from kpi.core.formatting import format_count, format_pct, format_value, in_words, round_half_up
from kpi.core.periods import period_range


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
    latest_period: str  # the latest year with a figure, up to the end year asked for
    latest_value: float
    latest_status: str
    base_period: str
    base_value: float
    base_note: str  # the span of the change: "from 2010-11 to 2023-24", "from 2011-12 (first year with data) to ..."
    change: float
    pct_change: float
    points: bool  # change in percentage points (for measures that are percentages)
    series_break: bool  # the source or definition changes between the base year and the latest
    trend: tuple[tuple[str, float], ...]
    source_note: str
    sources: tuple[str, ...]
    council_supplied: bool = False  # some of the card's figures were uploaded by the council (not official)
    council_years: tuple[str, ...] = ()  # the years whose figure is council-supplied
    latest_release: str = ""  # the release the latest figure comes from
    years_behind: int = 0  # how far the latest year is behind the newest year any measure has
    newest: str = ""  # that newest year
    basis: str = ""  # what per head and real terms divide by: "per head of the mid-2011 and mid-2020 estimates; ..."

    @property
    def has_data(self) -> bool:
        return bool(self.latest_period)

    @property
    def behind(self) -> bool:
        """BEHIND_RULE (more than BEHIND_AFTER_YEARS years behind): flagged, so it does not read as current."""
        return self.years_behind > BEHIND_AFTER_YEARS

    @property
    def value_text(self) -> str:
        return format_value(self.latest_value, self.unit_label) if self.has_data else "no data"

    @property
    def direction(self) -> int:
        """1 up, -1 down, 0 where no change is shown or it is nil."""
        if not self.change_amount:
            return 0
        return 1 if self.change > 0 else -1 if self.change < 0 else 0

    @property
    def judgement(self) -> str:
        """The change "better" or "worse" by the measure's direction; "" for a context measure or no change."""
        return judgement(self.direction, self.polarity)

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


BEHIND_AFTER_YEARS = 2
# When a card is flagged as older figures: the one wording of the rule (the card's help, Data and methods).
BEHIND_RULE = f"more than {in_words(BEHIND_AFTER_YEARS)} years behind the newest figures in the dashboard"


def behind_note(card: Card) -> str:
    """What the flag under an older card says (Card.behind)."""
    return (
        f"the latest year here, {card.latest_period}, is {card.years_behind} years behind the newest figures in the "
        f"dashboard ({card.newest})."
    )


def card_caption(card: Card) -> str:
    """The line under a card: its latest year and release, the span of the change, units and labels."""
    status = f", {card.latest_status}" if card.latest_status else ""
    parts = [f"Latest {card.latest_period} ({card.latest_release}{status})" if card.latest_release else ""]
    parts += [f"change {card.base_note}" if card.change_amount else "", card.unit_label, card.basis]
    if card.series_break:
        parts.append("series break in between")
    if card.council_years:
        parts.append(f"council-supplied figures for {', '.join(card.council_years)} (not official statistics)")
    return " · ".join(p for p in parts if p)


def trend_text(card: Card) -> str:
    """The card's small trend line in words (its text alternative): the span, first and latest figures, and the
    lowest and highest years."""
    points = [(p, v) for p, v in card.trend if v == v]
    if len(points) < 2:
        return ""
    (first_p, first_v), (last_p, last_v) = points[0], points[-1]
    low_p, low_v = min(points, key=lambda pv: pv[1])
    high_p, high_v = max(points, key=lambda pv: pv[1])

    def fmt(value: float) -> str:
        return format_value(value, card.unit_label)

    return (
        f"Trend of {card.spec.label.lower()}, {first_p} to {last_p}: {fmt(first_v)} in {first_p}, "
        f"{fmt(last_v)} in {last_p}; lowest {fmt(low_v)} in {low_p}, highest {fmt(high_v)} in {high_p}."
    )


def trend_values(card: Card) -> list[float | None]:
    """The card's figures for every year from its first to its latest, None where a year has no figure."""
    if not card.trend:
        return []
    by_year = dict(card.trend)
    return [by_year.get(p) for p in period_range(card.trend[0][0], card.trend[-1][0])]
