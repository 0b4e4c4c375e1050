"""The pack's layout, once: the order of headings, paragraphs, tables and figures that Word and PDF both write.

`blocks` walks the pack's description (kpi.views.pack.build) and returns a flat list of four kinds of block; the Word
and PDF writers only say how each kind looks in their format, so the two files cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from kpi.views.pack.build import Pack
from kpi.views.pack.tables import Table


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 0: the title; 1 and 2: headings


@dataclass(frozen=True)
class Para:
    text: str
    kind: str = "body"  # body, note (smaller, secondary) or fact (a line of the title block)
    label: str = ""  # a bold lead-in: "Summary:", "Council:"


@dataclass(frozen=True)
class TableBlock:
    table: Table
    caption: str  # numbered: "Table 2: ..."


@dataclass(frozen=True)
class Figure:
    image: bytes  # PNG at print resolution
    alt: str
    caption: str  # numbered: "Figure 1: ..."


Block = Heading | Para | TableBlock | Figure

INTRO = (
    "Every figure is from the official release or the council upload named beside it and in the sources "
    "appendix; council-supplied figures are marked council-supplied. A gap is shown as a gap, with its reason."
)
HEADLINE_NOTE = (
    "Change is from the base year, or from the first year with data after it (as the cell says); measures that "
    "are percentages change in percentage points. The comparator median is for the same year as the council's "
    "latest figure, over the comparators with a figure for that year. Bands are explained under Sources and "
    "methods."
)


class _Numbers:
    def __init__(self) -> None:
        self.tables = self.figures = 0

    def table(self, table: Table) -> TableBlock:
        self.tables += 1
        return TableBlock(table, f"Table {self.tables}: {table.caption}")

    def figure(self, image: bytes, alt: str, caption: str) -> Figure:
        self.figures += 1
        return Figure(image, alt, f"Figure {self.figures}: {caption}")


def blocks(pack: Pack, images: dict[str, bytes], *, no_images: str = "") -> list[Block]:
    """The pack in reading order. `images` holds each section's chart by key; `no_images` says why any is
    missing."""
    n = _Numbers()
    out: list[Block] = [Heading(pack.title.title, 0)]
    out += [Para(value, "fact", f"{label}:") for label, value in pack.title.facts]
    out += [Para(INTRO, "note"), Heading("Headline figures", 1), n.table(pack.headline_table())]
    out += [Para(HEADLINE_NOTE, "note"), Heading("In brief", 1)]
    out.append(Para(" ".join(pack.narrative) or "There are not enough figures for a summary."))
    out += [Para(pack.narrative_note, "note")] if pack.narrative_note else []
    out.append(Heading("The measures", 1))
    for section in pack.sections:
        out += _section(section, images, no_images, n)
    out += _options(pack, images, no_images, n)
    out += _plan(pack, n)
    out += [Heading("Council-supplied figures", 1), Para(pack.uploads_text)]
    out += [n.table(pack.uploads)] if pack.uploads else []
    out += _appendix(pack, n)
    return out


def _section(section, images: dict[str, bytes], no_images: str, n: _Numbers) -> list[Block]:
    out: list[Block] = [Heading(section.heading, 2)]
    if section.gap:
        out.append(Para(section.gap, "body", "No figures:"))
    elif section.key in images:
        out.append(n.figure(images[section.key], section.alt_text, section.caption))
    else:
        why = no_images or "the image was not made."
        out.append(Para(f"The chart could not be drawn here: {why} Its figures are in the table below.", "note"))
    if section.summary:
        out.append(Para(section.summary, "body", "Summary:"))
    if section.source_note:
        out.append(Para(section.source_note, "note"))
    if section.caveats:
        out.append(Para(section.caveats, "note", "Caveats:"))
    out += [n.table(t) for t in (section.table, section.actions) if t is not None]
    return out


def _options(pack: Pack, images: dict[str, bytes], no_images: str, n: _Numbers) -> list[Block]:
    """The reorganisation options, when the pack has some: the options, what each leaves out or counts twice, and a
    chart per measure and per option's council tax harmonisation, each with its figures."""
    part = pack.options
    if part is None:
        return []
    out: list[Block] = [Heading("Reorganisation options", 1), Para(part.intro), n.table(part.options)]
    out += [Para(text, "note", "Named:") for text in part.findings]
    for chart in part.charts:
        out.append(Heading(chart.heading, 2))
        if chart.key in images:
            out.append(n.figure(images[chart.key], chart.alt_text, chart.caption))
        else:
            why = no_images or "the image was not made."
            out.append(Para(f"The chart could not be drawn here: {why} Its figures are in the table below.", "note"))
        out += [Para(chart.summary, "body", "Summary:"), Para(chart.source_note, "note")]
        out += [Para(chart.caveats, "note", "Caveats:")] if chart.caveats else []
        out += [n.table(table) for table in chart.tables]
    return out


def _plan(pack: Pack, n: _Numbers) -> list[Block]:
    out: list[Block] = [Heading("Action plan", 1)]
    if pack.plan is None:
        return [*out, Para(pack.plan_text)]
    out += [Para(pack.plan.intro), n.table(pack.plan.counts), Para(pack.plan.overdue_text)]
    out += [n.table(pack.plan.overdue)] if pack.plan.overdue else []
    return out


def _appendix(pack: Pack, n: _Numbers) -> list[Block]:
    a = pack.appendix
    out: list[Block] = [Heading("Sources and methods", 1), Heading("Sources", 2), n.table(a.sources)]
    out += [Heading("Definitions and caveats", 2), n.table(a.definitions)]
    out.append(Heading("Series breaks and estimates", 2))
    notes = [*a.breaks, *a.estimates]
    out += [Para(text) for text in notes] or [Para("No series break, estimate or budget figure in this pack.")]
    out.append(Heading("Methods", 2))
    out += [Para(text) for text in a.methods]
    out.append(Heading("Licence and attribution", 2))
    out += [Para(text) for text in a.attribution]
    return out
