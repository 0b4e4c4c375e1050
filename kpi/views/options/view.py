"""What the Reorganisation page, `python -m kpi options` and the pack show of an option set: each measure's figures
for every proposed council in one year, with their source, release and text alternative; each option's council tax
harmonisation; the councils an option leaves out or counts twice; and the one table of a row per proposed council.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kpi.calc.options.model import Finding, OptionSet, area_councils, findings
from kpi.calc.options.sums import POPULATION, Figure, sums
from kpi.core.catalogue import UNIT_NAMES
from kpi.core.formatting import format_value
from kpi.core.periods import start_year
from kpi.model.store import Store
from kpi.views.cards import BEHIND_AFTER_YEARS
from kpi.views.citations import ExportText, export_text, latest_line_of, period_release, source_note
from kpi.views.narrative_words import mid_year, year_end
from kpi.views.options.council_tax import TaxBlock, tax_blocks
from kpi.views.options.table import wide_table
from kpi.views.profile import newest_period

GUIDE = 500_000  # the population guide of the English Devolution white paper (December 2024): context, not a score
GUIDE_TEXT = "the 500,000 guide in the English Devolution white paper (December 2024), shown as context"
UNIT_LABELS = {"council_tax_base": "Band D equivalents"}
FIGURE_COLUMNS = ["option", "proposed_council", "period", "value", "status", "source", "notes", "reason"]


@dataclass(frozen=True)
class MeasureBlock:
    metric_id: str
    title: str
    subtitle: str
    unit_label: str
    period: str
    table: pd.DataFrame  # FIGURE_COLUMNS: what the chart plots, a row per proposed council
    summary: str  # the chart's text alternative
    source_note: str
    caveats: str
    export: ExportText
    years_behind: int  # how far the year is behind the newest year any measure has
    newest: str
    guide: float | None = None  # a line drawn for context (population)

    @property
    def behind(self) -> bool:
        return self.years_behind > BEHIND_AFTER_YEARS


@dataclass(frozen=True)
class OptionsView:
    options: OptionSet
    area: tuple[str, ...]  # the area's councils, by name
    findings: tuple[Finding, ...]
    measures: tuple[MeasureBlock, ...]
    tax: tuple[TaxBlock, ...]
    table: pd.DataFrame  # a row per proposed council: the command line's CSV
    export: ExportText
    sources: tuple[str, ...] = ()  # every source behind a figure shown

    def measure(self, metric_id: str) -> MeasureBlock:
        return next(m for m in self.measures if m.metric_id == metric_id)


def when(metric: str, period: str, additive: str) -> str:
    """A year as the measure means it: population mid-2024, balances at 31 March 2024, other figures 2023-24."""
    if not period:
        return "no year"
    if metric == POPULATION:
        return mid_year(period)
    return year_end(period) if additive == "stock" else period


def _block(store: Store, metric_id: str, figures: list[Figure], newest: str) -> MeasureBlock:
    metric = store.catalogue.metric(metric_id)
    period = figures[0].period if figures else ""
    unit = UNIT_LABELS.get(metric_id, UNIT_NAMES.get(metric.unit, metric.unit))
    sources = sorted({s for f in figures for s in f.sources})
    releases = {s: period_release(store, s, period) for s in sources}
    table = pd.DataFrame(
        [
            (
                f.option,
                f.proposed,
                f.period,
                f.value,
                f.status,
                "; ".join(releases[s] for s in f.sources),
                f.notes,
                f.reason,
            )
            for f in figures
        ],
        columns=FIGURE_COLUMNS,
    )
    title = f"{metric.title} of the proposed councils, {when(metric_id, period, metric.additive)}"
    subtitle = f"{unit}; a bar for each proposed council, under its option"
    guide = GUIDE if metric_id == POPULATION else None
    if guide:
        subtitle += f"; dashed line: {GUIDE_TEXT}"
    if any(f.status == "estimated" for f in figures):
        subtitle += "; hatched bars include a share of a county or stated shares (estimated)"
    note = source_note(store, sources, latest=latest_line_of(store, period, sources, label="Figures for"))
    behind = start_year(newest) - start_year(period) if newest and period else 0
    summary = _summary(metric.title, when(metric_id, period, metric.additive), figures, unit, guide, behind, newest)
    export = export_text(store, title=title, subtitle=subtitle, sources=sources, note=note)
    return MeasureBlock(
        metric_id, title, subtitle, unit, period, table, summary, note, metric.caveats, export, behind, newest, guide
    )


def _summary(title, year, figures, unit, guide, behind, newest) -> str:
    """The chart in words: each proposed council's figure (or why it has none), and the guide as context."""
    said = []
    for f in figures:
        if f.value == f.value:
            text = f"{f.proposed} ({f.option}) {format_value(f.value, unit)}"
            if guide:
                gap = f.value - guide
                text += f", {format_value(abs(gap), unit)} {'above' if gap >= 0 else 'below'} the guide"
            said.append(text)
        else:
            said.append(f"{f.proposed} ({f.option}) no figure: {f.reason}")
    text = f"{title}, {year}: " + "; ".join(said) + "."
    if guide:
        text += f" The dashed line is {GUIDE_TEXT}, not a test."
    if behind > BEHIND_AFTER_YEARS:
        text += f" Older figures: {year} is {behind} years behind the newest figures in the dashboard ({newest})."
    return text


def options_view(store: Store, options: OptionSet) -> OptionsView:
    """The option set's figures, harmonisation and findings, as every output shows them."""
    newest = newest_period(store)
    figures = sums(store, options)
    measures = []
    for metric_id in dict.fromkeys(f.metric_id for f in figures):
        measures.append(_block(store, metric_id, [f for f in figures if f.metric_id == metric_id], newest))
    tax = tax_blocks(store, options)
    found = findings(store.catalogue, options)
    area = tuple(store.catalogue.area_name(c) for c in area_councils(store.catalogue, options))
    sources = sorted({s for f in figures for s in f.sources} | {s for t in tax for s in t.sources})
    title = f"Reorganisation options: {', '.join(o.name for o in options.options)}"
    subtitle = "A row per proposed council: each measure with its year, status, source and how it was added up"
    note = "Each figure's year and release are in its own columns. " + source_note(store, sources)
    return OptionsView(
        options=options,
        area=area,
        findings=found,
        measures=tuple(measures),
        tax=tax,
        table=wide_table(store, options, tuple(measures), tax, found),
        export=export_text(store, title=title, subtitle=subtitle, sources=sources, note=note),
        sources=tuple(sources),
    )
