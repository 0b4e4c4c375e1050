"""Each option's council tax harmonisation as the page, the table and the pack show it: every part's Band D for the
new council's functions and tax base, and per proposed council the spread and what harmonising to the lowest, the
tax-base weighted average or the highest Band D would change the council tax raised by in the latest year."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.calc.options.council_tax import TARGETS, Harmonised, harmonise
from kpi.calc.options.model import OptionSet
from kpi.core.formatting import format_value
from kpi.model.store import Store
from kpi.views.citations import ExportText, export_text, latest_line_of, source_note

PART_COLUMNS = ["proposed_council", "council", "own_band_d", "county_band_d", "band_d", "tax_base"]
PART_COLUMNS += [f"to_{t}" for t in TARGETS]
SUM_COLUMNS = ["proposed_council", "period", "lowest", "average", "highest", "spread"]
SUM_COLUMNS += [f"to_{t}" for t in TARGETS] + ["reason"]
CAVEATS = (
    "Arithmetic on one year's figures, not a forecast: the tax base x the difference in Band D, summed over the "
    "parts, as if the new council had charged one Band D that year. Band D is for the new council's functions: a "
    "district's own element plus its county's (including the adult social care precept), a unitary's own; parish, "
    "police, fire and mayoral precepts are left out. Harmonising to the average keeps the total and moves each part "
    "up or down; the change a household sees depends on its band, its parish and its discounts."
)


@dataclass(frozen=True)
class TaxBlock:
    option: str
    period: str
    title: str
    subtitle: str
    parts: pd.DataFrame  # PART_COLUMNS: each part's Band D and tax base, and its change to each target, £ a year
    sums: pd.DataFrame  # SUM_COLUMNS: per proposed council
    summary: str
    source_note: str
    sources: tuple[str, ...]
    export: ExportText
    caveats: str = CAVEATS


def _pounds(value: float) -> float:
    """To the penny, without the -0.0 that rounding leaves on a nil sum."""
    return round(value, 2) + 0.0


def _rows(found: list[Harmonised]) -> tuple[pd.DataFrame, pd.DataFrame]:
    parts, sums = [], []
    for h in found:
        targets = h.targets if h.parts else {}
        for p in h.parts:
            changes = [_pounds(p.change(targets[t])) for t in TARGETS]
            parts.append([h.proposed, p.name, p.own, p.county, p.band_d, p.tax_base, *changes])
        numbers = [*targets.values(), h.spread, *(_pounds(h.change(t)) for t in TARGETS)] if h.parts else [None] * 7
        sums.append([h.proposed, h.period, *numbers, h.reason])
    sums_frame = pd.DataFrame(sums, columns=SUM_COLUMNS).astype(dict.fromkeys(SUM_COLUMNS[2:-1], float))
    return pd.DataFrame(parts, columns=PART_COLUMNS), sums_frame


def pence(value: float) -> str:
    """A Band D as set: £1,708.52."""
    return f"£{value:,.2f}"


def _said(h: Harmonised) -> str:
    if not h.parts:
        return f"{h.proposed}: not worked out, {h.reason}."
    if len(h.parts) == 1:
        return f"{h.proposed}: one part ({h.parts[0].name}), Band D {pence(h.parts[0].band_d)}; nothing to harmonise."
    band = {p.band_d: p.name for p in h.parts}
    t = h.targets
    return (
        f"{h.proposed}: Band D from {pence(t['lowest'])} ({band[t['lowest']]}) to {pence(t['highest'])} "
        f"({band[t['highest']]}), a spread of {pence(h.spread)}; one Band D at the lowest would raise "
        f"{format_value(-h.change('lowest'), '£')} less in the year, at the tax-base weighted average "
        f"({pence(t['average'])}) the same in total, at the highest {format_value(h.change('highest'), '£')} more."
    )


def tax_blocks(store: Store, options: OptionSet) -> tuple[TaxBlock, ...]:
    """A block per option."""
    found = harmonise(store, options)
    out = []
    for option in options.options:
        mine = [h for h in found if h.option == option.name]
        period = mine[0].period if mine else ""
        sources = tuple(dict.fromkeys(s for h in mine for s in h.sources))
        parts, sums = _rows(mine)
        title = f"Council tax harmonisation: {option.name}, {period or 'no year'}"
        subtitle = (
            "Band D for the new council's functions (£), by part under its proposed council: the district's element "
            "(hatched) on its county's, or a unitary's own; dash: the tax-base weighted average"
        )
        note = source_note(store, list(sources), latest=latest_line_of(store, period, sources, label="Figures for"))
        summary = f"{title}. " + " ".join(_said(h) for h in mine)
        export = export_text(store, title=title, subtitle=subtitle, sources=sources, note=note)
        out.append(TaxBlock(option.name, period, title, subtitle, parts, sums, summary, note, sources, export))
    return tuple(out)
