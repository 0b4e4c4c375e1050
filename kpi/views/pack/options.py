"""The pack's section on reorganisation options (when options are given): the options as sets of councils, what each
leaves out or counts twice, a chart per measure and per option's council tax harmonisation with its alternative text,
summary, source note and figures as tables. The figures are the Reorganisation page's (kpi.views.options)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kpi.calc.options.model import OptionSet
from kpi.core.formatting import format_value
from kpi.model.store import Store
from kpi.views.options.council_tax import TaxBlock, pence
from kpi.views.options.view import MeasureBlock, OptionsView, options_view
from kpi.views.pack.tables import Table

TAX_PARTS = ("Proposed council", "Council", "Own Band D", "County's Band D", "Band D", "Tax base (Band D equivalents)")
TAX_SUMS = ("Proposed council", "Lowest", "Tax-base weighted average", "Highest", "Spread")
TARGETS = ("To the lowest, £ a year", "To the average, £ a year", "To the highest, £ a year")


@dataclass(frozen=True)
class OptionsChart:
    key: str  # the image's key: "options:<measure id>" or "options:tax:<option>"
    heading: str
    alt_text: str
    caption: str
    summary: str
    source_note: str
    caveats: str
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class OptionsPart:
    intro: str
    findings: tuple[str, ...]
    options: Table
    charts: tuple[OptionsChart, ...]
    view: OptionsView = field(compare=False, repr=False)


def _money(value: float) -> str:
    return "" if value != value else format_value(value, "£")


def _chart(key: str, block: MeasureBlock | TaxBlock, *tables: Table) -> OptionsChart:
    """A chart of the section with its text: alternative text, caption, summary, source note, caveats, tables."""
    alt = f"Bar chart: {block.title}. {block.subtitle}. {block.summary}"
    return OptionsChart(key, block.title, alt, block.title, block.summary, block.source_note, block.caveats, tables)


def _measure(block: MeasureBlock) -> OptionsChart:
    rows = tuple(
        (o, p, format_value(v, block.unit_label) if v == v else "no figure", y, s, r or n)
        for o, p, v, y, s, n, r in block.table[
            ["option", "proposed_council", "value", "period", "status", "notes", "reason"]
        ].itertuples(index=False)
    )
    columns = (
        "Option",
        "Proposed council",
        f"Figure ({block.unit_label})",
        "Year",
        "Status",
        "How it was added up, or why there is none",
    )
    return _chart(f"options:{block.metric_id}", block, Table(f"The figures in the chart: {block.title}", columns, rows))


def _tax(block: TaxBlock) -> OptionsChart:
    parts = block.parts
    rows = tuple(
        (
            r.proposed_council,
            r.council,
            pence(r.own_band_d),
            pence(r.county_band_d),
            pence(r.band_d),
            f"{r.tax_base:,.1f}",
            _money(r.to_lowest),
            _money(r.to_average),
            _money(r.to_highest),
        )
        for r in parts.itertuples(index=False)
    )
    sums = tuple(
        (
            r.proposed_council,
            *(pence(v) if v == v else "" for v in (r.lowest, r.average, r.highest, r.spread)),
            *(_money(v) for v in (r.to_lowest, r.to_average, r.to_highest)),
        )
        if not r.reason
        else (r.proposed_council, f"not worked out: {r.reason}", "", "", "", "", "", "")
        for r in block.sums.itertuples(index=False)
    )
    return _chart(
        f"options:tax:{block.option}",
        block,
        Table(f"Each part's Band D and tax base, {block.option}", TAX_PARTS + TARGETS, rows),
        Table(f"One Band D for each proposed council, {block.option}", TAX_SUMS + TARGETS, sums, row_headers=True),
    )


def options_part(store: Store, options: OptionSet) -> OptionsPart:
    view = options_view(store, options)
    name = store.catalogue.area_name
    listed = tuple(
        (o.name, p.name, ", ".join(name(x.code) + (f" ({x.share:g}%)" if x.share is not None else "") for x in p.parts))
        for o, p in options.proposed
    )
    intro = (
        f"{len(options.options)} option(s) for the area of {', '.join(view.area)}: each a set of proposed councils "
        "made of current councils, with their figures added up as the Reorganisation page does."
    )
    charts = (*map(_measure, view.measures), *map(_tax, view.tax))
    return OptionsPart(
        intro=intro,
        findings=tuple(f"{f.option}: {f.text}" for f in view.findings),
        options=Table("The options", ("Option", "Proposed council", "Councils"), listed),
        charts=charts,
        view=view,
    )
